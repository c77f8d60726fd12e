"""Reads of terms and re-elections: elections, their seats and term adjustments for the API's loaders, and
the re-election alerts and status counts of a subtree.

Elections and adjustments are scoped by the org's current path (joined), not the path copied at the
election, so that they follow an org that has moved. The alerts and counts take `today` and the rules as
parameters and read no clock.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.alerts import Alert, AlertLevel
from domain.charts import Point, series
from domain.orglife.enums import REELECTION_STATUS_LABELS, ReelectionStatus
from domain.orglife.models import Election, ElectionSeat, TermAdjustment
from domain.orglife.rules import OrgLifeRules
from domain.orglife.term_rules import ELECTING_TYPES, alert_level, reelection_status, term_end
from domain.orgs.models import Organization
from domain.timeutil import add_months, add_years
from domain.tree import in_subtree

ORG_TABLE = Organization.__table__  # type: ignore[attr-defined]
ORGS = ORG_TABLE.c
ELECTION_TABLE = Election.__table__  # type: ignore[attr-defined]
ELECTIONS = ELECTION_TABLE.c
SEATS = ElectionSeat.__table__.c  # type: ignore[attr-defined]
ADJUSTMENT_TABLE = TermAdjustment.__table__  # type: ignore[attr-defined]
ADJUSTMENTS = ADJUSTMENT_TABLE.c
KIND = "REELECTION_DUE"
TERM_YEARS_CHECKED = range(1, 11)  # domain/orgs/rules.check_term_years


def _readable(actor: Actor) -> ColumnElement[bool]:
    return AUTHORIZER.path_filter(actor, ORGS.path, Resource.ORG_LIFE, Action.READ)


def _elections(*where: ColumnElement[bool]) -> Any:
    joined = ELECTION_TABLE.join(ORG_TABLE, ORGS.id == ELECTIONS.organization_id)
    return select(*ELECTIONS).select_from(joined).where(*where)


async def elections_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    rows = await session.execute(_elections(ELECTIONS.id.in_(ids), _readable(actor)))
    return {row.id: row for row in rows}


async def elections_of(session: AsyncSession, *, actor: Actor, org_id: int) -> list[Any]:
    """An org's elections, newest first; none outside the actor's reach."""
    statement = _elections(ELECTIONS.organization_id == org_id, _readable(actor))
    return list(await session.execute(statement.order_by(ELECTIONS.held_on.desc(), ELECTIONS.id.desc())))


async def latest_elections(session: AsyncSession, *, actor: Actor, org_ids: Sequence[int]) -> dict[int, Any]:
    """Each org's latest election, in one statement for many orgs (a window over the org's elections)."""
    rank = (
        func.row_number()
        .over(partition_by=ELECTIONS.organization_id, order_by=(ELECTIONS.held_on.desc(), ELECTIONS.id.desc()))
        .label("rank")
    )
    joined = ELECTION_TABLE.join(ORG_TABLE, ORGS.id == ELECTIONS.organization_id)
    ranked = (
        select(*ELECTIONS, rank)
        .select_from(joined)
        .where(ELECTIONS.organization_id.in_(org_ids), _readable(actor))
        .subquery()
    )
    rows = await session.execute(select(ranked).where(ranked.c.rank == 1))
    return {row.organization_id: row for row in rows}


async def seats_of(session: AsyncSession, *, election_ids: Sequence[int]) -> dict[int, list[Any]]:
    """The seats of elections the caller has already read through a scoped read, in position order of entry."""
    rows = await session.execute(
        select(*SEATS).where(SEATS.election_id.in_(election_ids)).order_by(SEATS.election_id, SEATS.id)
    )
    found: dict[int, list[Any]] = {i: [] for i in election_ids}
    for row in rows:
        found[row.election_id].append(row)
    return found


async def adjustments_of(session: AsyncSession, *, actor: Actor, org_ids: Sequence[int]) -> dict[int, list[Any]]:
    """Each org's approved term adjustments, newest first; none outside the actor's reach."""
    joined = ADJUSTMENT_TABLE.join(ORG_TABLE, ORGS.id == ADJUSTMENTS.organization_id)
    rows = await session.execute(
        select(*ADJUSTMENTS)
        .select_from(joined)
        .where(ADJUSTMENTS.organization_id.in_(org_ids), _readable(actor))
        .order_by(ADJUSTMENTS.created_at.desc(), ADJUSTMENTS.id.desc())
    )
    found: dict[int, list[Any]] = {i: [] for i in org_ids}
    for row in rows:
        found[row.organization_id].append(row)
    return found


def _electing_orgs(actor: Actor, under_path: str) -> list[ColumnElement[bool]]:
    return [
        _readable(actor),
        in_subtree(ORGS.path, under_path),
        ORGS.dissolved_on.is_(None),
        ORGS.type.in_([str(t) for t in ELECTING_TYPES]),
    ]


def _may_end_by(day: date) -> ColumnElement[bool]:
    """A loose SQL bound for "the term ends on or before `day`": start + years cannot be added alike on both
    databases, so each term length gets its own bound on the start, a day wider for 29 February (which
    ends on 28 February); the exact end is computed in Python on the few rows that pass."""
    scheduled = [
        and_(ORGS.term_years == years, ORGS.term_started_on <= add_years(day, -years) + timedelta(days=1))
        for years in TERM_YEARS_CHECKED
    ]
    unchecked = not_(ORGS.term_years.in_(list(TERM_YEARS_CHECKED)))
    return or_(
        ORGS.term_adjusted_ends_on <= day,
        and_(ORGS.term_adjusted_ends_on.is_(None), or_(*scheduled, unchecked)),
    )


async def reelection_alerts(
    session: AsyncSession, *, actor: Actor, under_path: str, rules: OrgLifeRules, today: date
) -> list[Alert]:
    """Re-election due (REELECTION_DUE): YELLOW from `reelection_alert_months` before a term ends, RED once it has
    ended without an election; for the living committees, general branches and branches of the subtree the
    actor may read. One statement; only the terms ending within the window leave the database."""
    statement = select(ORGS.id, ORGS.name, ORGS.term_started_on, ORGS.term_years, ORGS.term_adjusted_ends_on).where(
        *_electing_orgs(actor, under_path),
        ORGS.term_started_on.is_not(None),
        _may_end_by(add_months(today, rules.reelection_alert_months)),
    )
    found = []
    for row in await session.execute(statement):
        ends_on = term_end(row.term_started_on, row.term_years, row.term_adjusted_ends_on)
        level = alert_level(reelection_status(ends_on, today, rules))
        if ends_on is None or level not in (AlertLevel.RED, AlertLevel.YELLOW):
            continue
        state = "已届满，尚未换届" if level is AlertLevel.RED else "即将届满，请按期换届"
        found.append(
            Alert(
                level=level,
                kind=KIND,
                title=f"{row.name}：本届任期于 {ends_on.isoformat()} {state}",
                due_on=ends_on,
                org_id=row.id,
                subject_type="Organization",
                subject_id=row.id,
            )
        )
    return sorted(found, key=Alert.sort_key)


async def reelection_counts(
    session: AsyncSession, *, actor: Actor, under_path: str, rules: OrgLifeRules, today: date
) -> list[Point]:
    """How many living committees, general branches and branches of the subtree are on time, due soon,
    overdue or without a term on record. One statement, grouped by the term's facts: orgs share start dates
    and lengths, so far fewer groups than orgs leave the database."""
    keys = (ORGS.term_started_on, ORGS.term_years, ORGS.term_adjusted_ends_on)
    statement = select(*keys, func.count()).where(*_electing_orgs(actor, under_path)).group_by(*keys)
    counts = dict.fromkeys(ReelectionStatus, 0)
    for started, years, adjusted, n in await session.execute(statement):
        counts[reelection_status(term_end(started, years, adjusted), today, rules)] += int(n)
    return series([(status.value, REELECTION_STATUS_LABELS[status], counts[status]) for status in ReelectionStatus])
