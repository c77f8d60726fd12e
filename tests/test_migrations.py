"""The Alembic history is the only way the schema changes: one head, reversible, and equal to the models."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from domain import migrate
from domain.db import create_engine
from migrations.models import metadata
from tests.conftest import BACKEND, _postgres_database

TABLES = {
    "organization",
    "app_user",
    "role_grant",
    "sign_in_throttle",
    "audit_record",
    "member",
    "member_org_history",
    "member_transfer",
    "development_file",
    "development_step",
    "development_rules",
    "meeting",
    "meeting_attendance",
    "meeting_agenda_item",
    "meeting_study",
    "meeting_attachment",
    "meeting_revision",
    "study_topic",
    "election",
    "election_seat",
    "term_adjustment",
    "meeting_requirement",
    "org_life_rules",
    "approval_route",
    "approval_request",
    "approval_decision",
    "task_template",
    "task_plan",
    "task_plan_item",
    "task_plan_item_executor",
    "task_milestone",
    "task_assignment",
    "task_progress_report",
    "task_assignment_milestone",
    "task_assignment_review",
    "task_rules",
    "indicator_module",
    "indicator_scenario",
    "indicator",
    "indicator_value",
    "alert_record",
    "alert_acknowledgement",
    "alert_scan",
    "alert_count",
    "indicator_snapshot",
    "task_year_tally",
}


@asynccontextmanager
async def fresh_engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An empty database of the run's backend, apart from the suite's shared one."""
    if BACKEND == "postgresql":
        async with _postgres_database() as url:
            engine = create_engine(url)
            yield engine
            await engine.dispose()
    else:
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
        yield engine
        await engine.dispose()


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


def test_the_history_has_one_head() -> None:
    assert len(ScriptDirectory.from_config(migrate.alembic_config()).get_heads()) == 1


async def test_upgrade_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    async with fresh_engine(tmp_path) as engine:
        assert await migrate.pending(engine)
        await migrate.upgrade(engine)
        assert not await migrate.pending(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == TABLES

        await migrate.downgrade(engine, "base")
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) == set()

        await migrate.upgrade(engine)
        assert not await migrate.pending(engine)


async def test_the_models_match_the_migrations(engine: AsyncEngine) -> None:
    def differences(connection: Connection) -> list[Any]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []


@pytest.mark.skipif(BACKEND != "postgresql", reason="the text_pattern_ops index exists on PostgreSQL only")
async def test_subtree_queries_can_use_the_path_index(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        definition = await connection.exec_driver_sql(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_organization_path'"
        )
        assert "text_pattern_ops" in definition.scalar_one()
