"""Reporting a value (填报): an org's value of a REPORTED or IMPORTED indicator for one period.

One row per indicator, org and period: a second report for the same period corrects the first, carrying
the version the reporter read (a stale one is refused). The period must be the indicator's own kind or a
longer one (a monthly indicator may be reported for a quarter, never a yearly one for a month), and must
have begun: nobody reports a quarter that has not started.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain import audit
from domain.errors import CommonError, DomainError, forbidden, stale_version
from domain.indicators import rules
from domain.indicators.enums import Source
from domain.indicators.errors import IndicatorError
from domain.indicators.measure import applies
from domain.indicators.models import Indicator, IndicatorValue
from domain.indicators.periods import parse_period
from domain.indicators.values import visible_org
from domain.orglife.enums import PERIOD_MONTHS, Period
from domain.texts import optional_text
from domain.timeutil import utcnow

NOTE_MAX = 1000


@dataclass(frozen=True)
class Report:
    indicator_code: str
    organization_id: int
    period: str
    value: Decimal
    note: str | None = None
    version: int | None = None  # the version read, to correct an existing report


async def report_value(session: AsyncSession, *, actor: Actor, report: Report, today: date) -> IndicatorValue:
    audit.note(session, object_type="IndicatorValue")
    asked = parse_period(report.period)
    org = await visible_org(session, actor, report.organization_id)
    audit.note(session, org_id=org.id, org_path=org.path)
    if not AUTHORIZER.can(actor, org.path, Resource.INDICATOR, Action.WRITE):
        raise forbidden("无权为该组织填报指标")
    indicator = (
        await session.execute(
            select(Indicator).where(col(Indicator.code) == report.indicator_code, col(Indicator.active).is_(True))
        )
    ).scalar_one_or_none()
    if indicator is None:
        raise DomainError(
            IndicatorError.UNKNOWN_INDICATOR, f"指标“{report.indicator_code}”不存在或已停用", field=["indicatorCode"]
        )
    if indicator.source == Source.COMPUTED:
        raise DomainError(
            IndicatorError.INDICATOR_NOT_REPORTED, f"“{indicator.name}”由系统计算，不能填报", field=["indicatorCode"]
        )
    if not applies(indicator, org.type):
        raise DomainError(
            IndicatorError.INDICATOR_NOT_APPLICABLE,
            f"“{indicator.name}”不适用于“{org.name}”这类组织",
            field=["organizationId"],
        )
    if PERIOD_MONTHS[asked.kind] < PERIOD_MONTHS[Period(indicator.period)]:
        raise DomainError(
            CommonError.INVALID_PERIOD, f"“{indicator.name}”按{_kind(indicator.period)}填报", field=["period"]
        )
    if asked.start > today:
        raise DomainError(CommonError.INVALID_PERIOD, f"期间 {asked.key} 尚未开始，不能填报", field=["period"])
    value = rules.check_value(indicator.unit, report.value)
    note = optional_text(report.note, ["note"], NOTE_MAX)
    level = rules.level_of(indicator.direction, indicator.green, indicator.yellow, value)
    row = (
        await session.execute(
            select(IndicatorValue).where(
                col(IndicatorValue.indicator_id) == indicator.id,
                col(IndicatorValue.organization_id) == org.id,
                col(IndicatorValue.period) == asked.key,
            )
        )
    ).scalar_one_or_none()
    before = None if row is None else {"value": rules.two(row.value), "note": row.note, "level": row.level}
    if row is None:
        row = IndicatorValue(
            indicator_id=indicator.id,  # type: ignore[arg-type]
            organization_id=org.id,  # type: ignore[arg-type]
            org_path=org.path,
            period=asked.key,
            source=indicator.source,
        )
        session.add(row)
    elif report.version != row.version:
        raise stale_version(row.version)
    else:
        row.version += 1
    row.value, row.note, row.level = value, note, level
    row.recorded_by, row.recorded_at = actor.user_id, utcnow()
    await session.flush()
    after = {"value": value, "note": note, "level": level}
    audit.note(
        session,
        object_id=row.id,
        changes={"indicator": indicator.code, "period": asked.key, **(audit.diff(before, after) if before else after)},
    )
    return row


def _kind(kind: str) -> str:
    return {"MONTH": "月", "QUARTER": "季度", "YEAR": "年度"}[kind] + "或更长的期间"
