"""`zhdj alerts scan`: gather every area's alerts for the whole tree into the alert center (run it on a
schedule, e.g. nightly; the center shows when it last ran)."""

import asyncio

import click

from domain.audit import Caller, audited
from domain.db import create_engine, session_factory
from domain.indicators.alert_scan import ScanResult, scan
from domain.settings import get_settings
from domain.timeutil import today

AREA_LABELS = {"DEVELOPMENT": "发展党员", "ORG_LIFE": "组织生活", "TASKS": "党建任务", "INDICATORS": "绩效指标"}
LEVEL_LABELS = {"RED": "红色", "YELLOW": "黄色", "GREEN": "绿色"}


@click.group(help="The unified alert center (预警中心).")
def alerts() -> None:
    pass


async def _run() -> ScanResult:
    engine = create_engine(get_settings().database_url)
    try:
        return await audited(
            session_factory(engine),
            caller=Caller(user_id=None, username="system:alert-scan", client_address="cli"),
            operation="alertScan",
            work=lambda s: scan(s, today=today()),
        )
    finally:
        await engine.dispose()


@alerts.command("scan", help="Scan every area for alerts across the whole tree and store what is found.")
def scan_command() -> None:
    result = asyncio.run(_run())
    seconds = (result.finished_at - result.started_at).total_seconds()
    click.echo(f"预警扫描完成 (scan #{result.scan_id})，用时 {seconds:.1f} 秒")
    for area, label in AREA_LABELS.items():
        click.echo(f"  {label:<6} {result.by_area.get(area, 0)} 条")
    levels = "，".join(f"{label} {result.by_level.get(level, 0)}" for level, label in LEVEL_LABELS.items())
    click.echo(f"  共 {result.found} 条（{levels}）；新增 {result.added}，更新 {result.updated}，消除 {result.removed}")
