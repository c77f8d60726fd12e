"""Engine and sessions. SQLite gets the per-connection pragmas it needs to behave like a database."""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from sqlalchemy import MetaData, event
from sqlalchemy.engine.url import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlmodel import SQLModel

# Stable constraint names, so that migrations can name what they drop on both databases.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata

# A session factory: ``async with sessions() as session``. Production passes an async_sessionmaker;
# tests pass one bound to a connection that is rolled back after each test.
SessionFactory = Callable[[], AbstractAsyncContextManager[AsyncSession]]


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    if is_sqlite(url):
        engine = create_async_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
        return engine
    # No pre-ping: it costs three round trips per checkout, and a request checks out more than once
    # (bench/ measured 0.6 ms a request). A connection that died with a server restart fails its request
    # once and is discarded; recycling keeps connections from outliving a load balancer's idle timeout.
    return create_async_engine(url, pool_recycle=1800, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own implicit BEGIN breaks savepoints; SQLAlchemy issues BEGIN itself instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


# The execution option of a transaction that will write (domain.audit.audited sets it).
WRITE: dict[str, Any] = {"zhdj_write": True}


def _sqlite_begin(connection: Any) -> None:
    # A writing transaction takes SQLite's write lock at BEGIN, waiting its turn (busy_timeout). Begun
    # deferred, it would read first and then fail at once with "database is locked" whenever another
    # connection (the scheduler's round, another request) had committed since its first read.
    write = connection.get_execution_options().get("zhdj_write")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def session_factory(engine: AsyncEngine) -> SessionFactory:
    maker = async_sessionmaker(engine, expire_on_commit=False)

    @asynccontextmanager
    async def open_session() -> AsyncIterator[AsyncSession]:
        async with maker() as session:
            yield session

    return open_session
