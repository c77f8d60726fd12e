"""Where the unified alert center's alerts come from: every area's own alert computation, run for the whole
tree, and the red indicator values of each indicator's latest closed period.

The scan runs as a system actor holding one global AUDITOR grant, built in memory: AUDITOR reads every
area (policy.csv) and writes nothing, so the areas' own scoped reads see the whole tree and nothing here
could change a row through them. No user row backs it; it never reaches the audit trail as a user.
"""

from collections.abc import Awaitable, Callable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor, GrantScope
from authz.roles import Role
from domain.alerts import Alert, AlertLevel
from domain.development import service as development_service
from domain.development.alerts import KINDS as DEVELOPMENT_KINDS
from domain.development.alerts import development_alerts
from domain.indicators.enums import Unit
from domain.indicators.models import Indicator, IndicatorValue
from domain.indicators.periods import parse_period
from domain.orglife import config as orglife_config
from domain.orglife.alerts import KINDS as ORG_LIFE_KINDS
from domain.orglife.alerts import org_life_alerts
from domain.orgs.models import Organization
from domain.tasks import alerts as task_alerts
from domain.tasks import config as task_config
from domain.tasks.enums import ALERT_KIND_LABELS as TASK_KIND_LABELS

WHOLE_TREE = "/"
INDICATOR_RED = "INDICATOR_RED"
SYSTEM_ACTOR = Actor(
    user_id=0,
    username="system:alert-scan",
    grants=(GrantScope(grant_id=0, role=Role.AUDITOR, organization_id=None, org_path=None, subtree=True),),
)
KIND_LABELS: dict[str, str] = {
    "DEVELOPMENT_TALK_DUE": "入党申请人谈话到期",
    "DEVELOPMENT_REVIEW_DUE": "入党积极分子考察到期",
    "DEVELOPMENT_APPROVAL_OVERDUE": "发展党员审批逾期",
    "DEVELOPMENT_CONVERSION_DUE": "预备党员转正到期",
    "REELECTION_DUE": "换届到期",
    "MEETING_MISSING": "应开会议未召开",
    "MEETING_DUE_SOON": "应开会议即将到期",
    "STUDY_TOPIC_OVERDUE": "第一议题学习逾期",
    "STUDY_TOPIC_DUE_SOON": "第一议题学习即将到期",
    "MEMBER_NO_ORG_LIFE": "党员连续 6 个月未参加组织生活",
    **{str(kind): label for kind, label in TASK_KIND_LABELS.items()},
    INDICATOR_RED: "绩效指标处于红色区间",
}
AREAS = {
    **{kind: "DEVELOPMENT" for kind in DEVELOPMENT_KINDS.values()},
    **{kind: "ORG_LIFE" for kind in ORG_LIFE_KINDS},
    **{str(kind): "TASKS" for kind in task_alerts.SOURCES},
    INDICATOR_RED: "INDICATORS",
}
_SUFFIX = {
    Unit.PERCENT: "%",
    Unit.COUNT: " 个",
    Unit.YUAN: " 元",
    Unit.DAYS: " 天",
    Unit.HOURS: " 小时",
    Unit.SCORE: " 分",
}


async def _development(session: AsyncSession, today: date) -> list[Alert]:
    rules = await development_service.current_rules(session)
    found = await development_alerts(session, actor=SYSTEM_ACTOR, under_path=WHOLE_TREE, rules=rules, today=today)
    return list(found)


async def _org_life(session: AsyncSession, today: date) -> list[Alert]:
    rules = await orglife_config.current_rules(session)
    return await org_life_alerts(session, actor=SYSTEM_ACTOR, under_path=WHOLE_TREE, rules=rules, today=today)


async def _tasks(session: AsyncSession, today: date) -> list[Alert]:
    # Each source read whole: the scan is the one reader that wants every task alert, not a page of them.
    q = task_alerts.Query(
        actor=SYSTEM_ACTOR, under_path=WHOLE_TREE, rules=await task_config.current_rules(session), today=today
    )
    found: list[Alert] = []
    for build, make in task_alerts.SOURCES.values():
        found += [make(row, q) for row in await session.execute(build(q))]
    return found


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"  # 62.5000 -> 62.5, 95.0000 -> 95


async def _red_indicators(session: AsyncSession, today: date) -> list[Alert]:
    """One alert per red value of each active indicator's latest closed period with stored values (the
    values of a period still running are the round's refreshes: a warning on the dashboard, not yet a
    judgement). An indicator's values all share its period kind, so the greatest key is the latest."""
    values, indicators, orgs = IndicatorValue.__table__.c, Indicator.__table__.c, Organization.__table__.c  # type: ignore[attr-defined]
    latest: dict[int, str] = {}
    for indicator_id, period in await session.execute(select(values.indicator_id, values.period).distinct()):
        if parse_period(period).end < today and period > latest.get(indicator_id, ""):
            latest[indicator_id] = period
    if not latest:
        return []
    chosen = or_(*(and_(values.indicator_id == i, values.period == p) for i, p in latest.items()))
    statement = (
        select(
            values.indicator_id,
            values.organization_id,
            values.period,
            values.value,
            indicators.name,
            indicators.unit,
            indicators.green,
            orgs.name.label("org"),
        )
        .join(Indicator.__table__, indicators.id == values.indicator_id)  # type: ignore[attr-defined]
        .join(Organization.__table__, orgs.id == values.organization_id)  # type: ignore[attr-defined]
        .where(chosen, values.level == AlertLevel.RED, indicators.active.is_(True), orgs.dissolved_on.is_(None))
    )
    found = []
    for row in await session.execute(statement):
        suffix = _SUFFIX.get(row.unit, "")
        shown = "无数据" if row.value is None else f"{_plain(row.value)}{suffix}"
        title = f"{row.org}：指标“{row.name}”{row.period} 为 {shown}，处于红色区间（目标 {_plain(row.green)}{suffix}）"
        due_on = parse_period(row.period).end
        found.append(
            Alert(AlertLevel.RED, INDICATOR_RED, title, due_on, row.organization_id, "Indicator", row.indicator_id)
        )
    return found


SOURCES: dict[str, Callable[[AsyncSession, date], Awaitable[list[Alert]]]] = {
    "DEVELOPMENT": _development,
    "ORG_LIFE": _org_life,
    "TASKS": _tasks,
    "INDICATORS": _red_indicators,
}


async def gather(session: AsyncSession, *, today: date) -> dict[str, list[Alert]]:
    """Every area's alerts for the whole tree, by area."""
    return {area: await source(session, today) for area, source in SOURCES.items()}


def org_paths_statement() -> Any:
    orgs = Organization.__table__.c  # type: ignore[attr-defined]
    return select(orgs.id, orgs.path)
