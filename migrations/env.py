"""Alembic environment: one history for PostgreSQL and SQLite (batch mode on SQLite)."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from domain.db import create_engine
from migrations.models import metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run(url: str) -> None:
    engine = create_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_configure)
        await connection.commit()
    await engine.dispose()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:  # a caller (the tests, `zhdj migrate`) lends its own connection
        _configure(connection)
        return
    asyncio.run(_run(context.config.get_main_option("sqlalchemy.url") or ""))


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported; run against a database")
run()
