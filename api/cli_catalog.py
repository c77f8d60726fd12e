"""`zhdj catalog load FILE`: check a catalog file (YAML or CSV) and merge it into the indicator library.

A file with any problem is refused as a whole: every problem is printed, nothing is written, exit status 1.
The load is one transaction and one audit record (the console's operator: no user, client `cli`).
"""

import asyncio
import sys
import time
from pathlib import Path

import click
from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import Caller, audited
from domain.db import create_engine, session_factory
from domain.errors import DomainError
from domain.indicators import catalog_service
from domain.indicators.catalog import Catalog, CatalogRefused
from domain.indicators.catalog_files import parse_file
from domain.indicators.catalog_service import LoadSummary
from domain.settings import get_settings

CLI = Caller(user_id=None, username=None, client_address="cli")


@click.group("catalog", help="The indicator library (指标库).")
def catalog_group() -> None:
    pass


@catalog_group.command("load", help="Check a catalog file (.yaml or .csv) and merge it by code.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and count the changes, write nothing.")
@click.option("--replace", is_flag=True, help="Deactivate the indicators the file does not list.")
def load(file: Path, dry_run: bool, replace: bool) -> None:
    started = time.monotonic()
    try:
        catalog = parse_file(file)
        summary = asyncio.run(_load(catalog, dry_run=dry_run, replace=replace))
    except CatalogRefused as refusal:
        click.echo(f"指标库未载入：{len(refusal.problems)} 处错误 (catalog refused)", err=True)
        for p in refusal.problems:
            click.echo(f"  {p.code}  {p.where}: {p.message}", err=True)
        raise SystemExit(1) from refusal
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from error
    done = "检查通过，未写入 (dry run)" if dry_run else "已载入 (loaded)"
    click.echo(f"{done}：{file.name}，用时 {time.monotonic() - started:.1f} 秒")
    click.echo(f"  模块 modules:       新增 {summary.modules_added}，修改 {summary.modules_changed}")
    click.echo(f"  场景 scenarios:     新增 {summary.scenarios_added}，修改 {summary.scenarios_changed}")
    click.echo(
        f"  指标 indicators:    新增 {summary.indicators_added}，修改 {summary.indicators_changed}，"
        f"未变 {summary.indicators_unchanged}，停用 {summary.indicators_deactivated}"
    )


async def _load(catalog: Catalog, *, dry_run: bool, replace: bool) -> LoadSummary:
    engine = create_engine(get_settings().database_url)
    try:
        with click.progressbar(length=len(catalog.indicators), label="指标", file=sys.stderr) as bar:

            def step(count: int) -> None:
                bar.update(count)

            async def work(session: AsyncSession) -> LoadSummary:
                return await catalog_service.load_catalog(
                    session, actor=None, catalog=catalog, replace=replace, progress=step
                )

            sessions = session_factory(engine)
            if not dry_run:
                return await audited(sessions, caller=CLI, operation="loadIndicatorCatalog", work=work)
            async with sessions() as session:
                summary = await work(session)
                await session.rollback()  # a dry run counts the changes and keeps none
                return summary
    finally:
        await engine.dispose()


async def load_default_catalog(database_url: str) -> LoadSummary | None:
    """The default catalog into an empty library, audited (for `zhdj migrate` and `zhdj demo`); None if not empty."""
    engine = create_engine(database_url)
    try:
        return await audited(
            session_factory(engine),
            caller=CLI,
            operation="loadDefaultIndicatorCatalog",
            work=catalog_service.load_default_if_empty,
        )
    finally:
        await engine.dispose()
