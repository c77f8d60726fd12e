from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

import api.development.enums
import api.members.enums  # noqa: F401 - both areas' enums, described before these types use them
from api.context import ZInfo
from api.development.steps import DevelopmentStepRecord, steps_loader
from api.errors import UserError
from api.ids import to_global_id
from api.loaders import loader
from api.members.loaders import member_loader
from api.members.types import Member
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from domain.development import rules
from domain.development.enums import DevelopmentStage, DevelopmentStep
from domain.development.service import current_rules
from domain.members import enums


async def _rules(info: ZInfo, keys: Sequence[int]) -> list[rules.DevelopmentRules]:
    async with info.context.sessions() as session:
        found = await current_rules(session)
    return [found for _ in keys]


def rules_loader(info: ZInfo) -> DataLoader[int, rules.DevelopmentRules]:
    """The configurable rules, read once per request (the key is ignored)."""
    return loader(info, "development.rules", _rules)


@strawberry.type(description="发展党员档案：一人从递交入党申请书到转正（或终止）的全过程；身份证号和电话脱敏")
class DevelopmentFile(Node):
    db_id: strawberry.Private[int]
    org_db_id: strawberry.Private[int]
    member_db_id: strawberry.Private[int | None]
    name: str = strawberry.field(description="姓名")
    gender: enums.Gender = strawberry.field(description="性别")
    ethnicity: enums.Ethnicity = strawberry.field(description="民族")
    birth_date: date = strawberry.field(description="出生日期")
    id_number: str = strawberry.field(description="身份证号（脱敏：前 6 后 4）")
    phone: str | None = strawberry.field(description="联系电话（脱敏：前 3 后 4）")
    education: enums.Education | None = strawberry.field(description="学历")
    category: enums.Category = strawberry.field(description="人员类别")
    applied_on: date = strawberry.field(description="递交入党申请书的日期")
    stage: DevelopmentStage = strawberry.field(description="当前阶段")
    late_talk: bool = strawberry.field(description="谈话是否晚于申请后 1 个月（允许记录，但标记）")
    extension_months: int | None = strawberry.field(description="预备期延长的月数（只能延长一次）")
    extension_reason: str | None = strawberry.field(description="延长预备期的原因")
    closed_on: date | None = strawberry.field(description="终止日期")
    closed_reason: str | None = strawberry.field(description="终止原因")
    version: int = strawberry.field(description="版本号")
    created_at: datetime = strawberry.field(description="建档时间 (UTC)")
    updated_at: datetime = strawberry.field(description="最后修改时间 (UTC)")

    @strawberry.field(description="所在党支部")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="接收为预备党员后在党员台账中的记录；不在你的权限范围内时为空")
    async def member(self, info: ZInfo) -> Member | None:
        return await member_loader(info).load(self.member_db_id) if self.member_db_id else None

    @strawberry.field(description="已记录的步骤，按步骤顺序（时间线）")
    async def steps(self, info: ZInfo) -> list[DevelopmentStepRecord]:
        return await steps_loader(info).load(self.db_id)

    @strawberry.field(
        description="预备期届满日期：支部党员大会讨论接收之日（第 15 步）起 1 年，加上延长的月数；接收为预备党员前为空"
    )
    async def probation_ends_on(self, info: ZInfo) -> date | None:
        if self.member_db_id is None:  # not admitted (step 17) yet
            return None
        steps = await steps_loader(info).load(self.db_id)
        meeting = next((s.on for s in steps if s.step == DevelopmentStep.ADMISSION_VOTE), None)
        if meeting is None:
            return None
        return rules.probation_ends_on(meeting, self.extension_months, await rules_loader(info).load(0))


def file_from_row(row: Any) -> DevelopmentFile:
    """From a Core row or an ORM object alike."""
    return DevelopmentFile(
        id=strawberry.ID(to_global_id("DevelopmentFile", row.id)),
        db_id=row.id,
        org_db_id=row.organization_id,
        member_db_id=row.member_id,
        name=row.name,
        gender=enums.Gender(row.gender),
        ethnicity=enums.Ethnicity(row.ethnicity),
        birth_date=row.birth_date,
        id_number=row.id_number_masked,
        phone=row.phone_masked,
        education=enums.Education(row.education) if row.education else None,
        category=enums.Category(row.category),
        applied_on=row.applied_on,
        stage=DevelopmentStage(row.stage),
        late_talk=row.late_talk,
        extension_months=row.extension_months,
        extension_reason=row.extension_reason,
        closed_on=row.closed_on,
        closed_reason=row.closed_reason,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@strawberry.type(description="发展档案变更的结果")
class DevelopmentFilePayload:
    file: DevelopmentFile | None = strawberry.field(description="变更后的发展档案；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因；成功时为空列表")


@strawberry.type(description="发展党员的可配置规则（默认值为党章和《发展党员工作细则》的规定）")
class DevelopmentRules:
    talk_within_months: int = strawberry.field(description="递交申请后应在几个月内谈话（默认 1）")
    activist_min_months: int = strawberry.field(description="入党积极分子至少培养几个月才能确定为发展对象（默认 12）")
    training_min_days: int = strawberry.field(description="集中培训至少几天（默认 3）")
    training_min_hours: int = strawberry.field(description="或集中培训至少几个学时（默认 24）")
    approval_max_months: int = strawberry.field(description="支部大会后上级党委审批的期限，月（默认 3）")
    approval_special_max_months: int = strawberry.field(description="有特殊原因时的审批期限，月（默认 6）")
    probation_months: int = strawberry.field(description="预备期，月（默认 12）")
    extension_min_months: int = strawberry.field(description="延长预备期至少几个月（默认 6）")
    extension_max_months: int = strawberry.field(description="延长预备期至多几个月（默认 12）")
    review_every_months: int = strawberry.field(description="培养教育考察的周期，月（默认 6）")
    conversion_alert_days: int = strawberry.field(description="预备期满前几天开始提醒转正（默认 30）")
    review_alert_days: int = strawberry.field(description="培养教育考察到期前几天开始提醒（默认 30）")
    version: int = strawberry.field(description="版本号，修改时须带上")


def rules_from(values: rules.DevelopmentRules, version: int) -> DevelopmentRules:
    return DevelopmentRules(**values.__dict__, version=version)


@strawberry.type(description="修改发展规则的结果")
class DevelopmentRulesPayload:
    rules: DevelopmentRules | None = strawberry.field(description="修改后的规则；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因；成功时为空列表")
