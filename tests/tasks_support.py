"""The tree the task tests share, and the snapshot of every task and approval table.

集团党委 > 第一党支部 > 第一党小组, 集团党委 > 第二党支部 (tests.members_support.ledger), with: the ledger's
ORG_ADMIN of 集团党委 (drafts plans, accepts work), a SECRETARY of 集团党委 (approves its plans by the
default route), the ledger's SECRETARY of 第一党支部, and a SECRETARY of 第二党支部.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from authz.roles import Role
from domain.accounts.models import User
from domain.approvals.models import ApprovalDecision, ApprovalRequest, ApprovalRoute
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
