"""The whole suite runs on one database per run: ZHDJ_TEST_DATABASE=sqlite (default) or postgresql.

The database is migrated once per session through the real Alembic history; every test runs inside a
transaction that is rolled back, so tests never see each other's rows.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, make_url, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from domain import migrate
from domain.db import SessionFactory, create_engine
from domain.settings import Settings

BACKEND = os.environ.get("ZHDJ_TEST_DATABASE", "sqlite")
POSTGRES_URL = os.environ.get("ZHDJ_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
_BOOKKEEPING = ("BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT")

pytest_plugins = ["tests.fixtures"]


def pytest_report_header() -> str:
    return f"zhdj test database: {BACKEND}"


@asynccontextmanager
async def _postgres_database() -> AsyncIterator[str]:
    """A database of its own for this run, so that parallel runs on one server never collide."""
    name = f"zhdj_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@pytest.fixture(scope="session")
async def database_url(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[str]:
    if BACKEND == "postgresql":
        async with _postgres_database() as url:
            yield url
    elif BACKEND == "sqlite":
        yield f"sqlite+aiosqlite:///{Path(tmp_path_factory.mktemp('db')) / 'zhdj.db'}"
    else:
        raise pytest.UsageError(f"ZHDJ_TEST_DATABASE must be sqlite or postgresql, not {BACKEND!r}")


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    await migrate.upgrade(engine)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key="test-secret-key-0123456789abcdef0123456789")


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
def sessions(connection: AsyncConnection) -> SessionFactory:
    """Sessions on the test's connection; each commit is a savepoint inside the test's transaction.

    One connection runs one statement at a time, so sessions are handed out one after another
    (resolvers that would run side by side in production take turns here).
    """
    lock = asyncio.Lock()

    @asynccontextmanager
    async def open_session() -> AsyncIterator[AsyncSession]:
        async with lock:
            session = AsyncSession(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
            try:
                yield session
            finally:
                await session.close()

    return open_session


class StatementLog:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def clear(self) -> None:
        self.statements.clear()


@pytest.fixture
def statements(engine: AsyncEngine) -> Iterator[StatementLog]:
    """The SQL statements the code under test sends, without transaction bookkeeping."""
    log = StatementLog()

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(_BOOKKEEPING):
            log.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield log
    event.remove(engine.sync_engine, "before_cursor_execute", record)
