"""The SQL behind meeting compliance: the orgs, the meeting counts per org, type and period bucket, and the
branches big enough for a 支委会. A fixed number of statements whatever the subtree's size: no per-org query."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.members.enums import MemberStatus, RecordState, SpecialState
from domain.members.models import Member
from domain.orglife.models import Meeting
from domain.orgs.models import Organization
from domain.tree import in_subtree, tree_order

ORGS = Organization.__table__  # type: ignore[attr-defined]
MEETINGS = Meeting.__table__  # type: ignore[attr-defined]
MEMBERS = Member.__table__  # type: ignore[attr-defined]
# (org id, meeting type) -> meetings per bucket of the range (meeting_counts); under (org id, COMBINED) the
# organization-life meetings that also held the democratic evaluation, in the organization-life meeting's buckets.
Counts = dict[tuple[int, str], tuple[int, ...]]
COMBINED = "COMBINED_EVALUATION"


async def living_orgs(
    session: AsyncSession, *, actor: Actor, under_path: str, start: date, end: date, living_now: bool = False
) -> Sequence[Any]:
    """The orgs of the subtree the actor may read that existed on some day from `start` to `end` (or, with
    `living_now`, are not dissolved), in tree order: only the columns the evaluation needs, since a whole
    tree's rows are read (a page shows its orgs through the org loader)."""
    t = ORGS.c
    clauses = [
        AUTHORIZER.path_filter(actor, t.path, Resource.ORG_LIFE, Action.READ),
        in_subtree(t.path, under_path),
        or_(t.established_on.is_(None), t.established_on <= end),
    ]
    clauses.append(t.dissolved_on.is_(None) if living_now else or_(t.dissolved_on.is_(None), t.dissolved_on >= start))
    dialect = session.get_bind().dialect.name
    columns = (t.id, t.path, t.name, t.type, t.established_on, t.dissolved_on)
    statement = select(*columns).where(*clauses).order_by(tree_order(t.path, dialect))
    return (await session.execute(statement)).all()


def bucket_base(first_month: int, divisor: int) -> int:
    """The bucket of the range's first month: a type's counts are indexed from it."""
    return first_month // divisor


async def meeting_counts(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    first_month: int,
    last_month: int,
    divisors: Mapping[str, int],
) -> Counts:
    """Meetings per org and type in the month range, counted per bucket, one statement, one row per org and
    type: (org id, type) -> counts, where counts[i] is the number held in the type's i-th bucket of the range.

    A bucket is month_index // the type's divisor, the length in months of its finest required period (1, 3
    or 12, each dividing the next), so every required period is a whole number of buckets. The buckets are
    columns (conditional sums) rather than grouping keys: a quarter's monthly meetings come back as one row
    per org and type instead of three; bench/ measured the row count as what the read costs (decoding in
    Python), and the hash aggregate over one group per meeting spilled to disk.
    """
    if not divisors:
        return {}
    m = MEETINGS.c
    width = last_month - first_month + 1
    offset = case(
        {str(kind): m.month_index // d - bucket_base(first_month, d) for kind, d in divisors.items()},
        value=m.type,
    )
    columns = [func.sum(case((offset == i, 1), else_=0)) for i in range(width)]
    statement = (
        select(m.organization_id, m.type, m.combined_evaluation, *columns)
        .where(
            AUTHORIZER.path_filter(actor, m.org_path, Resource.ORG_LIFE, Action.READ),
            in_subtree(m.org_path, under_path),
            m.month_index >= first_month,
            m.month_index <= last_month,
            m.type.in_([str(kind) for kind in divisors]),
        )
        .group_by(m.organization_id, m.type, m.combined_evaluation)
    )
    found: Counts = {}
    for row in await session.execute(statement):
        org_id, kind, joint = row[0], row[1], row[2]
        counts = tuple(row[3:])
        if joint:
            found[(org_id, COMBINED)] = counts
        before = found.get((org_id, kind))
        found[(org_id, kind)] = counts if before is None else tuple(x + y for x, y in zip(before, counts, strict=True))
    return found


async def branches_with_committee(session: AsyncSession, *, under_path: str, threshold: int) -> set[int]:
    """The branches of the subtree with at least `threshold` full members on their roll (a 支委会 is due).

    Counted today: the ledger keeps no history of conversions, so a past period uses today's count too.
    """
    c = MEMBERS.c
    statement = (
        select(c.organization_id)
        .where(
            in_subtree(c.org_path, under_path),
            and_(c.status == MemberStatus.FULL, c.record_state == RecordState.ACTIVE),
            c.special_state != SpecialState.SUSPENDED,
        )
        .group_by(c.organization_id)
        .having(func.count() >= threshold)
    )
    return {int(org_id) for org_id in (await session.execute(statement)).scalars()}
