"""Every mutation, from any door, runs through `audited`: one transaction and one audit record.

Services say what they touched with `note()`; the note lives on the session, so it survives a refusal
that rolls the work back, and the refusal's record still names the object and the org.
"""

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit.models import OK, AuditRecord
from domain.db import WRITE, SessionFactory
from domain.errors import DomainError

T = TypeVar("T")
_NOTE = "zhdj.audit"
# Fields whose values never enter the trail, whatever a service passes.
_SECRET_FIELDS = frozenset({"password", "password_hash", "token", "secret"})
INTERNAL_ERROR = "INTERNAL_ERROR"


@dataclass(frozen=True)
class Caller:
    """Who is calling and from where: the door fills it in (HTTP request, CLI command)."""

    user_id: int | None
    username: str | None
    client_address: str | None = None
    request_id: str | None = None


@dataclass
class _Note:
    object_type: str | None = None
    object_id: int | None = None
    org_id: int | None = None
    org_path: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)


def note(
    session: AsyncSession,
    *,
    object_type: str | None = None,
    object_id: int | None = None,
    org_id: int | None = None,
    org_path: str | None = None,
    changes: Mapping[str, Any] | None = None,
) -> None:
    """Record what the running mutation is about; later calls fill in what earlier ones did not know."""
    current: _Note = session.info.setdefault(_NOTE, _Note())
    current.object_type = object_type or current.object_type
    current.object_id = object_id if object_id is not None else current.object_id
    current.org_id = org_id if org_id is not None else current.org_id
    current.org_path = org_path or current.org_path
    for key, value in (changes or {}).items():
        current.changes[key] = "***" if key in _SECRET_FIELDS else _plain(value)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    return {k: {"from": _plain(before.get(k)), "to": _plain(v)} for k, v in after.items() if before.get(k) != v}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _record(session: AsyncSession, caller: Caller, operation: str, result: str) -> AuditRecord:
    current: _Note = session.info.get(_NOTE) or _Note()
    return AuditRecord(
        user_id=caller.user_id,
        username=caller.username,
        client_address=caller.client_address,
        request_id=caller.request_id,
        operation=operation,
        object_type=current.object_type,
        object_id=current.object_id,
        org_id=current.org_id,
        org_path=current.org_path,
        result=result,
        changes=current.changes or None,
    )


async def audited(
    sessions: SessionFactory,
    *,
    caller: Caller,
    operation: str,
    work: Callable[[AsyncSession], Awaitable[T]],
) -> T:
    """Run one mutation in one transaction and append its audit record, whatever the outcome.

    Accepted: the record commits with the work. Refused: the work is rolled back and the record is
    written alone, unless the refusal asks to keep its bookkeeping (a failed sign-in's counter).
    """
    refusal: Exception | None = None
    record: AuditRecord | None
    async with sessions() as session:
        try:
            async with session.begin():
                await session.connection(execution_options=WRITE)
                try:
                    result = await work(session)
                except DomainError as error:
                    if not error.keep_changes:
                        raise
                    refusal = error
                session.add(_record(session, caller, operation, error_code(refusal)))
        except Exception as error:  # noqa: BLE001 - any failure is recorded, then re-raised below
            refusal = error
            record = _record(session, caller, operation, error_code(error))
        else:
            record = None  # the record went in with the work
    if record is not None:
        # The failed session is closed first: a test's session factory serves one session at a time.
        async with sessions() as session, session.begin():
            session.add(record)
    if refusal is not None:
        raise refusal
    return result


def error_code(error: Exception | None) -> str:
    if error is None:
        return OK
    return str(error.code) if isinstance(error, DomainError) else INTERNAL_ERROR
