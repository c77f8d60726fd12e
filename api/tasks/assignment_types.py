"""The Assignment type (下达到组织或分解到党员的任务) and what hangs on it: reports, reviews, key steps."""

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.enums import described_enum
from api.errors import UserError
from api.ids import to_global_id
from api.loaders import loader
from api.members.loaders import member_loader
from api.members.types import Member
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from api.tasks.plan_item_types import PlanItem, assignment_item_loader
from api.tasks.plan_types import Plan, plan_loader
from domain.money import yuan
from domain.tasks import assignment_reads as reads
from domain.tasks.enums import ASSIGNMENT_STATUS_LABELS, AssignmentStatus

# Described here, once, before any type uses it (api/enums.py): the to-do lists import this module.
described_enum(AssignmentStatus, description="任务的执行状态", labels=ASSIGNMENT_STATUS_LABELS)


@strawberry.type(description="佐证材料（文件的元数据；文件本身另行存放）")
class Evidence:
    name: str = strawberry.field(description="文件名")
    size: int = strawberry.field(description="大小（字节）")
    checksum: str = strawberry.field(description="SHA-256 校验值（小写十六进制）")
    content_type: str = strawberry.field(description="文件类型 (MIME)")


@strawberry.type(description="一次进度填报")
class ProgressReport:
    percent: int = strawberry.field(description="填报时达到的进度（百分数）")
    note: str | None = strawberry.field(description="进展说明")
    spent: Decimal = strawberry.field(description="自上次填报以来的支出（元）")
    evidence: list[Evidence] = strawberry.field(description="佐证材料")
    reported_at: datetime = strawberry.field(description="填报时间 (UTC)")


@strawberry.type(description="一次验收、退回或取消")
class AssignmentReview:
    outcome: AssignmentStatus = strawberry.field(description="结果：ACCEPTED 验收、RETURNED 退回、CANCELLED 取消")
    reason: str | None = strawberry.field(description="退回或取消的理由")
    decided_at: datetime = strawberry.field(description="时间 (UTC)")


@strawberry.type(description="任务的一个关键节点及其完成情况")
class AssignmentMilestone:
    id: strawberry.ID = strawberry.field(description="关键节点的全局 ID（填报进度时在 milestonesDone 中引用）")
    title: str = strawberry.field(description="关键节点")
    due_on: date = strawberry.field(description="节点日期")
    done_on: date | None = strawberry.field(description="填报完成的日期；未完成时为空")


@strawberry.type(description="任务：计划中的一项任务下达到一个执行组织（组织任务），或由组织分解给一名党员（子任务）")
class Assignment(Node):
    db_id: strawberry.Private[int]
    org_db_id: strawberry.Private[int]
    item_db_id: strawberry.Private[int]
    plan_db_id: strawberry.Private[int]
    parent_db_id: strawberry.Private[int | None]
    member_db_id: strawberry.Private[int | None]
    title: str = strawberry.field(description="任务名称（随计划修订同步）")
    status: AssignmentStatus = strawberry.field(description="执行状态")
    percent: int = strawberry.field(description="进度（百分数，0 到 100，只增不减）")
    starts_on: date = strawberry.field(description="开始日期")
    due_on: date = strawberry.field(description="完成期限")
    budget: Decimal = strawberry.field(description="预算（元）")
    spent: Decimal = strawberry.field(description="已支出（元）；组织任务含其子任务的支出")
    overspent: bool = strawberry.field(description="支出超过预算（允许，但需关注）")
    note: str | None = strawberry.field(description="分解时对党员提出的要求（子任务）")
    year: int = strawberry.field(description="计划年度")
    plan_title: str = strawberry.field(description="所属计划的名称")
    submitted_at: datetime | None = strawberry.field(description="最近一次提交验收的时间 (UTC)")
    accepted_on: date | None = strawberry.field(description="验收日期")
    return_reason: str | None = strawberry.field(description="最近一次退回的理由")
    cancel_reason: str | None = strawberry.field(description="取消的理由")
    version: int = strawberry.field(description="版本号，修改时原样传回")

    @strawberry.field(description="执行组织（子任务为其所属组织）；无权查看该组织时为空")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="承担子任务的党员；组织任务为空")
    async def assignee(self, info: ZInfo) -> Member | None:
        return None if self.member_db_id is None else await member_loader(info).load(self.member_db_id)

    @strawberry.field(description="所属计划；无权查看该计划时为空（如下级组织看上级的计划；名称见 planTitle）")
    async def plan(self, info: ZInfo) -> Plan | None:
        return await plan_loader(info).load(self.plan_db_id)

    @strawberry.field(description="计划中的这项任务（计划条目：目标、管理部门、关键节点等）")
    async def item(self, info: ZInfo) -> PlanItem | None:
        return await assignment_item_loader(info).load(self.item_db_id)

    @strawberry.field(description="子任务所属的组织任务；组织任务为空")
    async def parent(self, info: ZInfo) -> "Assignment | None":
        return None if self.parent_db_id is None else await assignment_loader(info).load(self.parent_db_id)

    @strawberry.field(description="分解给党员的子任务，完成期限早的在前（党员只看到自己的）")
    async def parts(self, info: ZInfo) -> list["Assignment"]:
        return await parts_loader(info).load(self.db_id)

    @strawberry.field(description="进度填报，新的在前")
    async def reports(self, info: ZInfo) -> list[ProgressReport]:
        rows = await _hanging(info, "reports", reads.reports_of).load(self.db_id)
        return [
            ProgressReport(
                percent=r.percent,
                note=r.note,
                spent=yuan(r.spent_fen),
                evidence=[
                    Evidence(name=e["name"], size=e["size"], checksum=e["checksum"], content_type=e["contentType"])
                    for e in r.evidence
                ],
                reported_at=r.reported_at,
            )
            for r in rows
        ]

    @strawberry.field(description="验收、退回和取消的记录，早的在前")
    async def reviews(self, info: ZInfo) -> list[AssignmentReview]:
        rows = await _hanging(info, "reviews", reads.reviews_of).load(self.db_id)
        return [
            AssignmentReview(outcome=AssignmentStatus(r.outcome), reason=r.reason, decided_at=r.decided_at)
            for r in rows
        ]

    @strawberry.field(description="关键节点及其完成情况，按顺序")
    async def milestones(self, info: ZInfo) -> list[AssignmentMilestone]:
        rows = await _hanging(info, "milestones", reads.milestones_of).load(self.db_id)
        return [
            AssignmentMilestone(
                id=strawberry.ID(to_global_id("PlanMilestone", r.id)), title=r.title, due_on=r.due_on, done_on=r.done_on
            )
            for r in rows
        ]


def assignment_from_row(row: Any) -> Assignment:
    """From a row of assignment_reads.assignment_rows (the assignment with its plan's title)."""
    return Assignment(
        id=strawberry.ID(to_global_id("Assignment", row.id)),
        db_id=row.id,
        org_db_id=row.organization_id,
        item_db_id=row.item_id,
        plan_db_id=row.plan_id,
        parent_db_id=row.parent_id,
        member_db_id=row.assignee_member_id,
        title=row.title,
        status=AssignmentStatus(row.status),
        percent=row.percent,
        starts_on=row.starts_on,
        due_on=row.due_on,
        budget=yuan(row.budget_fen),
        spent=yuan(row.spent_fen),
        overspent=row.spent_fen > row.budget_fen,
        note=row.note,
        year=row.year,
        plan_title=row.plan_title,
        submitted_at=row.submitted_at,
        accepted_on=row.accepted_on,
        return_reason=row.return_reason,
        cancel_reason=row.cancel_reason,
        version=row.version,
    )


async def _assignments(info: ZInfo, ids: Sequence[int]) -> list[Assignment | None]:
    # Outside the actor's reach an assignment reads as absent, exactly like one that does not exist.
    async with info.context.sessions() as session:
        found = await reads.by_ids(session, actor=info.context.require_actor(), ids=ids)
    return [assignment_from_row(found[i]) if i in found else None for i in ids]


def assignment_loader(info: ZInfo) -> DataLoader[int, Assignment | None]:
    return loader(info, "tasks.assignment", _assignments)


async def _parts(info: ZInfo, ids: Sequence[int]) -> list[list[Assignment]]:
    async with info.context.sessions() as session:
        found = await reads.parts_of(session, actor=info.context.require_actor(), parent_ids=ids)
    return [[assignment_from_row(r) for r in found.get(i, [])] for i in ids]


def parts_loader(info: ZInfo) -> DataLoader[int, list[Assignment]]:
    return loader(info, "tasks.assignment_parts", _parts)


def _hanging(info: ZInfo, name: str, read: Any) -> DataLoader[int, list[Any]]:
    """Rows hanging on assignments the actor has already been shown (so no scope of their own)."""

    async def batch(info: ZInfo, ids: Sequence[int]) -> list[list[Any]]:
        async with info.context.sessions() as session:
            found = await read(session, ids)
        return [found.get(i, []) for i in ids]

    return loader(info, f"tasks.assignment_{name}", batch)


@strawberry.type(description="任务变更的结果")
class AssignmentPayload:
    assignment: Assignment | None = strawberry.field(description="变更后的任务；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败的原因；成功时为空列表")
