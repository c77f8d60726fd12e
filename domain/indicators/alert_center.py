"""The unified alert center (预警中心): the scanned alerts of a subtree in pages, their counts, and
acknowledgements (处置: a note and a planned fix date).

Pages are keyset pages in Alert.sort_key order (severity, due date, kind, org, subject) over the sort
index; the row id ends the key instead of the title, so that the order is the same on both databases
whatever PostgreSQL's collation (a title decides only between alerts equal in everything else).
An acknowledgement never hides an alert: it leaves only when a scan no longer finds its cause.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain import audit
from domain.accounts.models import User
from domain.alerts import AlertLevel
from domain.errors import CommonError, DomainError, forbidden
from domain.indicators.alert_scan import COUNTS
from domain.indicators.alert_scan import TABLE as RECORDS
from domain.indicators.errors import IndicatorError
from domain.indicators.models import AlertAcknowledgement, AlertScan
from domain.paging import PageRequest
from domain.texts import required_text
from domain.tree import at_path, in_subtree

R = RECORDS.c
C = COUNTS.c
ACKS: Any = AlertAcknowledgement.__table__  # type: ignore[attr-defined]
A = ACKS.c
USERS = User.__table__.c  # type: ignore[attr-defined]
CURSOR_KEY = (int, str, str, int, int, int)  # severity, due date, kind, org, subject, row id
_ORDER = (R.severity, R.due_on, R.kind, R.organization_id, R.subject_id, R.id)
NOTE_MAX = 1000


@dataclass(frozen=True)
class Filters:
    under_path: str
    level: AlertLevel | None = None
    kind: str | None = None
    org_path: str | None = None  # alerts of this one org only


def _where(actor: Actor, filters: Filters) -> list[Any]:
    clauses = [
        AUTHORIZER.path_filter(actor, R.org_path, Resource.ALERT, Action.READ),
        in_subtree(R.org_path, filters.under_path),
    ]
    if filters.level is not None:
        clauses.append(R.level == str(filters.level))
    if filters.kind is not None:
        clauses.append(R.kind == filters.kind)
    if filters.org_path is not None:
        clauses.append(at_path(R.org_path, filters.org_path))
    return clauses


def sort_key(row: Any) -> tuple[int, str, str, int, int, int]:
    return (row.severity, row.due_on.isoformat(), row.kind, row.organization_id, row.subject_id, row.id)


def _after(after: list[Any]) -> Any:
    try:
        due = date.fromisoformat(after[1])
    except ValueError as error:
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"]) from error
    return tuple_(*_ORDER) > tuple_(after[0], due, after[2], after[3], after[4], after[5])


async def alerts_page(session: AsyncSession, *, actor: Actor, filters: Filters, request: PageRequest) -> Sequence[Any]:
    """Up to first + 1 rows after the cursor, most severe and earliest due first: one statement."""
    statement = select(RECORDS).where(*_where(actor, filters))
    if request.after is not None:
        statement = statement.where(_after(request.after))
    return list(await session.execute(statement.order_by(*_ORDER).limit(request.first + 1)))


async def alerts_count(session: AsyncSession, *, actor: Actor, filters: Filters) -> int:
    return int(await session.scalar(select(func.count()).select_from(RECORDS).where(*_where(actor, filters))) or 0)


@dataclass(frozen=True)
class Summary:
    total: int
    by_level: dict[str, int]
    by_kind: dict[str, int]
    scanned_at: datetime | None


async def summary(session: AsyncSession, *, actor: Actor, under_path: str) -> Summary:
    """Counts by level and by kind from the scan's per-org counts, in one grouped statement, in the same scope
    as the alerts themselves; the last scan's time from a second."""
    statement = (
        select(C.level, C.kind, func.sum(C.alerts).label("n"))
        .where(
            AUTHORIZER.path_filter(actor, C.org_path, Resource.ALERT, Action.READ),
            in_subtree(C.org_path, under_path),
        )
        .group_by(C.level, C.kind)
    )
    by_level: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for row in await session.execute(statement):
        by_level[row.level] = by_level.get(row.level, 0) + int(row.n)
        by_kind[row.kind] = by_kind.get(row.kind, 0) + int(row.n)
    scanned_at = await session.scalar(select(func.max(AlertScan.__table__.c.finished_at)))  # type: ignore[attr-defined]
    return Summary(sum(by_level.values()), by_level, by_kind, scanned_at)


async def acknowledgements_of(session: AsyncSession, keys: Sequence[str]) -> dict[str, list[Any]]:
    """Each alert's acknowledgements, newest first, with who gave them: one statement for a page."""
    statement = (
        select(*A, USERS.display_name.label("by_name"))
        .join(User.__table__, USERS.id == A.acknowledged_by)  # type: ignore[attr-defined]
        .where(A.alert_key.in_(list(keys)))
        .order_by(A.alert_key, A.acknowledged_at.desc(), A.id.desc())
    )
    found: dict[str, list[Any]] = {key: [] for key in keys}
    for row in await session.execute(statement):
        found[row.alert_key].append(row)
    return found


def _unknown() -> DomainError:
    return DomainError(IndicatorError.UNKNOWN_ALERT, "预警不存在，或其原因已消除", field=["alertId"])


async def acknowledge(
    session: AsyncSession,
    *,
    actor: Actor,
    alert_id: int,
    note: str,
    planned_fix_on: date | None,
    today: date,
) -> AlertAcknowledgement:
    """Record a response to an alert, by its key: it stays with the alert across scans and hides nothing."""
    audit.note(session, object_type="AlertAcknowledgement")
    row = await alert_row(session, actor=actor, alert_id=alert_id)
    if row is None:  # outside the actor's reach an alert reads exactly as one that is gone
        raise _unknown()
    audit.note(session, org_id=row.organization_id, org_path=row.org_path)
    if not AUTHORIZER.can(actor, row.org_path, Resource.ALERT, Action.WRITE):
        raise forbidden("无权处置该组织的预警")
    text = required_text(note, ["note"], NOTE_MAX, lines=True)
    if planned_fix_on is not None and planned_fix_on < today:
        raise DomainError(CommonError.INVALID_INPUT, "计划整改日期不能早于今天", field=["plannedFixOn"])
    ack = AlertAcknowledgement(
        alert_key=row.key,
        organization_id=row.organization_id,
        org_path=row.org_path,
        note=text,
        planned_fix_on=planned_fix_on,
        acknowledged_by=actor.user_id,
    )
    session.add(ack)
    await session.flush()
    audit.note(
        session,
        object_id=ack.id,
        changes={"alert_key": row.key, "note": text, "planned_fix_on": planned_fix_on},
    )
    return ack


async def alerts_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    """The alerts among these that the actor may read, scoped in SQL as the list is: one statement."""
    scope = AUTHORIZER.path_filter(actor, R.org_path, Resource.ALERT, Action.READ)
    return {row.id: row for row in await session.execute(select(RECORDS).where(R.id.in_(ids), scope))}


async def alert_row(session: AsyncSession, *, actor: Actor, alert_id: int) -> Any:
    """One alert as the actor may read it, or None."""
    return (await alerts_by_ids(session, actor=actor, ids=[alert_id])).get(alert_id)
