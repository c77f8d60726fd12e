"""The control center (管控中心): the six things a leader sees at a glance (六个一目了然) for an org and a
period, and the alert counts, in one read.

Each view is a few of the org's indicator values (the active catalog indicators computed by the view's
named computations, so their thresholds colour them), each direct child's value of the view's headline
figure (a bar chart), and a chart of its own. The values come from one measure of the org and its children
over the period, which the contribution's score reuses; its trend measures the org alone over the earlier
periods. Stored values come first: the control center's round (schedule.py) keeps the open periods' values
and the closed periods' snapshots, so even the root's center reads values rather than computing a whole tree;
a value not stored is computed on demand under the org.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from domain.charts import Point, series
from domain.development.stats import funnel
from domain.indicators import alert_center, rules
from domain.indicators import measure as m
from domain.indicators.comparison import LEVEL_NAMES, NO_VALUE, Compared
from domain.indicators.evaluation import OrgScore, ranked
from domain.indicators.models import IndicatorSnapshot
from domain.indicators.periods import ReportPeriod, parse_period
from domain.indicators.values import visible_org
from domain.orgs.models import Organization
from domain.tasks.year_tally import tallied_progress

TREND_PERIODS = 4  # the asked period and the three before it


class GlanceViewKey(StrEnum):
    RESPONSIBILITY = "RESPONSIBILITY"
    SECRETARY_DUTY = "SECRETARY_DUTY"
    WORK_PROGRESS = "WORK_PROGRESS"
    CONTRIBUTION = "CONTRIBUTION"
    VITALITY = "VITALITY"
    DEVELOPMENT = "DEVELOPMENT"


@dataclass(frozen=True)
class View:
    title: str
    computations: tuple[str, ...]  # the first is the headline the children are compared by
    chart_title: str


VIEWS: dict[GlanceViewKey, View] = {
    GlanceViewKey.RESPONSIBILITY: View(
        "党委（党组）主体责任落实",
        ("TASKS_ACCEPTED_ON_TIME", "COMMITTEE_MEETING_HELD", "REELECTION_ON_TIME"),
        "下级组织各项指标的红黄绿分布",
    ),
    GlanceViewKey.SECRETARY_DUTY: View(
        "书记第一责任人职责履行",
        ("SECRETARY_LECTURE_GIVEN", "SECRETARY_LED_FIRST_AGENDA", "APPLICANT_TALK_ON_TIME"),
        "下级组织各项指标的红黄绿分布",
    ),
    GlanceViewKey.WORK_PROGRESS: View(
        "党建工作开展情况",
        ("TASKS_OVERDUE_RATE", "MILESTONES_ON_TIME", "BUDGET_USE"),
        "本年度组织级任务按状态分布",
    ),
    GlanceViewKey.CONTRIBUTION: View("党建工作贡献度", (), "绩效评价得分走势"),
    GlanceViewKey.VITALITY: View(
        "基层组织活力",
        ("MEETING_COMPLIANCE", "ATTENDANCE_RATE", "MEMBERS_INACTIVE_6M"),
        "下级组织各项指标的红黄绿分布",
    ),
    GlanceViewKey.DEVELOPMENT: View(
        "党员发展情况",
        ("CONVERSION_ON_TIME", "NEW_MEMBERS_ADMITTED", "ACTIVIST_REVIEW_ON_TIME"),
        "在办发展档案按阶段分布（发展漏斗）",
    ),
}


@dataclass(frozen=True)
class GlanceView:
    key: GlanceViewKey
    title: str
    figures: list[m.Measure]  # the org's own values, in the view's order
    children: list[Compared]  # the headline figure of each direct child it applies to, in tree order
    chart_title: str
    chart: list[Point]


@dataclass(frozen=True)
class Contribution:
    own: OrgScore
    trend: list[tuple[str, rules.Score]]  # (period key, score), oldest first, the asked period last
    children: list[OrgScore]  # best first


@dataclass(frozen=True)
class ControlCenter:
    org: Organization
    period: str
    views: list[GlanceView]  # every key but CONTRIBUTION, in GlanceViewKey order
    contribution: Contribution
    alerts: alert_center.Summary
    refreshed_at: datetime | None  # the latest snapshot of the period: stored values are as of then


async def control_center(
    session: AsyncSession, *, actor: Actor, org_id: int, period: str, today: date
) -> ControlCenter:
    asked = parse_period(period)
    org = await visible_org(session, actor, org_id)
    children = await m.living_children(session, org.id, asked)
    indicators = await m.active_indicators(session)
    measured = await m.measure(
        session, orgs=[org, *children], under_path=org.path, indicators=indicators, period=asked, today=today
    )
    charts = {
        GlanceViewKey.WORK_PROGRESS: (await tallied_progress(session, org.path, asked.year, today)).by_status,
        GlanceViewKey.DEVELOPMENT: await funnel(session, actor=actor, under_path=org.path, year=None),
    }
    views = [
        _view(key, org=org, children=children, measured=measured, chart=charts.get(key))
        for key in VIEWS
        if key is not GlanceViewKey.CONTRIBUTION
    ]
    scores = {o.id: OrgScore(o, rules.score(m.scored(measured[o.id])), measured[o.id]) for o in [org, *children]}  # type: ignore[index]
    trend = await _trend(session, org, indicators, asked, today)
    contribution = Contribution(
        scores[org.id], [*trend, (asked.key, scores[org.id].score)], ranked([scores[c.id] for c in children])
    )
    summary = await alert_center.summary(session, actor=actor, under_path=org.path)
    refreshed = select(func.max(col(IndicatorSnapshot.finished_at))).where(col(IndicatorSnapshot.period) == asked.key)
    return ControlCenter(org, asked.key, views, contribution, summary, await session.scalar(refreshed))


def _view(
    key: GlanceViewKey,
    *,
    org: Organization,
    children: Sequence[Organization],
    measured: dict[int, list[m.Measure]],
    chart: list[Point] | None,
) -> GlanceView:
    view = VIEWS[key]
    figures = _figures(view, measured[org.id])  # type: ignore[index]
    headline = view.computations[0]
    compared = [
        Compared(str(c.id), c.name, found)
        for c in children
        for found in _figures(view, measured[c.id])[:1]  # type: ignore[index]
        if found.indicator.computation == headline
    ]
    if chart is None:
        chart = _levels([f for c in children for f in _figures(view, measured[c.id])])  # type: ignore[index]
    return GlanceView(key, view.title, figures, compared, view.chart_title, chart)


def _figures(view: View, measures: Sequence[m.Measure]) -> list[m.Measure]:
    """The measures of the view's computations, in the view's order; the first indicator of each computation
    that applies (a catalog without one leaves that figure out)."""
    by_computation: dict[str, m.Measure] = {}
    for found in measures:
        by_computation.setdefault(found.indicator.computation or "", found)
    return [by_computation[c] for c in view.computations if c in by_computation]


def _levels(measures: Sequence[m.Measure]) -> list[Point]:
    counts: dict[str, int] = dict.fromkeys(LEVEL_NAMES, 0)
    for found in measures:
        counts[found.level or NO_VALUE] += 1
    return series([(key, label, counts[key]) for key, label in LEVEL_NAMES.items()])


async def _trend(
    session: AsyncSession, org: Organization, indicators: Sequence[Any], asked: ReportPeriod, today: date
) -> list[tuple[str, rules.Score]]:
    """The org's score over the periods before the asked one that it lived in, oldest first (closed periods
    read their snapshots when `zhdj indicators snapshot` stored them)."""
    periods = [asked.previous()]
    while len(periods) < TREND_PERIODS - 1:
        periods.append(periods[-1].previous())
    result = []
    for each in reversed(periods):
        if not m.living(org, each):
            continue
        found = await m.measure(
            session, orgs=[org], under_path=org.path, indicators=indicators, period=each, today=today
        )
        result.append((each.key, rules.score(m.scored(found[org.id]))))  # type: ignore[index]
    return result
