"""Reads of transfers and of members' org histories: Core rows, scoped and paged in SQL."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Result, Row, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.errors import CommonError, DomainError
from domain.members import rules
from domain.members.enums import TransferStatus
from domain.members.models import Member, MemberOrgHistory, MemberTransfer
from domain.orgs.models import Organization
from domain.paging import Page, PageRequest, make_page
from domain.timeutil import today
from domain.tree import in_subtree

X = MemberTransfer.__table__.c  # type: ignore[attr-defined]
H = MemberOrgHistory.__table__.c  # type: ignore[attr-defined]
MEMBER = Member.__table__.c  # type: ignore[attr-defined]
ORGS = Organization.__table__  # type: ignore[attr-defined]
SENDER = ORGS.alias("sender")
RECEIVER = ORGS.alias("receiver")
COLUMNS = (
    *X,
    MEMBER.name.label("member_name"),
    SENDER.c.name.label("from_org_name"),
    RECEIVER.c.name.label("to_org_name"),
)
_MAX_ID = 2**31 - 1


def shown_status(status: str, expires_on: date | None, day: date) -> TransferStatus:
    """A pending letter past its validity reads as expired, whether or not a later write has marked it."""
    if status == TransferStatus.PENDING and rules.letter_expired(expires_on, day):
        return TransferStatus.EXPIRED
    return TransferStatus(status)


def _status_is(status: TransferStatus, day: date) -> ColumnElement[bool]:
    lapsed = and_(X.status == TransferStatus.PENDING, X.expires_on < day)
    if status is TransferStatus.EXPIRED:
        return or_(X.status == TransferStatus.EXPIRED, lapsed)
    if status is TransferStatus.PENDING:
        return and_(X.status == TransferStatus.PENDING, or_(X.expires_on.is_(None), X.expires_on >= day))
    clause: ColumnElement[bool] = X.status == status
    return clause


def scope(actor: Actor) -> ColumnElement[bool]:
    """The same decision as transfers.may_see, as SQL: the sending side by member reads, the receiving
    side by deciding or reading members there."""
    return or_(
        AUTHORIZER.path_filter(actor, SENDER.c.path, Resource.MEMBER, Action.READ),
        AUTHORIZER.path_filter(actor, RECEIVER.c.path, Resource.TRANSFER, Action.DECIDE),
        AUTHORIZER.path_filter(actor, RECEIVER.c.path, Resource.MEMBER, Action.READ),
    )


def _joined(statement: Select[Any]) -> Select[Any]:
    return statement.select_from(
        MemberTransfer.__table__.join(Member.__table__, MEMBER.id == X.member_id)  # type: ignore[attr-defined]
        .outerjoin(SENDER, SENDER.c.id == X.from_org_id)
        .outerjoin(RECEIVER, RECEIVER.c.id == X.to_org_id)
    )


def _where(actor: Actor, under_path: str, status: TransferStatus | None) -> list[ColumnElement[bool]]:
    clauses = [scope(actor), or_(in_subtree(SENDER.c.path, under_path), in_subtree(RECEIVER.c.path, under_path))]
    if status is not None:
        clauses.append(_status_is(status, today()))
    return clauses


def _after(cursor: list[Any]) -> ColumnElement[bool]:
    if len(cursor) != 1 or type(cursor[0]) is not int or not 0 < cursor[0] <= _MAX_ID:
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"])
    clause: ColumnElement[bool] = X.id < cursor[0]
    return clause


async def list_transfers(
    session: AsyncSession, *, actor: Actor, under_path: str, status: TransferStatus | None, page: PageRequest
) -> Page[Row[Any]]:
    """Newest first: transfers sent from or addressed to the subtree, within the actor's scope."""
    statement = _joined(select(*COLUMNS)).where(*_where(actor, under_path, status))
    if page.after:
        statement = statement.where(_after(page.after))
    rows = (await session.execute(statement.order_by(X.id.desc()).limit(page.first + 1))).all()
    return make_page(rows, page, lambda row: [row.id])


async def count_transfers(
    session: AsyncSession, *, actor: Actor, under_path: str, status: TransferStatus | None
) -> int:
    total = await session.scalar(_joined(select(func.count())).where(*_where(actor, under_path, status)))
    return int(total or 0)


async def transfers_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Row[Any]]:
    rows = await session.execute(_joined(select(*COLUMNS)).where(X.id.in_(ids), scope(actor)))
    return {row.id: row for row in rows}


async def histories(session: AsyncSession, *, member_ids: Sequence[int]) -> dict[int, list[Row[Any]]]:
    """The org histories of many members in one statement, each in the order it happened.

    The caller has already shown the members themselves, so their histories need no further scope;
    the org's name comes along because a history crosses into orgs the reader may not see.
    """
    rows: Result[Any] = await session.execute(
        select(*H, ORGS.c.name.label("organization_name"))
        .select_from(MemberOrgHistory.__table__.outerjoin(ORGS, ORGS.c.id == H.organization_id))  # type: ignore[attr-defined]
        .where(H.member_id.in_(member_ids))
        .order_by(H.member_id, H.started_on, H.id)
    )
    found: dict[int, list[Row[Any]]] = {member_id: [] for member_id in member_ids}
    for row in rows:
        found[row.member_id].append(row)
    return found
