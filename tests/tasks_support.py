"""The tree the task tests share, and the snapshot of every task and approval table.

集团党委 > 第一党支部 > 第一党小组, 集团党委 > 第二党支部 (tests.members_support.ledger), with: the ledger's
ORG_ADMIN of 集团党委 (drafts plans, accepts work), a SECRETARY of 集团党委 (approves its plans by the
default route), the ledger's SECRETARY of 第一党支部, and a SECRETARY of 第二党支部.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from authz.roles import Role
from domain.accounts.models import User
from domain.approvals.models import ApprovalDecision, ApprovalRequest, ApprovalRoute
from domain.orgs.models import Organization
from domain.tasks.models import (
    Assignment,
    AssignmentMilestone,
    AssignmentReview,
    Plan,
    PlanItem,
    PlanItemExecutor,
    PlanMilestone,
    ProgressReport,
    TaskRulesRow,
    TaskTemplate,
)
from domain.timeutil import today
from tests.fixtures import Builder
from tests.members_support import Ledger, ledger

TABLES: tuple[Any, ...] = (
    TaskTemplate,
    Plan,
    PlanItem,
    PlanItemExecutor,
    PlanMilestone,
    Assignment,
    ProgressReport,
    AssignmentMilestone,
    AssignmentReview,
    TaskRulesRow,
    ApprovalRoute,
    ApprovalRequest,
    ApprovalDecision,
)


@dataclass
class TaskTree:
    ledger: Ledger
    root_secretary: User
    branch2_secretary: User

    @property
    def build(self) -> Builder:
        return self.ledger.build

    def token(self, user: User) -> str:
        return self.ledger.token(user)

    async def rows(self) -> list[tuple[Any, ...]]:
        """Every row of every task and approval table, every column: a refusal leaves them as they were."""
        found: list[tuple[Any, ...]] = []
        async with self.build.sessions() as session:
            for model in TABLES:
                table = model.__table__
                rows = await session.execute(select(table).order_by(table.c.id))
                found.extend((table.name, *row) for row in rows)
        return found


async def task_tree(build: Builder) -> TaskTree:
    books = await ledger(build)
    return TaskTree(
        ledger=books,
        root_secretary=await build.user("root.secretary", grants=[(Role.SECRETARY, books.root, True)]),
        branch2_secretary=await build.user("branch2.secretary", grants=[(Role.SECRETARY, books.branch2, True)]),
    )


async def sent_plan(
    tree: TaskTree, *, org: Organization | None = None, by: User | None = None, title: str = "年度党建工作计划"
) -> Plan:
    """A plan of `org` drafted by `by` (the ORG_ADMIN) with one item, and published: PENDING, its approval
    request waiting. The plan of 集团党委 (the default) is executed by 第一党支部 and 第二党支部, any other
    by its own org. Written through the domain (the approval tests
    start where publishing ends); its one item is inserted as rows, as addPlanItems would leave them."""
    from domain.tasks import plans  # registers the PLAN subject

    actor = await tree.ledger.actor(by or tree.ledger.org_admin)
    org_id, on = (org or tree.ledger.root).id, today()
    executors = (tree.ledger.branch, tree.ledger.branch2) if org is None else (org,)
    assert org_id is not None
    async with tree.build.sessions() as session, session.begin():
        plan = await plans.create_plan(
            session, actor=actor, organization_id=org_id, year=on.year, title=title, today=on
        )
        assert plan.id is not None
        item = PlanItem(
            plan_id=plan.id,
            position=1,
            title="开展主题党日活动",
            category="THEME_EDUCATION",
            starts_on=date(on.year, 1, 1),
            due_on=date(on.year, 12, 31),
            budget_fen=100000,
        )
        session.add(item)
        await session.flush()
        assert item.id is not None
        for executor in executors:
            assert executor.id is not None
            session.add(PlanItemExecutor(item_id=item.id, organization_id=executor.id))
        return await plans.publish_plan(session, actor=actor, plan_id=plan.id, version=plan.version, today=on)
