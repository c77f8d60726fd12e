"""The checks of a catalog's codes, names and indicators, each problem collected with where it is.

The same field checks serve a file (catalog_files.py) and one indicator edited through the API
(upsertIndicator), so the two doors cannot disagree about what a valid indicator is.
"""

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from domain.errors import DomainError
from domain.indicators.catalog import CODE_LIMITS, IndicatorSpec, Problems
from domain.indicators.computations import REGISTRY
from domain.indicators.enums import Direction, Source, Unit
from domain.indicators.errors import IndicatorError
from domain.indicators.rules import check_thresholds, check_value
from domain.orglife.enums import Period
from domain.orgs.models import OrgType
from domain.texts import optional_text

CODE = re.compile(r"^[A-Z][A-Z0-9_]*$")
MAX_WEIGHT = Decimal(100)
INDICATOR_FIELDS = frozenset(
    {"code", "name", "description", "unit", "direction", "source", "computation", "period", "org_types"}
    | {"green", "yellow", "weight", "active"}
)
E = TypeVar("E", bound=StrEnum)


def check_code(value: Any, kind: str, where: str, problems: Problems, *, unique: bool = True) -> str | None:
    """A well-formed code; with `unique`, also one not seen before in this catalog (DUPLICATE_CODE)."""
    limit = CODE_LIMITS[kind]
    text = value.strip() if isinstance(value, str) else None
    if not text or len(text) > limit or not CODE.match(text):
        problems.add(
            IndicatorError.INVALID_CATALOG,
            where,
            f"编码须为大写字母开头的大写字母、数字或下划线，不超过 {limit} 个字符",
        )
        return None
    if unique and text in problems.codes[kind]:
        problems.add(IndicatorError.DUPLICATE_CODE, where, f"编码 {text} 在文件中重复")
    problems.codes[kind].add(text)
    return text


def check_name(value: Any, where: str, problems: Problems, limit: int = 100, *, required: bool = True) -> str | None:
    try:
        text = optional_text(value if isinstance(value, str) else None, [where], limit, lines=not required)
    except DomainError as error:
        problems.add(IndicatorError.INVALID_CATALOG, where, error.message)
        return None
    if text is None and required:
        problems.add(IndicatorError.INVALID_CATALOG, where, "不能为空")
    return text


def indicator_spec(
    raw: Mapping[str, Any], *, scenario: str, position: int, prefix: str, problems: Problems
) -> IndicatorSpec | None:
    """One indicator's fields, each checked; None when any is wrong (its problems are in `problems`)."""
    before = len(problems.items)
    for key in raw:
        if key not in INDICATOR_FIELDS:
            problems.add(IndicatorError.INVALID_CATALOG, prefix + str(key), f"未知字段 {key}")
    code = check_code(raw.get("code"), "indicator", prefix + "code", problems)
    name = check_name(raw.get("name"), prefix + "name", problems)
    description = check_name(raw.get("description"), prefix + "description", problems, 1000, required=False)
    unit = _choice(Unit, raw.get("unit"), prefix + "unit", problems)
    direction = _choice(Direction, raw.get("direction"), prefix + "direction", problems)
    source = _choice(Source, raw.get("source"), prefix + "source", problems)
    period = _choice(Period, raw.get("period"), prefix + "period", problems)
    org_types = _org_types(raw.get("org_types"), prefix + "org_types", problems)
    green = _number(raw.get("green"), unit, prefix + "green", problems)
    yellow = _number(raw.get("yellow"), unit, prefix + "yellow", problems)
    weight = _weight(raw.get("weight"), prefix + "weight", problems)
    active = _flag(raw.get("active", True), prefix + "active", problems)
    computation = _computation(raw.get("computation"), source, unit, prefix + "computation", problems)
    if direction is not None and green is not None and yellow is not None:
        try:
            check_thresholds(direction, green, yellow)
        except DomainError as error:
            problems.add(IndicatorError.THRESHOLDS_OUT_OF_ORDER, prefix + "yellow", error.message)
    if len(problems.items) > before:
        return None
    assert code and name and unit and direction and source and period and org_types  # checked above
    assert green is not None and yellow is not None and weight is not None and active is not None
    return IndicatorSpec(
        code, name, description, scenario, unit, direction, source, computation, period, org_types,
        green, yellow, weight, active, position,
    )  # fmt: skip


def _choice(kind: type[E], value: Any, where: str, problems: Problems) -> E | None:
    text = str(value).strip().upper() if value is not None else ""
    if text not in kind.__members__:
        problems.add(IndicatorError.INVALID_CATALOG, where, f"须为 {' / '.join(kind.__members__)} 之一")
        return None
    return kind(text)


def _org_types(value: Any, where: str, problems: Problems) -> tuple[OrgType, ...] | None:
    items = re.split(r"[|,;、\s]+", value.strip()) if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not [i for i in items if i]:
        problems.add(IndicatorError.INVALID_CATALOG, where, "须列出适用的组织类型（COMMITTEE、BRANCH 等）")
        return None
    found = [_choice(OrgType, item, where, problems) for item in items if item]
    if None in found:
        return None
    return tuple(t for t in OrgType if t in found)  # the tree's order, each once


def _number(value: Any, unit: Unit | None, where: str, problems: Problems) -> Decimal | None:
    number = _decimal(value, where, problems)
    if number is not None and unit is not None:
        try:
            check_value(unit, number, (where,))
        except DomainError as error:
            problems.add(IndicatorError.INVALID_CATALOG, where, error.message)
            return None
    return number


def _weight(value: Any, where: str, problems: Problems) -> Decimal | None:
    number = _decimal(value, where, problems)
    if number is not None and not (0 < number <= MAX_WEIGHT and number == number.quantize(Decimal("0.01"))):
        problems.add(IndicatorError.INVALID_CATALOG, where, f"权重须大于 0、不超过 {MAX_WEIGHT}，最多两位小数")
        return None
    return number


def _decimal(value: Any, where: str, problems: Problems) -> Decimal | None:
    try:
        # str() first: a YAML float such as 0.1 must not bring its binary approximation along.
        number = Decimal(str(value).strip()) if value is not None and not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= Decimal(10) ** 12:
        problems.add(IndicatorError.INVALID_CATALOG, where, "须为数字")
        return None
    return number


def _flag(value: Any, where: str, problems: Problems) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1", "yes", "是", ""}:
        return True
    if text in {"false", "0", "no", "否"}:
        return False
    problems.add(IndicatorError.INVALID_CATALOG, where, "须为 true 或 false")
    return None


def _computation(value: Any, source: Source | None, unit: Unit | None, where: str, problems: Problems) -> str | None:
    name = str(value).strip() if value is not None and str(value).strip() else None
    if source is not Source.COMPUTED:
        if name is not None and source is not None:
            problems.add(IndicatorError.INVALID_CATALOG, where, "只有计算类（COMPUTED）指标才引用计算方法")
        return None
    if name is None:
        problems.add(IndicatorError.INVALID_CATALOG, where, "计算类指标须写明计算方法")
    elif name not in REGISTRY:
        problems.add(IndicatorError.UNKNOWN_COMPUTATION, where, f"计算方法 {name} 不存在")
    elif unit is not None and REGISTRY[name].unit is not unit:
        problems.add(
            IndicatorError.INVALID_CATALOG, where, f"计算方法 {name} 的单位是 {REGISTRY[name].unit}，与指标不符"
        )
    return name
