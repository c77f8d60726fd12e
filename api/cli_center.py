"""`zhdj center tick`: the control center's round by hand (or from cron when the server's own schedule is
off): store the values of periods that have just closed, then scan every area for alerts."""

import click

from api.scheduler import run_once
from domain.settings import get_settings


@click.group(help="The control center (管控中心).")
def center() -> None:
    pass


@center.command("tick", help="Snapshot the periods that have just closed, then scan for alerts.")
def tick_command() -> None:
    result = run_once(get_settings().database_url)
    if result.scan is None:
        click.echo("另一进程正在执行本轮，已跳过 (another process holds the round)")
        return
    for s in result.snapshots:
        click.echo(f"指标快照：期间 {s.period}，组织 {s.orgs} 个，新写入 {s.written} 条，更新 {s.updated} 条")
    click.echo(f"预警扫描完成 (scan #{result.scan.scan_id})：共 {result.scan.found} 条")
