"""The alert scan (`zhdj alerts scan`): every area's alerts for the whole tree, kept as AlertRecord rows so
that the center reads, counts and pages a whole tree's alerts by index instead of recomputing every area.

An alert keeps its row (and its first-seen time) while the scan keeps finding it, under a stable key; an
alert no longer found has had its cause fixed and is deleted. Each org's counts by level and kind are
rebuilt with the records (AlertCount), so a whole tree's summary sums those. Acknowledgements are kept by that key, not
by row, so they survive the rescans and are never deleted with an alert.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from domain import audit
from domain.alerts import SEVERITY, Alert
from domain.indicators.alert_sources import AREAS, gather, org_paths_statement
from domain.indicators.models import AlertCount, AlertRecord, AlertScan
from domain.timeutil import utcnow

TABLE: Any = AlertRecord.__table__  # type: ignore[attr-defined]
R = TABLE.c
COUNTS: Any = AlertCount.__table__  # type: ignore[attr-defined]
_DIGITS = re.compile(r"\d+")
_CHUNK = 500
_CHANGING = ("level", "severity", "title", "due_on", "org_path")


async def _recount(session: AsyncSession) -> None:
    """Each org's alerts by level and kind (AlertCount), rebuilt from the records just written."""
    await session.execute(delete(COUNTS))
    counted = select(R.organization_id, R.org_path, R.level, R.kind, func.count()).group_by(
        R.organization_id, R.org_path, R.level, R.kind
    )
    await session.execute(
        insert(COUNTS).from_select(["organization_id", "org_path", "level", "kind", "alerts"], counted)
    )


def alert_key(alert: Alert) -> str:
    """Stable while the same cause persists. The due date tells one period's (or one step's) alert from the
    next one's; the title, without its numbers, tells apart alerts of one kind, subject and org (each meeting
    type) while a count or percent in it may change from scan to scan without making a new alert."""
    wording = hashlib.sha1(_DIGITS.sub("#", alert.title).encode(), usedforsecurity=False).hexdigest()[:12]
    return f"{alert.kind}:{alert.subject_type}:{alert.subject_id}:{alert.org_id}:{alert.due_on.isoformat()}:{wording}"


@dataclass
class ScanResult:
    scan_id: int
    started_at: datetime
    finished_at: datetime
    found: int
    added: int
    updated: int
    removed: int
    by_area: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)


def _record(alert: Alert, key: str, path: str, now: datetime) -> dict[str, Any]:
    return {
        "key": key,
        "area": AREAS.get(alert.kind, "OTHER"),
        "kind": str(alert.kind),
        "level": str(alert.level),
        "severity": SEVERITY[alert.level],
        "title": alert.title[:500],
        "due_on": alert.due_on,
        "organization_id": alert.org_id,
        "org_path": path,
        "subject_type": alert.subject_type,
        "subject_id": alert.subject_id,
        "first_seen_at": now,
        "scanned_at": now,
    }


async def scan(session: AsyncSession, *, today: date) -> ScanResult:
    """Gather, then make the stored alerts exactly what was found. Flushes; the caller commits."""
    started = utcnow()
    by_area = await gather(session, today=today)
    paths = {row.id: row.path for row in await session.execute(org_paths_statement())}
    found: dict[str, dict[str, Any]] = {}
    for alerts in by_area.values():
        for alert in sorted(alerts, key=Alert.sort_key):
            if alert.org_id in paths:
                found.setdefault(alert_key(alert), _record(alert, alert_key(alert), paths[alert.org_id], started))
    stored = {row.key: row for row in await session.execute(select(R.id, R.key, *(R[c] for c in _CHANGING)))}
    gone = [row.id for key, row in stored.items() if key not in found]
    for start in range(0, len(gone), _CHUNK):
        await session.execute(delete(TABLE).where(R.id.in_(gone[start : start + _CHUNK])))
    changed = [
        {"row_id": row.id, **{c: found[key][c] for c in _CHANGING}}
        for key, row in stored.items()
        if key in found and any(getattr(row, c) != found[key][c] for c in _CHANGING)
    ]
    if stored.keys() & found.keys():
        await session.execute(update(TABLE).values(scanned_at=started))  # what is left was all found again
    if changed:
        values: dict[str, Any] = {c: bindparam(c) for c in _CHANGING}
        await session.execute(update(TABLE).where(R.id == bindparam("row_id")).values(values), changed)
    added = [record for key, record in found.items() if key not in stored]
    if added:
        await session.execute(insert(TABLE), added)
    await _recount(session)
    finished = utcnow()
    counts = {area: len(alerts) for area, alerts in by_area.items()}
    by_level: dict[str, int] = {}
    for record in found.values():
        by_level[record["level"]] = by_level.get(record["level"], 0) + 1
    row = AlertScan(
        started_at=started,
        finished_at=finished,
        alerts=len(found),
        details={"by_area": counts, "by_level": by_level, "added": len(added), "removed": len(gone)},
    )
    session.add(row)
    await session.flush()
    assert row.id is not None
    audit.note(session, object_type="AlertScan", object_id=row.id, changes=row.details)
    return ScanResult(row.id, started, finished, len(found), len(added), len(changed), len(gone), counts, by_level)
