"""The subtree at a glance for organization life: every alert in one list, and the chart data (issue 5,
items 5 and 6). Each chart is computed only when selected."""

from typing import Annotated

import strawberry

from api.alerts import CURSOR_KEY, Alert, alert_page
from api.charts import SeriesPoint, series_from
from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.orglife.study_types import StudyTopic, topic_loader
from api.pagination import Connection
from api.permissions import Authenticated
from domain.alerts import AlertLevel
from domain.errors import DomainError
from domain.orglife import compliance_charts, config, study_coverage, term_reads
from domain.orglife.alerts import KINDS, org_life_alerts
from domain.orglife.enums import MeetingType
from domain.orglife.errors import OrgLifeError
from domain.orglife.periods import asked_range
from domain.orgs.reads import path_of
from domain.paging import page_request
from domain.timeutil import today


@strawberry.type(description="一类会议在统计期间的应开与实开")
class MeetingTypeTally:
    meeting_type: MeetingType = strawberry.field(description="会议类型")
    label: str = strawberry.field(description="会议类型的中文名")
    required: int = strawberry.field(description="应召开的（组织 × 周期）数")
    held: int = strawberry.field(description="已按要求召开的（组织 × 周期）数")
    rate: float | None = strawberry.field(description="完成率（百分数，一位小数）；无要求时为空")


@strawberry.type(description="一个学习专题的第一议题覆盖情况")
class TopicCoverage:
    topic_db_id: strawberry.Private[int]
    expected: int = strawberry.field(description="应学组织数")
    studied: int = strawberry.field(description="已学组织数")
    percent: float = strawberry.field(description="覆盖率（百分数，一位小数）")

    @strawberry.field(description="学习专题")
    async def topic(self, info: ZInfo) -> StudyTopic | None:
        return await topic_loader(info).load(self.topic_db_id)


@strawberry.type(description="组织生活的图表数据：一个组织及其下级在统计期间的情况")
class OrgLifeCharts:
    under_path: strawberry.Private[str]
    year: strawberry.Private[int]
    quarter: strawberry.Private[int | None]
    month: strawberry.Private[int | None]

    @strawberry.field(description="各类会议应开与实开的对比")
    async def meetings_by_type(self, info: ZInfo) -> list[MeetingTypeTally]:
        async with info.context.sessions() as session:
            found = await compliance_charts.held_vs_required(
                session,
                actor=info.context.require_actor(),
                under_path=self.under_path,
                year=self.year,
                quarter=self.quarter,
                month=self.month,
                today=today(),
            )
        return [MeetingTypeTally(**t.__dict__) for t in found]

    @strawberry.field(description="期间内各次会议出席率的分布（低于60%、60%至80%、80%至90%、90%至100%、100%）")
    async def attendance_distribution(self, info: ZInfo) -> list[SeriesPoint]:
        async with info.context.sessions() as session:
            points = await compliance_charts.attendance_distribution(
                session,
                actor=info.context.require_actor(),
                under_path=self.under_path,
                year=self.year,
                quarter=self.quarter,
                month=self.month,
            )
        return series_from(points)

    @strawberry.field(description="当年下发（或下发到本组织）的各学习专题的第一议题覆盖率")
    async def study_coverage(self, info: ZInfo) -> list[TopicCoverage]:
        async with info.context.sessions() as session:
            found = await study_coverage.coverage_by_topic(
                session, actor=info.context.require_actor(), under_path=self.under_path, year=self.year
            )
        return [
            TopicCoverage(topic_db_id=c.topic_id, expected=c.expected, studied=c.studied, percent=c.percent)
            for c in found
        ]

    @strawberry.field(description="换届状态的组织数：任期内、即将到期、已超期、无任期记录（按今天计）")
    async def reelection_status(self, info: ZInfo) -> list[SeriesPoint]:
        async with info.context.sessions() as session:
            rules = await config.current_rules(session)
            points = await term_reads.reelection_counts(
                session, actor=info.context.require_actor(), under_path=self.under_path, rules=rules, today=today()
            )
        return series_from(points)


def _check_kinds(kinds: list[str] | None) -> None:
    unknown = sorted(set(kinds or ()) - KINDS)
    if unknown:
        raise DomainError(OrgLifeError.INVALID_ALERT_KIND, f"未知的预警类别：{', '.join(unknown)}", field=["kinds"])


@strawberry.type
class OrgLifeQueries:
    @strawberry.field(
        description="组织生活的预警（换届、应开会议、第一议题学习、连续 6 个月未参加组织生活），严重的、早到期的在前；"
        "只含你有权查看的",
        permission_classes=[Authenticated],
    )
    async def org_life_alerts(
        self,
        info: ZInfo,
        *,
        under: Annotated[strawberry.ID, strawberry.argument(description="这个组织及其下级的预警")],
        level: Annotated[AlertLevel | None, strawberry.argument(description="只要该级别的")] = None,
        kinds: Annotated[
            list[str] | None,
            strawberry.argument(
                description="只要这些类别的：REELECTION_DUE, MEETING_MISSING, MEETING_DUE_SOON, "
                "STUDY_TOPIC_OVERDUE, STUDY_TOPIC_DUE_SOON, MEMBER_NO_ORG_LIFE"
            ),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[Alert]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after, key=CURSOR_KEY)
            under_id = decode_id(under, "Organization", "under")
            _check_kinds(kinds)
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            under_path = await path_of(session, under_id) or "/0/"
            rules = await config.current_rules(session)
            found = await org_life_alerts(
                session, actor=actor, under_path=under_path, rules=rules, today=today(), kinds=kinds
            )
        return alert_page(found, request, level)

    @strawberry.field(
        description="组织生活的图表数据：会议应开与实开、出席率分布、第一议题覆盖率、换届状态",
        permission_classes=[Authenticated],
    )
    async def org_life_charts(
        self,
        info: ZInfo,
        under: Annotated[strawberry.ID, strawberry.argument(description="统计这个组织及其下级")],
        year: Annotated[int, strawberry.argument(description="年份")],
        quarter: Annotated[int | None, strawberry.argument(description="季度（1–4），与月份二选一")] = None,
        month: Annotated[int | None, strawberry.argument(description="月份（1–12），与季度二选一")] = None,
    ) -> OrgLifeCharts:
        try:
            under_id = decode_id(under, "Organization", "under")
            asked_range(year, quarter, month)  # a bad period is refused up front, not by each chart
            async with info.context.sessions() as session:
                under_path = await path_of(session, under_id) or "/0/"
        except DomainError as error:
            raise_query_error(error)
        return OrgLifeCharts(under_path=under_path, year=year, quarter=quarter, month=month)
