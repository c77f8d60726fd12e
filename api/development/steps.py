"""A file's timeline: its recorded steps with their details, loaded for a whole page in one statement."""

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

import api.development.enums  # noqa: F401 - described before any type uses them
from api.context import ZInfo
from api.ids import to_global_id
from api.loaders import loader
from domain.development import reads
from domain.development.enums import STEP_LABELS, DevelopmentStep


@strawberry.type(description="支部党员大会对一名发展对象或预备党员的表决")
class VoteCounts:
    entitled: int = strawberry.field(description="应到会有表决权的正式党员数")
    present: int = strawberry.field(description="实到人数")
    yes: int = strawberry.field(description="赞成")
    no: int = strawberry.field(description="反对")
    abstain: int = strawberry.field(description="弃权")


@strawberry.type(description="一个步骤的具体内容；各步骤只填与其相关的项")
class StepDetails:
    talker: str | None = strawberry.field(description="谈话人（第 2 步）")
    contact_ids: list[strawberry.ID] | None = strawberry.field(description="培养联系人，党员 ID（第 5 步）")
    introducer_ids: list[strawberry.ID] | None = strawberry.field(description="入党介绍人，党员 ID（第 9 步）")
    review: str | None = strawberry.field(description="考察意见（第 6 步）")
    political_review_result: str | None = strawberry.field(description="政治审查结论（第 10 步）")
    training_days: int | None = strawberry.field(description="集中培训天数（第 11 步）")
    training_hours: int | None = strawberry.field(description="集中培训学时（第 11 步）")
    vote: VoteCounts | None = strawberry.field(description="表决情况（第 15、23 步）")
    special_reason: str | None = strawberry.field(description="超过 3 个月审批的特殊原因（第 17 步）")
    note: str | None = strawberry.field(description="备注")


@strawberry.type(description="已记录的一个发展步骤")
class DevelopmentStepRecord:
    step: DevelopmentStep = strawberry.field(description="步骤")
    number: int = strawberry.field(description="步骤序号，1 到 25")
    on: date = strawberry.field(description="日期")
    details: StepDetails = strawberry.field(description="具体内容")
    created_at: datetime = strawberry.field(description="记录时间 (UTC)")

    @strawberry.field(description="步骤名称，如“第2步 党组织派人谈话”")
    def label(self) -> str:
        return STEP_LABELS[self.step]


def _members(ids: list[int] | None) -> list[strawberry.ID] | None:
    return [strawberry.ID(to_global_id("Member", i)) for i in ids] if ids is not None else None


def step_from_row(row: Any) -> DevelopmentStepRecord:
    d: dict[str, Any] = row.details or {}
    vote = d.get("vote")
    return DevelopmentStepRecord(
        step=DevelopmentStep(row.step),
        number=row.number,
        on=row.done_on,
        created_at=row.created_at,
        details=StepDetails(
            talker=d.get("talker"),
            contact_ids=_members(d.get("contact_ids")),
            introducer_ids=_members(d.get("introducer_ids")),
            review=d.get("review"),
            political_review_result=d.get("political_review_result"),
            training_days=d.get("training_days"),
            training_hours=d.get("training_hours"),
            vote=VoteCounts(**vote) if vote else None,
            special_reason=d.get("special_reason"),
            note=d.get("note"),
        ),
    )


async def _steps(info: ZInfo, file_ids: Sequence[int]) -> list[list[DevelopmentStepRecord]]:
    async with info.context.sessions() as session:
        found = await reads.steps_of(session, file_ids=file_ids)
    return [[step_from_row(row) for row in found.get(file_id, [])] for file_id in file_ids]


def steps_loader(info: ZInfo) -> DataLoader[int, list[DevelopmentStepRecord]]:
    return loader(info, "development.steps", _steps)
