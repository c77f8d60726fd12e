"""Reading a catalog file: the default catalog is complete and clean; a bad file is refused as a whole with
every problem listed, each with its code and where it is (YAML path or CSV row and column)."""

import pytest

from domain.indicators.catalog import CatalogRefused
from domain.indicators.catalog_files import DEFAULT_CATALOG, parse_csv, parse_file, parse_yaml
from domain.indicators.computations import REGISTRY
from domain.indicators.enums import Source

GOOD = """
modules:
- code: ORG_LIFE
  name: 组织生活
  scenarios:
  - code: THREE_MEETINGS
    name: 三会一课
    indicators:
    - {code: MEETING_COMPLIANCE, name: 三会一课规范开展率, unit: PERCENT, direction: HIGHER, source: COMPUTED,
       computation: MEETING_COMPLIANCE, period: QUARTER, org_types: [BRANCH, COMMITTEE], green: 95, yellow: 85,
       weight: 5}
    - {code: DUES_PAID_ON_TIME, name: 党费按时足额交纳率, unit: PERCENT, direction: HIGHER, source: REPORTED,
       period: QUARTER, org_types: [BRANCH], green: 100, yellow: 95.5, weight: 2.5, active: false}
"""

BAD = """
modules:
- code: ORG_LIFE
  name: 组织生活
  scenarios:
  - code: THREE_MEETINGS
    name: 三会一课
    indicators:
    - {code: MEETING_COMPLIANCE, name: 三会一课规范开展率, unit: PERCENT, direction: HIGHER, source: COMPUTED,
       computation: NO_SUCH_THING, period: QUARTER, org_types: [BRANCH], green: 80, yellow: 90, weight: 5}
    - {code: MEETING_COMPLIANCE, name: 重复, unit: PERCENT, direction: LOWER, source: REPORTED,
       period: QUARTER, org_types: [BRANCH], green: 5, yellow: 10, weight: 1}
    - {code: LOST, name: 失联, unit: PERCENT, direction: LOWER, source: COMPUTED, computation: LOST_CONTACT_MEMBERS,
       period: WEEK, org_types: [BRANCH, TEAM], green: 0, yellow: 1, weight: 0, gren: 1}
    - {code: bad code, unit: PERCENT, direction: HIGHER, source: REPORTED, computation: MEETING_COMPLIANCE,
       period: YEAR, org_types: [], green: 120, yellow: 90, weight: 1}
"""


def test_the_default_catalog_is_complete_and_clean() -> None:
    catalog = parse_file(DEFAULT_CATALOG)
    computed = [i for i in catalog.indicators if i.source is Source.COMPUTED]
    assert len(catalog.indicators) >= 40 and len(computed) >= 25
    assert {i.computation for i in computed} == set(REGISTRY)  # every computation is used, none unknown
    assert {i.source for i in catalog.indicators} == set(Source)
    scenarios = {s.code for s in catalog.scenarios}
    assert all(i.scenario in scenarios for i in catalog.indicators) and len(catalog.modules) >= 6
    texts = " ".join(f"{i.name} {i.description}" for i in catalog.indicators)
    for forbidden in ("学习时长", "时长", "点击", "打卡", "点赞", "积分"):  # DOMAIN.md, Education
        assert forbidden not in texts


def test_a_good_yaml_catalog_reads_into_specs() -> None:
    catalog = parse_yaml(GOOD)
    assert [(m.code, m.name) for m in catalog.modules] == [("ORG_LIFE", "组织生活")]
    assert [(s.code, s.module) for s in catalog.scenarios] == [("THREE_MEETINGS", "ORG_LIFE")]
    first, second = catalog.indicators
    assert first.org_types == ("COMMITTEE", "BRANCH")  # the tree's order
    assert (first.computation, first.active, str(second.yellow), str(second.weight)) == (
        "MEETING_COMPLIANCE",
        True,
        "95.5",
        "2.5",
    )
    assert (second.computation, second.active) == (None, False)


def test_a_bad_yaml_catalog_is_refused_with_every_problem() -> None:
    with pytest.raises(CatalogRefused) as refused:
        parse_yaml(BAD)
    at = "modules[0].scenarios[0].indicators"
    found = [(p.code, p.where) for p in refused.value.problems]
    assert found == [
        ("UNKNOWN_COMPUTATION", f"{at}[0](MEETING_COMPLIANCE).computation"),
        ("THRESHOLDS_OUT_OF_ORDER", f"{at}[0](MEETING_COMPLIANCE).yellow"),
        ("DUPLICATE_CODE", f"{at}[1](MEETING_COMPLIANCE).code"),
        ("INVALID_CATALOG", f"{at}[2](LOST).gren"),
        ("INVALID_CATALOG", f"{at}[2](LOST).period"),
        ("INVALID_CATALOG", f"{at}[2](LOST).org_types"),
        ("INVALID_CATALOG", f"{at}[2](LOST).weight"),
        ("INVALID_CATALOG", f"{at}[2](LOST).computation"),  # a COUNT computation for a PERCENT indicator
        ("INVALID_CATALOG", f"{at}[3](bad code).code"),
        ("INVALID_CATALOG", f"{at}[3](bad code).name"),
        ("INVALID_CATALOG", f"{at}[3](bad code).org_types"),
        ("INVALID_CATALOG", f"{at}[3](bad code).green"),  # over 100 for a percentage
        ("INVALID_CATALOG", f"{at}[3](bad code).computation"),  # a reported indicator names no computation
    ]
    assert all(p.message for p in refused.value.problems)
    assert refused.value.code == "UNKNOWN_COMPUTATION" and "13 处错误" in refused.value.message


@pytest.mark.parametrize(
    ("text", "where"),
    [("modules: [\n  - code: X\n  name", "第 2 行"), ("modules: []", "modules"), ("- 1", "modules")],
)
def test_a_file_that_is_not_a_catalog_is_refused(text: str, where: str) -> None:
    with pytest.raises(CatalogRefused) as refused:
        parse_yaml(text)
    assert [(p.code, p.where) for p in refused.value.problems] == [("INVALID_CATALOG", where)]


HEADER = (
    "module_code,module_name,scenario_code,scenario_name,code,name,description,unit,direction,source,"
    "computation,period,org_types,green,yellow,weight,active\n"
)


def test_a_csv_catalog_reads_one_row_per_indicator() -> None:
    text = HEADER + (
        "ORG_LIFE,组织生活,THREE_MEETINGS,三会一课,MEETING_COMPLIANCE,三会一课规范开展率,,PERCENT,HIGHER,COMPUTED,"
        "MEETING_COMPLIANCE,QUARTER,BRANCH|COMMITTEE,95,85,5,\n"
        "ORG_LIFE,组织生活,THEME_DAY,主题党日,DUES,党费按时足额交纳率,按季填报,PERCENT,HIGHER,REPORTED,,QUARTER,"
        "BRANCH,100,95,2,false\n"
    )
    catalog = parse_csv(text)
    assert [m.code for m in catalog.modules] == ["ORG_LIFE"]
    assert [(s.code, s.module) for s in catalog.scenarios] == [
        ("THREE_MEETINGS", "ORG_LIFE"),
        ("THEME_DAY", "ORG_LIFE"),
    ]
    assert [(i.code, i.scenario, i.active) for i in catalog.indicators] == [
        ("MEETING_COMPLIANCE", "THREE_MEETINGS", True),
        ("DUES", "THEME_DAY", False),
    ]
    assert catalog.indicators[1].description == "按季填报"


def test_a_bad_csv_catalog_lists_every_row() -> None:
    text = HEADER + (
        "ORG_LIFE,组织生活,THREE_MEETINGS,三会一课,A,甲,,PERCENT,HIGHER,COMPUTED,NOPE,QUARTER,BRANCH,95,85,5,\n"
        "ORG_LIFE,另一个名字,THREE_MEETINGS,三会一课,B,乙,,PERCENT,LOWER,REPORTED,,QUARTER,BRANCH,20,10,1,\n"
        "ORG_LIFE,组织生活,THREE_MEETINGS,三会一课,A,丙,,COUNT,HIGHER,REPORTED,,QUARTER,BRANCH,1.5,1,1,maybe\n"
    )
    with pytest.raises(CatalogRefused) as refused:
        parse_csv(text)
    assert [(p.code, p.where) for p in refused.value.problems] == [
        ("UNKNOWN_COMPUTATION", "第 2 行 computation"),
        ("INVALID_CATALOG", "第 3 行 module_name"),
        ("THRESHOLDS_OUT_OF_ORDER", "第 3 行 yellow"),
        ("DUPLICATE_CODE", "第 4 行 code"),
        ("INVALID_CATALOG", "第 4 行 green"),  # a count is a whole number
        ("INVALID_CATALOG", "第 4 行 active"),
    ]


def test_a_csv_without_its_columns_is_refused() -> None:
    with pytest.raises(CatalogRefused) as refused:
        parse_csv("code,name\nA,甲\n")
    (problem,) = refused.value.problems
    assert (problem.code, problem.where) == ("INVALID_CATALOG", "第 1 行")
    assert "module_code" in problem.message and "green" in problem.message
