"""A throwaway PostgreSQL database for one run: created fresh, migrated with the real Alembic history."""

import asyncpg
from sqlalchemy.engine import URL, make_url

from domain import migrate
from domain.db import create_engine

BENCH_DATABASE = "zhdj_bench"


def bench_url(server_url: str, name: str = BENCH_DATABASE) -> URL:
    """The SQLAlchemy URL of the bench database on the same server as `server_url`."""
    return make_url(server_url).set(database=name)


def asyncpg_dsn(url: URL) -> str:
    # asyncpg speaks libpq DSNs, which know no "+asyncpg" driver suffix.
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


async def recreate(server_url: str, name: str = BENCH_DATABASE) -> URL:
    """Drop any leftover of an earlier run and create an empty database, then migrate it to head."""
    admin = await asyncpg.connect(asyncpg_dsn(make_url(server_url)))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return await reuse(server_url, name)


async def drop(server_url: str, name: str = BENCH_DATABASE) -> None:
    admin = await asyncpg.connect(asyncpg_dsn(make_url(server_url)))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def reuse(server_url: str, name: str = BENCH_DATABASE) -> URL:
    """The database, migrated to head: a fresh one, or one a `--keep` run left (a newer checkout may have
    added migrations since)."""
    url = bench_url(server_url, name)
    engine = create_engine(url.render_as_string(hide_password=False))
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()
    return url


async def server_version(dsn: str) -> str:
    conn = await asyncpg.connect(dsn)
    try:
        return str(await conn.fetchval("SELECT version()")).split(" on ")[0]
    finally:
        await conn.close()
