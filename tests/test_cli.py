"""The `zhdj` command as an operator runs it: a real process, a real database, real output."""

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlmodel import col

from api.demo import DEMO_ACCOUNTS, seed
from authz.actor import Actor, load_grants
from domain.accounts.models import User
from domain.alerts import AlertLevel
from domain.db import create_engine, session_factory
from domain.development.alerts import development_alerts
from domain.development.enums import DevelopmentStage
from domain.development.rules import DevelopmentRules
from domain.indicators.models import AlertScan
from domain.orgs.models import Organization
from domain.settings import Settings
from domain.timeutil import today
from tests.conftest import BACKEND, _postgres_database

ZHDJ = str(Path(sys.executable).with_name("zhdj"))
STRONG = "Strong#Pass2026"


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, empty database of the run's backend."""
    if BACKEND == "postgresql":
        async with _postgres_database() as url:
            yield url
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'var' / 'cli.db'}"


def zhdj(
    database: str, *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ZHDJ_DATABASE_URL": database}
    return subprocess.run(
        [ZHDJ, *args], input=stdin, capture_output=True, text=True, env=env, cwd=cwd, timeout=120, check=False
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_refuses_a_database_with_pending_migrations(database: str) -> None:
    result = zhdj(database, "serve", "--port", str(free_port()))
    assert result.returncode != 0
    assert "zhdj migrate" in result.stderr


def test_create_admin_refuses_a_weak_password_and_writes_nothing(database: str) -> None:
    assert zhdj(database, "migrate").returncode == 0
    weak = zhdj(database, "create-admin", "--username", "boss", "--password-stdin", stdin="password\n")
    assert weak.returncode != 0
    assert "WEAK_PASSWORD" in weak.stderr
    again = zhdj(database, "create-admin", "--username", "boss", "--password-stdin", stdin=STRONG + "\n")
    assert again.returncode == 0, again.stderr


async def test_migrate_create_admin_then_serve_and_sign_in(database: str) -> None:
    assert (await asyncio.to_thread(zhdj, database, "migrate")).returncode == 0
    created = await asyncio.to_thread(
        zhdj, database, "create-admin", "--username", "boss", "--password-stdin", stdin=STRONG + "\n"
    )
    assert created.returncode == 0, created.stderr
    port = free_port()
    env = {**os.environ, "ZHDJ_DATABASE_URL": database}
    server = await asyncio.create_subprocess_exec(
        ZHDJ, "serve", "--port", str(port), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(100):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                pytest.fail("zhdj serve did not become ready")
            body = (
                await client.post(
                    "/graphql",
                    json={
                        "query": f'mutation {{ login(input: {{username: "boss", password: "{STRONG}"}}) {{ token }} }}'
                    },
                )
            ).json()
            token = body["data"]["login"]["token"]
            me = (
                await client.post(
                    "/graphql",
                    json={"query": "{ me { username grants { role organization { id } subtree } } }"},
                    headers={"authorization": f"Bearer {token}"},
                )
            ).json()
        assert me["data"]["me"] == {
            "username": "boss",
            "grants": [{"role": "ADMIN", "organization": None, "subtree": True}],
        }
        # The server runs the control center's round on its own at start-up: a scan is on record.
        for _ in range(100):
            if await _scans(database):
                break
            await asyncio.sleep(0.1)
        else:
            pytest.fail("zhdj serve ran no round of the control center")
    finally:
        server.terminate()
        await server.wait()


async def _scans(database: str) -> int:
    engine = create_engine(database)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(AlertScan)) or 0)
    finally:
        await engine.dispose()


def test_export_schema_writes_the_sdl(tmp_path: Path) -> None:
    result = zhdj("sqlite+aiosqlite:///unused.db", "export-schema", "--output", str(tmp_path / "out.graphql"))
    assert result.returncode == 0
    schema = (tmp_path / "out.graphql").read_text(encoding="utf-8")
    assert "createOrganization(" in schema and "type Query" in schema


async def test_demo_seed_builds_a_believable_enterprise_once(database: str) -> None:
    assert (await asyncio.to_thread(zhdj, database, "migrate")).returncode == 0
    settings = Settings(database_url=database)
    assert await seed(settings) is True
    assert await seed(settings) is False, "a database with data is never seeded twice"

    engine = create_engine(database)
    try:
        async with engine.connect() as connection:
            by_type: dict[str, int] = dict(
                (await connection.execute(text("SELECT type, count(*) FROM organization GROUP BY type"))).all()
            )
            grants = (await connection.execute(text("SELECT count(*) FROM role_grant"))).scalar_one()
    finally:
        await engine.dispose()
    assert by_type["COMMITTEE"] >= 5 and by_type["GENERAL_BRANCH"] >= 2
    assert 35 <= by_type["BRANCH"] <= 50 and by_type["GROUP"] >= 30
    assert grants == len(DEMO_ACCOUNTS)

    # the member ledger: a living branch everywhere, believable people, the demo member linked to their record
    engine = create_engine(database)
    try:
        async with engine.connect() as connection:
            ledger = (
                await connection.execute(
                    text(
                        "SELECT count(*), count(DISTINCT id_number_key), sum(CASE WHEN status = 'PROBATIONARY' "
                        "THEN 1 ELSE 0 END), sum(CASE WHEN special_state = 'FLOWING' THEN 1 ELSE 0 END), "
                        "sum(CASE WHEN ethnicity <> 'HAN' THEN 1 ELSE 0 END) FROM member"
                    )
                )
            ).one()
            per_branch = (
                await connection.execute(
                    text(
                        "SELECT o.name, count(m.id), sum(CASE WHEN m.status = 'FULL' THEN 1 ELSE 0 END) "
                        "FROM organization o LEFT JOIN member m ON m.organization_id = o.id "
                        "WHERE o.type = 'BRANCH' GROUP BY o.id, o.name"
                    )
                )
            ).all()
            retired: dict[bool, int] = dict(
                (
                    await connection.execute(
                        text(
                            "SELECT o.name = '离退休党支部', count(*) FROM member m "
                            "JOIN organization o ON o.id = m.organization_id "
                            "WHERE m.category = 'RETIRED' GROUP BY o.name = '离退休党支部'"
                        )
                    )
                ).all()
            )
            own = (
                await connection.execute(
                    text(
                        "SELECT m.name, o.name FROM member m JOIN app_user u ON u.id = m.user_id "
                        "JOIN organization o ON o.id = m.organization_id WHERE u.username = 'liu.dangyuan'"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    members, distinct_ids, probationary, flowing, minorities = ledger
    assert members >= 400 and distinct_ids == members
    assert 1 <= probationary < members // 10 and flowing >= 2 and 0 < minorities < members // 5
    assert all(8 <= count <= 26 and full >= 3 for _, count, full in per_branch), per_branch
    assert retired.get(True, 0) >= 8 and not retired.get(False), "retired members belong to 离退休党支部"
    assert [(name[0], branch) for name, branch in own] == [("刘", "运行一值党支部")]

    # member development: files at every stage over several branches, admissions in the ledger, alerts due
    engine = create_engine(database)
    try:
        async with session_factory(engine)() as session:
            stages: dict[str, int] = dict(
                (await session.execute(text("SELECT stage, count(*) FROM development_file GROUP BY stage"))).all()
            )
            branches = (
                await session.execute(text("SELECT count(DISTINCT organization_id) FROM development_file"))
            ).scalar_one()
            admitted = (
                await session.execute(
                    text(
                        "SELECT f.stage, m.status, m.joined_on = s.done_on FROM development_file f "
                        "JOIN member m ON m.id = f.member_id "
                        "JOIN development_step s ON s.file_id = f.id AND s.step = 'ADMISSION_VOTE'"
                    )
                )
            ).all()
            talks = (
                await session.execute(
                    text(
                        "SELECT count(DISTINCT f.id) FROM development_file f JOIN development_step s "
                        "ON s.file_id = f.id AND s.step = 'APPLICANT_TALK' WHERE f.stage = 'APPLICANT'"
                    )
                )
            ).scalar_one()
            admin = await session.scalar(select(User).where(col(User.username) == "zhang.admin"))
            root = await session.scalar(select(Organization).where(col(Organization.parent_id).is_(None)))
            assert admin is not None and admin.id is not None and root is not None
            actor = Actor(user_id=admin.id, username=admin.username, grants=await load_grants(session, admin.id))
            alerts = await development_alerts(
                session, actor=actor, under_path=root.path, rules=DevelopmentRules(), today=today()
            )
    finally:
        await engine.dispose()
    assert 15 <= sum(stages.values()) <= 25 and branches >= 4
    assert all(stages.get(stage, 0) >= 1 for stage in DevelopmentStage), stages
    assert 1 <= talks < stages["APPLICANT"], "applicants both talked to and still waiting for the talk"
    assert {(stage, status, same) for stage, status, same in admitted} == {
        ("PROBATIONARY", "PROBATIONARY", True),
        ("FULL", "FULL", True),
    }
    levels = {(alert.kind, alert.level) for alert in alerts}
    assert {
        ("DEVELOPMENT_TALK_DUE", AlertLevel.YELLOW),
        ("DEVELOPMENT_TALK_DUE", AlertLevel.RED),
        ("DEVELOPMENT_CONVERSION_DUE", AlertLevel.YELLOW),
        ("DEVELOPMENT_CONVERSION_DUE", AlertLevel.RED),
        ("DEVELOPMENT_APPROVAL_OVERDUE", AlertLevel.RED),
    } <= levels, levels
