"""`zhdj indicators snapshot --period 2026Q3`: store the computed indicator values of a period for the whole
tree (run it when a period closes). Rerunning it updates the stored values in place, never duplicates them."""

import asyncio
import sys
import time
from typing import Any

import click

from domain.audit import Caller, audited
from domain.db import create_engine, session_factory
from domain.errors import DomainError
from domain.indicators.snapshot import SnapshotSummary, snapshot
from domain.settings import get_settings
from domain.timeutil import today


@click.group(help="Indicator values (绩效指标).")
def indicators() -> None:
    pass


class _Bar:
    """A click progress bar opened on the first report, once the number of orgs is known."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            bar: Any = click.progressbar(length=total, label="快照 (snapshot)", file=sys.stderr)
            self.bar = bar.__enter__()
        self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


async def _run(period: str, bar: _Bar) -> SnapshotSummary:
    engine = create_engine(get_settings().database_url)
    try:
        return await audited(
            session_factory(engine),
            caller=Caller(user_id=None, username="system:indicator-snapshot", client_address="cli"),
            operation="indicatorSnapshot",
            work=lambda s: snapshot(s, period=period, today=today(), progress=bar),
        )
    finally:
        await engine.dispose()


@indicators.command("snapshot", help="Store the computed indicator values of a period for every org.")
@click.option("--period", required=True, help="2026, 2026Q3 or 2026-07")
def snapshot_command(period: str) -> None:
    started, bar = time.monotonic(), _Bar()
    try:
        summary = asyncio.run(_run(period, bar))
    except DomainError as error:
        raise click.ClickException(f"{error.code}: {error.message}") from error
    finally:
        bar.close()
    click.echo(f"指标快照完成：期间 {summary.period}，用时 {time.monotonic() - started:.1f} 秒")
    click.echo(
        f"  组织 {summary.orgs} 个；新写入 {summary.written} 条，更新 {summary.updated} 条，未变 {summary.unchanged} 条"
    )
