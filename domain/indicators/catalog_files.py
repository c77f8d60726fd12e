"""Reading a catalog file: YAML (modules > scenarios > indicators, as default.yaml) or CSV (one row per
indicator, with its module's and scenario's code and name). Every problem of the whole file is listed."""

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from domain.indicators.catalog import Catalog, CatalogRefused, IndicatorSpec, ModuleSpec, Problems, ScenarioSpec
from domain.indicators.catalog_checks import check_code, check_name, indicator_spec
from domain.indicators.errors import IndicatorError

DEFAULT_CATALOG = Path(__file__).with_name("catalog") / "default.yaml"
CSV_COLUMNS = ("module_code", "module_name", "scenario_code", "scenario_name", "code", "name", "description",
               "unit", "direction", "source", "computation", "period", "org_types", "green", "yellow", "weight",
               "active")  # fmt: skip
_CSV_REQUIRED = set(CSV_COLUMNS) - {"description", "computation", "active"}


def parse_file(path: Path) -> Catalog:
    text = path.read_text(encoding="utf-8-sig")  # a CSV saved by Excel starts with a byte-order mark
    return parse_csv(text) if path.suffix.lower() == ".csv" else parse_yaml(text)


def parse_yaml(text: str) -> Catalog:
    problems = Problems()
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else "文件"
        problems.add(IndicatorError.INVALID_CATALOG, where, f"不是合法的 YAML：{error}")
        raise CatalogRefused(problems.items) from error
    modules = document.get("modules") if isinstance(document, dict) else None
    if not isinstance(modules, list) or not modules:
        problems.add(IndicatorError.INVALID_CATALOG, "modules", "文件须有 modules 列表")
        raise CatalogRefused(problems.items)
    catalog = Catalog()
    for i, raw_module in enumerate(modules):
        _yaml_module(catalog, _mapping(raw_module, f"modules[{i}]", problems), i, problems)
    check_catalog(catalog, problems)
    return catalog


def parse_csv(text: str) -> Catalog:
    problems = Problems()
    reader = csv.DictReader(io.StringIO(text))
    missing = _CSV_REQUIRED - set(reader.fieldnames or ())
    if missing:
        problems.add(IndicatorError.INVALID_CATALOG, "第 1 行", f"缺少列：{'、'.join(sorted(missing))}")
        problems.refuse_if_any()
    catalog = Catalog()
    modules: dict[str, ModuleSpec] = {}
    scenarios: dict[str, ScenarioSpec] = {}
    for number, row in enumerate(reader, start=2):
        at = f"第 {number} 行 "
        if None in row:
            problems.add(IndicatorError.INVALID_CATALOG, at.strip(), "列数多于表头")
        m_code = check_code(row.get("module_code"), "module", at + "module_code", problems, unique=False)
        m_name = check_name(row.get("module_name"), at + "module_name", problems)
        s_code = check_code(row.get("scenario_code"), "scenario", at + "scenario_code", problems, unique=False)
        s_name = check_name(row.get("scenario_name"), at + "scenario_name", problems)
        if m_code and m_name:
            module = modules.setdefault(m_code, ModuleSpec(m_code, m_name, len(modules)))
            if module.name != m_name:
                problems.add(
                    IndicatorError.INVALID_CATALOG, at + "module_name", f"模块 {m_code} 前面的名称是 {module.name}"
                )
        if m_code and s_code and s_name:
            scenario = scenarios.setdefault(s_code, ScenarioSpec(s_code, s_name, m_code, len(scenarios)))
            if (scenario.name, scenario.module) != (s_name, m_code):
                problems.add(
                    IndicatorError.INVALID_CATALOG,
                    at + "scenario_code",
                    f"场景 {s_code} 前面属于模块 {scenario.module}、名为 {scenario.name}",
                )
        fields = {k: v for k, v in row.items() if k in CSV_COLUMNS[4:] and v is not None}
        fields = {k: v for k, v in fields.items() if v.strip() or k not in {"description", "computation", "active"}}
        spec = indicator_spec(fields, scenario=s_code or "", position=number, prefix=at, problems=problems)
        if spec is not None:
            catalog.indicators.append(spec)
    if not catalog.indicators and not problems.items:
        problems.add(IndicatorError.INVALID_CATALOG, "文件", "没有任何指标")
    catalog.modules, catalog.scenarios = list(modules.values()), list(scenarios.values())
    check_catalog(catalog, problems)
    return catalog


def _yaml_module(catalog: Catalog, module: Mapping[str, Any], i: int, problems: Problems) -> None:
    at = f"modules[{i}]"
    code = check_code(module.get("code"), "module", at + ".code", problems)
    name = check_name(module.get("name"), at + ".name", problems)
    if code and name:
        catalog.modules.append(ModuleSpec(code, name, i))
    for j, raw_scenario in enumerate(_items(module, "scenarios", at, problems)):
        at_s = f"{at}.scenarios[{j}]"
        scenario = _mapping(raw_scenario, at_s, problems)
        s_code = check_code(scenario.get("code"), "scenario", at_s + ".code", problems)
        s_name = check_name(scenario.get("name"), at_s + ".name", problems)
        if code and s_code and s_name:
            catalog.scenarios.append(ScenarioSpec(s_code, s_name, code, j))
        for k, raw_indicator in enumerate(_items(scenario, "indicators", at_s, problems)):
            at_i = f"{at_s}.indicators[{k}]"
            raw = _mapping(raw_indicator, at_i, problems)
            label = f"{at_i}({raw['code']})." if isinstance(raw.get("code"), str) else f"{at_i}."
            spec = indicator_spec(raw, scenario=s_code or "", position=k, prefix=label, problems=problems)
            if spec is not None:
                catalog.indicators.append(spec)


def check_catalog(catalog: Catalog, problems: Problems) -> None:
    """The whole catalog is refused if anything failed (duplicate codes were caught as they were read)."""
    problems.refuse_if_any()


def _mapping(value: Any, where: str, problems: Problems) -> Mapping[str, Any]:
    if isinstance(value, dict):
        return value
    problems.add(IndicatorError.INVALID_CATALOG, where, "须为键值对（code: …, name: …）")
    return {}


def _items(parent: Mapping[str, Any], key: str, where: str, problems: Problems) -> list[Any]:
    value = parent.get(key)
    if not isinstance(value, list) or not value:
        problems.add(IndicatorError.INVALID_CATALOG, f"{where}.{key}", f"须有非空的 {key} 列表")
        return []
    return value


__all__ = ["CSV_COLUMNS", "DEFAULT_CATALOG", "Catalog", "IndicatorSpec", "parse_csv", "parse_file", "parse_yaml"]
