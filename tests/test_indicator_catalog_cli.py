"""`zhdj catalog load` as an operator runs it: a refused file prints every problem and exits 1, writing
nothing; a dry run counts without writing; a load prints what it added and changed."""

from pathlib import Path

from sqlalchemy import func, select

from domain.db import create_engine
from domain.indicators.catalog_files import DEFAULT_CATALOG
from domain.indicators.models import Indicator
from tests.test_cli import database, zhdj

__all__ = ["database"]  # the fixture: a fresh, empty database of the run's backend


async def _count(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return int((await connection.execute(select(func.count()).select_from(Indicator))).scalar_one())
    finally:
        await engine.dispose()


async def test_catalog_load_refuses_dry_runs_and_loads(database: str, tmp_path: Path) -> None:
    # `zhdj migrate` gives an empty library the default catalog, once.
    migrated = zhdj(database, "migrate")
    assert migrated.returncode == 0 and "已载入默认指标库" in migrated.stdout, migrated.stderr
    assert await _count(database) == 45
    assert "已载入默认指标库" not in zhdj(database, "migrate").stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "module_code,module_name,scenario_code,scenario_name,code,name,unit,direction,source,computation,period,"
        "org_types,green,yellow,weight\n"
        "M,模块,S,场景,A,甲,PERCENT,HIGHER,COMPUTED,NOPE,QUARTER,BRANCH,80,90,1\n"
        "M,模块,S,场景,A,乙,PERCENT,HIGHER,REPORTED,,QUARTER,BRANCH,90,80,1\n",
        encoding="utf-8",
    )
    refused = zhdj(database, "catalog", "load", str(bad))
    assert refused.returncode == 1
    assert "3 处错误" in refused.stderr
    for line in (
        "UNKNOWN_COMPUTATION  第 2 行 computation",
        "THRESHOLDS_OUT_OF_ORDER  第 2 行 yellow",
        "DUPLICATE_CODE  第 3 行 code",
    ):
        assert line in refused.stderr, refused.stderr
    assert await _count(database) == 45
    dry = zhdj(database, "catalog", "load", "--dry-run", str(DEFAULT_CATALOG))
    assert dry.returncode == 0, dry.stderr
    assert "dry run" in dry.stdout and "未变 45" in dry.stdout
    assert await _count(database) == 45
    again = zhdj(database, "catalog", "load", str(DEFAULT_CATALOG))
    assert "新增 0，修改 0，未变 45，停用 0" in again.stdout
