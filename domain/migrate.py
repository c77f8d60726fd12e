"""Schema state: upgrade to head, and whether a database is behind (for `serve` and /readyz)."""

from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(resources.files("migrations").joinpath("alembic.ini")))
    config.set_main_option("script_location", str(resources.files("migrations")))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revisions() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def _current(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


async def pending(engine: AsyncEngine) -> bool:
    """True when the database is not at the head revision (including a fresh, empty database)."""
    async with engine.connect() as connection:
        current = await connection.run_sync(_current)
    return current != head_revisions()


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    def run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)
