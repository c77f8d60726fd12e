"""Organization-life alerts of meetings and of members (issue 5, item 5; DOMAIN.md, Organization life):

- MEETING_MISSING, RED: a requirement whose last closed period (of its own frequency: last month, last
  quarter, last year) was required of the org and not held.
- MEETING_DUE_SOON, YELLOW: a requirement whose current period is DUE_SOON (periods.py: the configured share
  of it has passed, today counted) and not yet held.
- MEMBER_NO_ORG_LIFE, RED: a member on a roll without any organization life for rules.inactive_months
  (attendance.py says exactly who).
Only orgs not dissolved are alerted. Meeting alerts concern the org (subject_type "Organization").
"""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from domain.alerts import Alert, AlertLevel
from domain.orglife import attendance, config
from domain.orglife import compliance_reads as reads
from domain.orglife.compliance import evaluate_subtree
from domain.orglife.compliance_engine import Evaluator, OrgCompliance
from domain.orglife.enums import MEETING_TYPE_LABELS, Period, PeriodStatus
from domain.orglife.periods import AskedRange, Span, span_containing
from domain.orglife.rules import OrgLifeRules
from domain.timeutil import add_months

MEETING_MISSING, MEETING_DUE_SOON, MEMBER_NO_ORG_LIFE = "MEETING_MISSING", "MEETING_DUE_SOON", "MEMBER_NO_ORG_LIFE"


async def meeting_alerts(
    session: AsyncSession, *, actor: Actor, under_path: str, rules: OrgLifeRules, today: date
) -> list[Alert]:
    found: list[Alert] = []
    requirements = await config.requirements(session)
    # Living orgs only: one read serves every frequency (the dates are not needed to pick them).
    orgs = await reads.living_orgs(session, actor=actor, under_path=under_path, start=today, end=today, living_now=True)
    for period in Period:
        # Per frequency, only its last closed and its current period: a month's requirements read two months
        # of meetings, not the two years a yearly one needs (bench/: 7 s at the root of 50,000 orgs before).
        own = [r for r in requirements if r.period is period]
        if not own:
            continue
        current = span_containing(period, today)
        closed = span_containing(period, add_months(current.start, -1))
        asked = AskedRange(first_month=closed.first_month, last_month=current.last_month)
        engine = Evaluator(own, rules, asked, today)
        for org in await evaluate_subtree(
            session, actor=actor, under_path=under_path, asked=asked, today=today, engine=engine, orgs=orgs
        ):
            found += _org_alerts(org, current, closed)
    return sorted(found, key=Alert.sort_key)


def _org_alerts(org: OrgCompliance, current: Span, closed: Span) -> list[Alert]:
    found = []
    for item in org.items:
        label = MEETING_TYPE_LABELS[item.meeting_type]
        for result in item.periods:
            if result.span == closed and result.status is PeriodStatus.MISSING:
                level, kind, title = (
                    AlertLevel.RED,
                    MEETING_MISSING,
                    f"{org.org.name}：{result.span.label}未召开{label}",
                )
            elif result.span == current and result.status is PeriodStatus.DUE_SOON:
                end = result.span.end.isoformat()
                title = f"{org.org.name}：{result.span.label}尚未召开{label}，本期于 {end} 结束"
                level, kind = AlertLevel.YELLOW, MEETING_DUE_SOON
            else:
                continue
            found.append(Alert(level, kind, title, result.span.end, org.org.id, "Organization", org.org.id))
    return found


async def inactive_member_alerts(
    session: AsyncSession, *, actor: Actor, under_path: str, rules: OrgLifeRules, today: date
) -> list[Alert]:
    """RED for each branch with members without organization life for rules.inactive_months: one alert per
    branch, not per member, so that a subtree of a million members (or a system whose meetings are not yet
    recorded) gives a list as long as its branches; `inactiveMembers` names them. Due on the day the first of
    them became so: that many months after their last organization life (never: after they joined)."""
    found = []
    for row in await attendance.inactive_by_org(session, actor=actor, under_path=under_path, rules=rules, today=today):
        title = f"{row.name}：{row.count} 名党员已连续 {rules.inactive_months} 个月以上未参加组织生活"
        due_on = add_months(row.since, rules.inactive_months)
        found.append(
            Alert(
                AlertLevel.RED,
                MEMBER_NO_ORG_LIFE,
                title,
                due_on,
                row.organization_id,
                "Organization",
                row.organization_id,
            )
        )
    return sorted(found, key=Alert.sort_key)
