"""The configurable rules of organization life: alert windows and meeting frequencies, read by everyone,
changed by ADMIN alone (updateOrgLifeRules)."""

from typing import Annotated

import strawberry

import api.orglife.enums  # noqa: F401 - described before these types use them
from api.context import ZInfo
from api.errors import UserError
from api.mutations import run_mutation
from api.permissions import Authenticated
from domain.orglife import config
from domain.orglife.enums import MeetingType, Period
from domain.orglife.rules import OrgLifeRules as Values
from domain.orglife.rules import Requirement
from domain.orgs.models import OrgType


@strawberry.type(description="一类组织召开一类会议的频次要求")
class MeetingRequirement:
    meeting_type: MeetingType = strawberry.field(description="会议类型")
    org_type: OrgType = strawberry.field(description="组织类型")
    period: Period = strawberry.field(description="周期")
    min_count: int = strawberry.field(description="每个周期至少召开的次数")


@strawberry.input(description="一类组织召开一类会议的频次要求")
class MeetingRequirementInput:
    meeting_type: MeetingType = strawberry.field(description="会议类型")
    org_type: OrgType = strawberry.field(description="组织类型")
    period: Period = strawberry.field(description="周期")
    min_count: int = strawberry.field(default=1, description="每个周期至少召开的次数（默认 1）")


@strawberry.type(description="组织生活的规则：会议频次和各项预警窗口")
class OrgLifeRules:
    reelection_alert_months: int = strawberry.field(description="任期届满前几个月开始换届提醒（默认 6）")
    meeting_alert_numerator: int = strawberry.field(description="本期过去几分之几仍未开会时黄色提醒：分子（默认 2）")
    meeting_alert_denominator: int = strawberry.field(description="同上：分母（默认 3）")
    study_alert_days: int = strawberry.field(description="学习专题期限前几天开始提醒（默认 14）")
    inactive_months: int = strawberry.field(description="连续几个月未参加组织生活即预警（默认 6）")
    term_adjust_max_months: int = strawberry.field(description="换届提前或延期的上限，月（默认 12）")
    branch_committee_min_full_members: int = strawberry.field(description="正式党员达到几人的支部须设支委会（默认 7）")
    requirements: list[MeetingRequirement] = strawberry.field(description="会议频次要求；未列出的不作要求")
    version: int = strawberry.field(description="版本号，修改时须带上")


@strawberry.input(description="修改组织生活的规则")
class OrgLifeRulesInput:
    version: int = strawberry.field(description="读取时的版本号")
    reelection_alert_months: int = strawberry.field(description="任期届满前几个月开始换届提醒")
    meeting_alert_numerator: int = strawberry.field(description="本期过去几分之几仍未开会时黄色提醒：分子")
    meeting_alert_denominator: int = strawberry.field(description="同上：分母")
    study_alert_days: int = strawberry.field(description="学习专题期限前几天开始提醒")
    inactive_months: int = strawberry.field(description="连续几个月未参加组织生活即预警")
    term_adjust_max_months: int = strawberry.field(description="换届提前或延期的上限，月")
    branch_committee_min_full_members: int = strawberry.field(description="正式党员达到几人的支部须设支委会")
    requirements: list[MeetingRequirementInput] | None = strawberry.field(
        default=None, description="会议频次要求的完整列表（替换现有的）；不给则保持不变"
    )

    def values(self) -> Values:
        return Values(**{k: getattr(self, k) for k in Values.__dataclass_fields__})

    def required(self) -> tuple[Requirement, ...] | None:
        if self.requirements is None:
            return None
        return tuple(Requirement(r.meeting_type, r.org_type, r.period, r.min_count) for r in self.requirements)


@strawberry.type(description="修改组织生活规则的结果")
class OrgLifeRulesPayload:
    rules: OrgLifeRules | None = strawberry.field(description="修改后的规则；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因；成功时为空列表")


async def _read(info: ZInfo) -> OrgLifeRules:
    async with info.context.sessions() as session:
        values = await config.current_rules(session)
        found = await config.requirements(session)
        version = await config.rules_version(session)
    required = [
        MeetingRequirement(meeting_type=r.meeting_type, org_type=r.org_type, period=r.period, min_count=r.min_count)
        for r in found
    ]
    return OrgLifeRules(**values.__dict__, requirements=required, version=version)


@strawberry.type
class OrgLifeRulesQueries:
    @strawberry.field(description="组织生活的规则（会议频次和预警窗口）", permission_classes=[Authenticated])
    async def org_life_rules(self, info: ZInfo) -> OrgLifeRules:
        return await _read(info)


@strawberry.type
class OrgLifeRulesMutations:
    @strawberry.mutation(description="修改组织生活的规则（仅系统管理员）", permission_classes=[Authenticated])
    async def update_org_life_rules(
        self, info: ZInfo, input: Annotated[OrgLifeRulesInput, strawberry.argument(description="输入")]
    ) -> OrgLifeRulesPayload:
        actor = info.context.require_actor()
        row, errors = await run_mutation(
            info,
            lambda s: config.update_rules(
                s, actor=actor, values=input.values(), required=input.required(), version=input.version
            ),
        )
        return OrgLifeRulesPayload(rules=await _read(info) if row is not None else None, errors=errors)
