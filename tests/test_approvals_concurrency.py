"""Two approvers decide the same step at the same moment, on two real connections: exactly one decision is
recorded and the plan is distributed once; the other approver is told the step is decided.

This needs committed rows that two transactions contend for, so it runs on a database of its own (made,
migrated and dropped here) rather than inside the test's rolled-back transaction.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, make_url, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlmodel import col

from authz.roles import Role
from domain import migrate
from domain.accounts.models import User
from domain.approvals import service
from domain.approvals.enums import Decision
from domain.approvals.models import ApprovalDecision, ApprovalRequest
from domain.db import create_engine
from domain.errors import DomainError
from domain.settings import Settings
from domain.tasks.models import Assignment, Plan
from domain.timeutil import today
from tests.conftest import BACKEND, POSTGRES_URL
from tests.fixtures import Builder
from tests.tasks_support import TaskTree, sent_plan, task_tree

pytestmark = pytest.mark.skipif(
    BACKEND != "postgresql", reason="SQLite takes one writer at a time: two deciders can never overlap there"
)


@pytest.fixture
async def committed() -> AsyncIterator[AsyncEngine]:
    name = f"zhdj_race_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False))
    try:
        await migrate.upgrade(engine)
        yield engine
    finally:
        await engine.dispose()
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def race(
    tree: TaskTree, sessions: async_sessionmaker[AsyncSession], request_id: int, users: list[User], step: int | None
) -> list[str]:
    """Both approvers hold an open transaction before either decides; then both decide at once."""
    ready = asyncio.Barrier(len(users))

    async def decide(user: User) -> str:
        actor = await tree.ledger.actor(user)
        async with sessions() as session, session.begin():
            await session.execute(text("SELECT 1"))
            await ready.wait()
            try:
                await service.decide(
                    session,
                    actor=actor,
                    request_id=request_id,
                    decision=Decision.APPROVE,
                    comment=None,
                    step=step,
                    today=today(),
                )
            except DomainError as error:
                return str(error.code)
        return "OK"

    return list(await asyncio.gather(*(decide(u) for u in users)))


@pytest.mark.parametrize("step", [1, None], ids=["seen-step", "no-step"])
async def test_two_approvers_at_once_make_one_decision(
    committed: AsyncEngine, settings: Settings, step: int | None
) -> None:
    sessions = async_sessionmaker(committed, expire_on_commit=False)
    build = Builder(sessions=sessions, settings=settings)
    tree = await task_tree(build)
    other = await build.user("root.secretary2", grants=[(Role.SECRETARY, tree.ledger.root, True)])
    plan = await sent_plan(tree)
    async with sessions() as session:
        request_id = await session.scalar(
            select(col(ApprovalRequest.id)).where(col(ApprovalRequest.subject_id) == plan.id)
        )
    assert request_id is not None

    outcomes = await race(tree, sessions, request_id, [tree.root_secretary, other], step)

    assert sorted(outcomes) == ["ALREADY_DECIDED", "OK"]
    async with sessions() as session:
        decisions = await session.scalar(
            select(func.count()).select_from(ApprovalDecision).where(col(ApprovalDecision.request_id) == request_id)
        )
        assignments = await session.scalar(
            select(func.count()).select_from(Assignment).where(col(Assignment.plan_id) == plan.id)
        )
        approved = await session.get(Plan, plan.id)
    assert (decisions, assignments) == (1, 2)
    assert approved is not None and (approved.status, approved.revision) == ("APPROVED", 1)
