"""Reads of the ledger for lists, exports and loaders: Core rows, scoped and filtered in SQL."""

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.errors import CommonError, DomainError
from domain.members.enums import Category, Education, Gender, MemberStatus, RecordState, SpecialState
from domain.members.models import Member
from domain.paging import Page, PageRequest, make_page
from domain.timeutil import add_years, today
from domain.tree import in_subtree

TABLE = Member.__table__  # type: ignore[attr-defined]
M = TABLE.c
COLUMNS = tuple(c for c in M if c.name not in {"id_number_key"})
MAX_AGE = 150
_MAX_ID = 2**31 - 1  # the primary keys are 32-bit integers


class MemberOrder(StrEnum):
    NAME = "NAME"
    JOINED_ON = "JOINED_ON"
    AGE = "AGE"


@dataclass(frozen=True)
class MemberFilter:
    name_contains: str | None = None
    statuses: Sequence[MemberStatus] | None = None
    special_states: Sequence[SpecialState] | None = None
    genders: Sequence[Gender] | None = None
    educations: Sequence[Education] | None = None
    categories: Sequence[Category] | None = None
    min_age: int | None = None
    max_age: int | None = None
    joined_from_year: int | None = None
    joined_to_year: int | None = None
    party_group_id: int | None = None
    # Closed records (left the party, transferred out) are kept but listed only when asked for.
    record_states: Sequence[RecordState] = (RecordState.ACTIVE,)

    def __post_init__(self) -> None:
        # Bounds that keep the date arithmetic in range: a bad filter is a refusal, not a crash.
        for name, value, low, high in (
            ("minAge", self.min_age, 0, MAX_AGE),
            ("maxAge", self.max_age, 0, MAX_AGE),
            ("joinedFromYear", self.joined_from_year, 1900, 9999),
            ("joinedToYear", self.joined_to_year, 1900, 9999),
        ):
            if value is not None and not low <= value <= high:
                raise DomainError(CommonError.INVALID_INPUT, f"{name} 须在 {low} 到 {high} 之间", field=[name])


def scope(actor: Actor) -> ColumnElement[bool]:
    """Members under the actor's member-read grants, and the actor's own record."""
    return or_(AUTHORIZER.path_filter(actor, M.org_path, Resource.MEMBER, Action.READ), M.user_id == actor.user_id)


def _values(items: Sequence[StrEnum] | None) -> list[str] | None:
    return [str(item) for item in items] if items else None


def where(actor: Actor, under_path: str, flt: MemberFilter, day: date | None = None) -> list[ColumnElement[bool]]:
    day = day or today()
    clauses = [scope(actor), in_subtree(M.org_path, under_path)]
    if flt.name_contains:
        clauses.append(M.name.contains(flt.name_contains, autoescape=True))
    for column, items in (
        (M.record_state, flt.record_states),  # an empty list, like every other, restricts nothing
        (M.status, flt.statuses),
        (M.special_state, flt.special_states),
        (M.gender, flt.genders),
        (M.education, flt.educations),
        (M.category, flt.categories),
    ):
        values = _values(items)
        if values:
            clauses.append(column.in_(values))
    # An age range is a birth-date range, so the index on dates (not a computed age) does the work.
    if flt.min_age is not None:
        clauses.append(M.birth_date <= add_years(day, -flt.min_age))
    if flt.max_age is not None:
        clauses.append(M.birth_date > add_years(day, -(flt.max_age + 1)))
    if flt.joined_from_year is not None:
        clauses.append(M.joined_on >= date(flt.joined_from_year, 1, 1))
    if flt.joined_to_year is not None:
        clauses.append(M.joined_on <= date(flt.joined_to_year, 12, 31))
    if flt.party_group_id is not None:
        clauses.append(M.party_group_id == flt.party_group_id)
    return clauses


def _sort(order: MemberOrder) -> tuple[Any, bool]:
    """The sort column, and whether it runs descending: by age means the youngest first (latest birth)."""
    if order is MemberOrder.JOINED_ON:
        return M.joined_on, False
    if order is MemberOrder.AGE:
        return M.birth_date, True
    return M.name, False


def _key(order: MemberOrder, row: Any) -> list[Any]:
    column, _ = _sort(order)
    value = getattr(row, column.name)
    return [value.isoformat() if isinstance(value, date) else value, row.id]


def _after(order: MemberOrder, cursor: list[Any]) -> ColumnElement[bool]:
    """Rows after the cursor's; a cursor of another sort order or a forged one is refused, not a crash."""
    column, descending = _sort(order)
    try:
        if len(cursor) != 2 or not isinstance(cursor[0], str) or type(cursor[1]) is not int or cursor[1] > _MAX_ID:
            raise ValueError(cursor)
        value = date.fromisoformat(cursor[0]) if column is not M.name else cursor[0]
    except ValueError as error:
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"]) from error
    beyond = column < value if descending else column > value
    return or_(beyond, and_(column == value, M.id > int(cursor[1])))


def listing(actor: Actor, under_path: str, flt: MemberFilter, order: MemberOrder) -> Select[Any]:
    column, descending = _sort(order)
    return (
        select(*COLUMNS).where(*where(actor, under_path, flt)).order_by(column.desc() if descending else column, M.id)
    )


async def list_members(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    flt: MemberFilter,
    order: MemberOrder = MemberOrder.NAME,
    page: PageRequest,
) -> Page[Any]:
    statement = listing(actor, under_path, flt, order)
    if page.after:
        statement = statement.where(_after(order, page.after))
    rows = (await session.execute(statement.limit(page.first + 1))).all()
    return make_page(rows, page, lambda row: _key(order, row))


async def count_members(session: AsyncSession, *, actor: Actor, under_path: str, flt: MemberFilter) -> int:
    total = await session.scalar(select(func.count()).select_from(TABLE).where(*where(actor, under_path, flt)))
    return int(total or 0)


async def stream_members(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    flt: MemberFilter,
    order: MemberOrder = MemberOrder.NAME,
    batch: int = 1000,
) -> AsyncIterator[Any]:
    """Every matching row, fetched in keyset batches so an export never holds the whole list."""
    cursor: list[Any] | None = None
    while True:
        statement = listing(actor, under_path, flt, order)
        if cursor is not None:
            statement = statement.where(_after(order, cursor))
        rows = (await session.execute(statement.limit(batch))).all()
        for row in rows:
            yield row
        if len(rows) < batch:
            return
        cursor = _key(order, rows[-1])


async def members_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    rows = await session.execute(select(*COLUMNS).where(M.id.in_(ids), scope(actor)))
    return {row.id: row for row in rows}
