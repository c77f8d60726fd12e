"""The `zhdj` command: serve, migrate, create-admin, demo, export-schema."""

import asyncio
import sys
from pathlib import Path

import click
import uvicorn

from api.cli_alerts import alerts
from api.cli_catalog import catalog_group, load_default_catalog
from api.cli_center import center
from api.cli_indicators import indicators
from api.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed
from domain import migrate
from domain.accounts import service as accounts
from domain.audit import Caller, audited
from domain.db import create_engine, is_sqlite, session_factory
from domain.errors import DomainError
from domain.settings import Settings, get_settings

SCHEMA_FILE = Path("schema.graphql")


def _ensure_sqlite_folder(settings: Settings) -> None:
    if is_sqlite(settings.database_url) and ":///" in settings.database_url:
        path = settings.database_url.split(":///", 1)[1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)


async def _migrate(settings: Settings) -> None:
    _ensure_sqlite_folder(settings)
    engine = create_engine(settings.database_url)
    try:
        await migrate.upgrade(engine)
    finally:
        await engine.dispose()


async def _pending(settings: Settings) -> bool:
    _ensure_sqlite_folder(settings)
    engine = create_engine(settings.database_url)
    try:
        return await migrate.pending(engine)
    finally:
        await engine.dispose()


@click.group(help="智慧党建管控中心 zhdj")
def main() -> None:
    pass


main.add_command(alerts)
main.add_command(catalog_group)
main.add_command(center)
main.add_command(indicators)


@main.command(help="Serve the GraphQL API (refuses a database with pending migrations).")
@click.option("--host", default=None, help="Address to bind (ZHDJ_HOST, default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (ZHDJ_PORT, default 8000).")
@click.option("--workers", default=None, type=int, help="Worker processes (ZHDJ_WORKERS, default 1).")
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    settings = get_settings()
    if asyncio.run(_pending(settings)):
        raise click.ClickException("数据库结构不是最新 (pending migrations): run `zhdj migrate` first")
    _run_server(settings, host or settings.host, port or settings.port, workers or settings.workers)


def _run_server(settings: Settings, host: str, port: int, workers: int) -> None:
    where = f"http://{host}:{port}/graphql"
    click.echo(f"zhdj 正在运行: {where}" + ("" if settings.is_production else " (GraphiQL)"))
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")


@main.command("migrate", help="Upgrade the database to the newest schema (alembic upgrade head).")
def migrate_command() -> None:
    settings = get_settings()
    asyncio.run(_migrate(settings))
    click.echo("数据库已是最新结构 (migrated to head)")
    _default_catalog(settings)


@main.command("create-admin", help="Create an account with a global ADMIN grant.")
@click.option("--username", required=True)
@click.option("--display-name", default="系统管理员")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_admin(username: str, display_name: str, password_stdin: bool) -> None:
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = get_settings()

    async def run() -> None:
        engine = create_engine(settings.database_url)
        try:
            await audited(
                session_factory(engine),
                caller=Caller(user_id=None, username=None, client_address="cli"),
                operation="createAdmin",
                work=lambda s: accounts.create_admin(
                    s, username=username, password=password, display_name=display_name
                ),
            )
        finally:
            await engine.dispose()

    try:
        asyncio.run(run())
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from error
    click.echo(f"已创建系统管理员 {username}")


@main.command(help="Migrate, seed demo data into an empty database, and serve (what `make demo` runs).")
@click.option("--host", default=None)
@click.option("--port", default=None, type=int)
def demo(host: str | None, port: int | None) -> None:
    settings = get_settings()
    asyncio.run(_migrate(settings))
    _default_catalog(settings)
    seeded = asyncio.run(seed(settings))
    click.echo("已写入演示数据 (demo data seeded)" if seeded else "数据库已有数据，未重复写入演示数据")
    click.echo(f"演示账号 (demo accounts), password {DEMO_PASSWORD}:")
    for username, description in DEMO_ACCOUNTS:
        click.echo(f"  {username:<14} {description}")
    _run_server(settings, host or settings.host, port or settings.port, 1)


def _default_catalog(settings: Settings) -> None:
    """An empty indicator library gets the default catalog (domain/indicators/catalog/default.yaml)."""
    loaded = asyncio.run(load_default_catalog(settings.database_url))
    if loaded is not None:
        click.echo(f"已载入默认指标库 (default indicator catalog): {loaded.indicators_added} 项指标")


@main.command("export-schema", help="Write the GraphQL SDL to schema.graphql (or --output).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=SCHEMA_FILE)
def export_schema(output: Path) -> None:
    output.write_text(schema_sdl(), encoding="utf-8")
    click.echo(f"wrote {output}")


def schema_sdl() -> str:
    from api.schema import build_schema

    return build_schema(Settings()).as_str() + "\n"


if __name__ == "__main__":
    main()
