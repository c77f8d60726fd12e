"""The SQL of task alerts: one select per kind, each in the global alert order and after a cursor.

A subtree can hold millions of assignments, so no source is read whole: each is filtered, ordered and
limited in SQL by the key Alert.sort_key gives (severity, due date, kind, org, subject, title). Severity
and kind are constant within a source, so a source orders by (due, org, subject id); the subject id is
unique within a source (one alert per assignment; per assignment and date for key steps), so the title
never decides an order and need not be built in SQL.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Date, Integer, and_, false, or_, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from domain.alerts import SEVERITY, AlertLevel
from domain.errors import CommonError, DomainError
from domain.tasks import task_rules

Clause = Callable[[Any], ColumnElement[bool]]
Cursor = tuple[int, date, str, int, int]  # the cursor's key without its title


class day_number(FunctionElement[int]):  # noqa: N801 - a SQL function, named like one
    """A date as a count of days, so both databases can do the at-risk arithmetic on columns."""

    type = Integer()
    inherit_cache = True


@compiles(day_number, "postgresql")
def _day_number_pg(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({compiler.process(element.clauses, **kw)} - DATE '2000-01-01')"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) AS INTEGER)"


class wait_anchor(FunctionElement[date]):  # noqa: N801
    """task_rules.anchor_day of an instant's Asia/Shanghai date: the day itself, or the Friday before a
    weekend. China keeps no daylight saving, so SQLite's fixed +8 hours is the same calendar."""

    type = Date()
    inherit_cache = True


@compiles(wait_anchor, "postgresql")
def _wait_anchor_pg(element: wait_anchor, compiler: SQLCompiler, **kw: Any) -> str:
    local = f"timezone('Asia/Shanghai', {compiler.process(element.clauses, **kw)})"
    back = f"CASE CAST(extract(isodow FROM {local}) AS INTEGER) WHEN 6 THEN 1 WHEN 7 THEN 2 ELSE 0 END"
    return f"(CAST({local} AS DATE) - {back})"


@compiles(wait_anchor, "sqlite")
def _wait_anchor_sqlite(element: wait_anchor, compiler: SQLCompiler, **kw: Any) -> str:
    instant = compiler.process(element.clauses, **kw)
    back = (
        f"CASE strftime('%w', {instant}, '+8 hours') WHEN '6' THEN '-1 days' WHEN '0' THEN '-2 days' ELSE '+0 days' END"
    )
    return f"date({instant}, '+8 hours', {back})"


def cursor_of(after: list[Any] | None) -> Cursor | None:
    if after is None:
        return None
    try:
        return (after[0], date.fromisoformat(after[1]), after[2], after[3], after[4])
    except ValueError as error:
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"]) from error


def after_cursor(
    cursor: Cursor | None,
    *,
    level: AlertLevel,
    kind: str,
    due_after: Clause,
    due_from: Clause,
    due_at: Clause,
    org: Any,
    subject: Any,
) -> ColumnElement[bool]:
    """The rows of one source whose key comes after the cursor's. `due_after(d)`, `due_from(d)` and
    `due_at(d)` say "due > d", ">= d" and "= d" in the source's own terms."""
    if cursor is None:
        return true()
    severity, due, after_kind, after_org, after_subject = cursor
    if SEVERITY[level] != severity:
        return true() if SEVERITY[level] > severity else false()
    if kind != after_kind:
        return due_from(due) if kind > after_kind else due_after(due)
    later_here = or_(org > after_org, and_(org == after_org, subject > after_subject))
    return or_(due_after(due), and_(due_at(due), later_here))


def date_clauses(column: Any) -> dict[str, Clause]:
    return {
        "due_after": lambda d: column > d,
        "due_from": lambda d: column >= d,
        "due_at": lambda d: column == d,
    }


def wait_clauses(anchor: Any, working_days: int) -> dict[str, Clause]:
    """Deadlines are working days, and grow strictly with the anchor; a weekend day in a cursor lies
    between two deadlines."""

    def on_working_day(d: date) -> bool:
        return d.weekday() < 5

    def of(d: date) -> date:
        return task_rules.anchor_of_deadline(d, working_days)

    return {
        "due_after": lambda d: anchor > of(d),
        "due_from": lambda d: anchor >= of(d) if on_working_day(d) else anchor > of(d),
        "due_at": lambda d: anchor == of(d) if on_working_day(d) else false(),
    }
