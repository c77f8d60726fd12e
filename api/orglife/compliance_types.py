"""Compliance, attendance and inactivity as the schema shows them: thin maps of domain/orglife results."""

from datetime import date
from typing import Any

import strawberry

import api.orglife.enums  # noqa: F401 - described before these types use them
from api.context import ZInfo
from api.members.types import Member, member_from_row
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from api.pagination import Connection
from domain.charts import rate
from domain.orglife import compliance, compliance_engine
from domain.orglife.enums import MeetingType, Period, PeriodStatus


@strawberry.type(description="一个统计周期内某类会议的召开情况")
class PeriodCompliance:
    label: str = strawberry.field(description="周期名称，如“2026年第3季度”“2026年11月”")
    starts_on: date = strawberry.field(description="周期的第一天")
    ends_on: date = strawberry.field(description="周期的最后一天")
    held: int = strawberry.field(description="该周期内召开的次数")
    status: PeriodStatus = strawberry.field(description="召开情况：已召开、缺失、即将到期未召开、本期尚未召开")


@strawberry.type(description="一个组织的一项会议要求在所查期间的落实情况")
class RequirementCompliance:
    result: strawberry.Private[compliance_engine.RequirementResult]
    meeting_type: MeetingType = strawberry.field(description="会议类型")
    period: Period = strawberry.field(description="要求的周期")
    min_count: int = strawberry.field(description="每个周期至少召开的次数")
    required: int = strawberry.field(description="所查期间内须召开的周期数（已开始的周期）")
    held: int = strawberry.field(description="其中已按要求召开的周期数")
    missing: int = strawberry.field(description="其中已结束而未召开的周期数")

    @strawberry.field(description="各个周期的情况，按时间先后")
    def periods(self) -> list[PeriodCompliance]:
        return [
            PeriodCompliance(
                label=p.span.label, starts_on=p.span.start, ends_on=p.span.end, held=p.held, status=p.status
            )
            for p in self.result.periods
        ]


def _requirement(result: compliance_engine.RequirementResult) -> RequirementCompliance:
    return RequirementCompliance(
        result=result,
        meeting_type=result.meeting_type,
        period=result.period,
        min_count=result.min_count,
        required=result.required,
        held=result.held,
        missing=result.missing,
    )


@strawberry.type(description="一个组织在所查期间的三会一课落实情况")
class OrgCompliance:
    found: strawberry.Private[compliance_engine.OrgCompliance]
    required: int = strawberry.field(description="须召开的周期数（各项要求合计，含本期）")
    held: int = strawberry.field(description="已按要求召开的周期数")
    missing: int = strawberry.field(description="已结束而未召开的周期数")
    compliant: bool = strawberry.field(description="是否没有缺失（本期尚未到期的不算缺失）")
    rate: float | None = strawberry.field(description="完成率：已召开 / 须召开，百分数一位小数；无要求时为空")

    @strawberry.field(description="组织")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.found.org.id)

    @strawberry.field(description="各项会议要求的落实情况；所查期间无要求的不列出")
    def items(self) -> list[RequirementCompliance]:
        return [_requirement(item) for item in self.found.items]


def org_compliance_from(found: compliance_engine.OrgCompliance) -> OrgCompliance:
    return OrgCompliance(
        found=found,
        required=found.required,
        held=found.held,
        missing=found.missing,
        compliant=found.compliant,
        rate=found.rate,
    )


@strawberry.type(description="整个组织及其下级在所查期间的三会一课落实情况汇总")
class ComplianceSummary:
    organizations: int = strawberry.field(description="统计的组织数")
    compliant: int = strawberry.field(description="没有缺失的组织数")
    required: int = strawberry.field(description="须召开的周期数合计")
    held: int = strawberry.field(description="已按要求召开的周期数合计")
    missing: int = strawberry.field(description="已结束而未召开的周期数合计")
    rate: float | None = strawberry.field(description="完成率：已召开 / 须召开，百分数一位小数；无要求时为空")


def summary_from(found: compliance.Summary) -> ComplianceSummary:
    return ComplianceSummary(**found.__dict__)


@strawberry.type(description="一页组织的三会一课落实情况，附整个范围的汇总")
class OrgComplianceConnection(Connection[OrgCompliance]):
    summary: ComplianceSummary = strawberry.field(description="所查范围内全部组织的汇总（不只本页）")


@strawberry.type(description="一名党员在所查期间参加组织生活的情况")
class MemberAttendance:
    member: Member = strawberry.field(description="党员")
    due: int = strawberry.field(description="应参加的会议次数")
    present: int = strawberry.field(description="实际出席的次数")
    rate: float | None = strawberry.field(description="出席率：出席 / 应参加，百分数一位小数；无应参加的会议时为空")
    last_present_on: date | None = strawberry.field(description="所查期间最近一次出席的日期")


def attendance_from_row(row: Any) -> MemberAttendance:
    due, present = int(row.due or 0), int(row.present or 0)
    return MemberAttendance(
        member=member_from_row(row),
        due=due,
        present=present,
        rate=rate(present, due),
        last_present_on=row.last_present_on,
    )


@strawberry.type(description="连续多月未参加组织生活的党员（自行脱党风险）")
class InactiveMember:
    member: Member = strawberry.field(description="党员")
    last_present_on: date | None = strawberry.field(description="最近一次参加组织生活的日期；从未参加时为空")


def inactive_from_row(row: Any) -> InactiveMember:
    return InactiveMember(member=member_from_row(row), last_present_on=row.last_present_on)
