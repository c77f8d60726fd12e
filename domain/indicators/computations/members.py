"""Computations about members: organization life, lost contact, transfers (issue 7, H2).

Member rows are attributed to their branch (`member.org_path`), transfers to the receiving org, whose duty
the decision is. "On the roll" is the current ledger: record ACTIVE and not suspended (停止党籍 ends
organization life), as domain/orglife/attendance.py counts it.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.indicators.computations.orgs import ORG_TABLE, ORGS, as_of
from domain.indicators.computations.registry import Kind, Row, Scope, computation
from domain.indicators.enums import Unit
from domain.members.enums import RecordState, SpecialState, TransferKind, TransferStatus
from domain.members.models import Member, MemberTransfer
from domain.orglife.attendance import inactive_cutoff
from domain.orglife.config import current_rules
from domain.orglife.models import MeetingAttendance
from domain.timeutil import SHANGHAI
from domain.tree import in_subtree

MEMBER_TABLE = Member.__table__  # type: ignore[attr-defined]
M = MEMBER_TABLE.c
A = MeetingAttendance.__table__.c  # type: ignore[attr-defined]
TRANSFER_TABLE = MemberTransfer.__table__  # type: ignore[attr-defined]
T = TRANSFER_TABLE.c
DECIDED = (TransferStatus.ACCEPTED, TransferStatus.REJECTED)


@computation(
    "MEMBERS_INACTIVE_6M",
    "在册（未停止党籍）党员中，连续 6 个月（可配置）未参加组织生活的党员所占比例（越低越好）：截至期末与今天中"
    "较早者，入党早于 6 个月前、且此后没有任何一次会议出席记录的党员数 / 在册党员数。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def members_inactive(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    day = as_of(scope)
    # The same cutoff as the roll's list of inactive members: last present on the cutoff day is not flagged.
    cutoff = inactive_cutoff(await current_rules(session), day)
    lately = exists().where(A.member_id == M.id, A.present.is_(True), A.held_on >= cutoff, A.held_on <= day)
    inactive = case((and_(M.joined_on < cutoff, ~lately), 1), else_=0)
    statement = (
        select(M.org_path, func.sum(inactive), func.count())
        .where(
            in_subtree(M.org_path, scope.under_path),
            M.record_state == RecordState.ACTIVE,
            M.special_state != SpecialState.SUSPENDED,
            M.joined_on <= day,
        )
        .group_by(M.org_path)
    )
    return [(path, int(n), int(d)) for path, n, d in await session.execute(statement)]


@computation(
    "LOST_CONTACT_MEMBERS",
    "在册党员中处于“失联”状态的人数（越少越好）；按当前台账计。",
    Kind.SUM,
    Unit.COUNT,
)
async def lost_contact_members(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    lost = case((M.special_state == SpecialState.LOST_CONTACT, 1), else_=0)
    statement = (
        select(M.org_path, func.sum(lost), func.count())
        .where(in_subtree(M.org_path, scope.under_path), M.record_state == RecordState.ACTIVE)
        .group_by(M.org_path)
    )
    return [(path, int(n), int(d)) for path, n, d in await session.execute(statement)]


def shanghai_day(instant: datetime) -> date:
    """The calendar day of a stored instant (UTC; SQLite hands it back without its zone)."""
    aware = instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI).date()


@computation(
    "TRANSFERS_DECIDED_IN_TIME",
    "本期开具的系统内组织关系介绍信中，接收组织在介绍信有效期内作出接收或拒收决定的比例：分子为有效期内"
    "（含到期当天）接收或拒收的封数，分母为本期开具、未被撤回、且已决定或已过有效期的封数；计入接收组织。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def transfers_decided_in_time(session: AsyncSession, scope: Scope) -> Iterable[Row]:
    day = as_of(scope)
    statement = (
        select(ORGS.path, T.status, T.expires_on, T.decided_at)
        .select_from(TRANSFER_TABLE.join(ORG_TABLE, ORGS.id == T.to_org_id))
        .where(
            in_subtree(ORGS.path, scope.under_path),
            T.kind == TransferKind.INTERNAL,
            T.status != TransferStatus.CANCELLED,
            T.requested_on >= scope.period.start,
            T.requested_on <= day,
        )
    )
    decided: Counter[str] = Counter()
    due: Counter[str] = Counter()
    for path, status, expires_on, decided_at in await session.execute(statement):
        # A decision after the as-of day had not happened yet then; a letter still valid then was not yet due.
        on = shanghai_day(decided_at) if status in DECIDED and decided_at is not None else None
        on = on if on is not None and on <= day else None
        if on is None and (expires_on is None or expires_on >= day):
            continue
        due[path] += 1
        decided[path] += int(on is not None and (expires_on is None or on <= expires_on))
    return [(path, decided[path], n) for path, n in due.items()]
