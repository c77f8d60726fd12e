"""On the embedded SQLite database, two transactions that write wait their turn instead of failing: the
server's scheduled round writes while requests do."""

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from domain import migrate
from domain.audit import Caller, audited
from domain.audit.models import AuditRecord
from domain.db import create_engine, session_factory
from tests.conftest import BACKEND

pytestmark = pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite's locking; PostgreSQL locks rows")
CALLER = Caller(user_id=None, username="test", client_address="test")


async def test_a_write_after_a_read_waits_for_another_writer_rather_than_failing(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'zhdj.db'}")
    await migrate.upgrade(engine)
    sessions = session_factory(engine)
    has_read = asyncio.Event()

    async def reads_then_writes(session: object) -> None:
        await session.scalar(select(func.count()).select_from(AuditRecord))  # type: ignore[attr-defined]
        has_read.set()
        await asyncio.sleep(0.3)  # long enough for the other to commit, were it let in before this one
        # audited then writes this transaction's record: begun deferred, it would fail "database is locked".

    async def writes(_: object) -> None:
        pass  # audited writes the record

    async def second() -> None:
        await has_read.wait()
        await audited(sessions, caller=CALLER, operation="second", work=writes)

    try:
        await asyncio.gather(audited(sessions, caller=CALLER, operation="first", work=reads_then_writes), second())
        async with sessions() as session:
            done = (
                (await session.execute(select(col(AuditRecord.operation)).order_by(col(AuditRecord.id))))
                .scalars()
                .all()
            )
        assert done == ["first", "second"]
    finally:
        await engine.dispose()
