"""The pure rules of indicator values: thresholds, traffic lights, attainment and the evaluation score.

The scoring rule (README, Evaluation): score = 100 × Σ wᵢ·aᵢ / Σ wᵢ − 2 × (number of RED indicators),
floored at 0, one decimal (half up). aᵢ is an indicator's attainment against its green target, capped at
1; an indicator without a value counts aᵢ = 0 and is listed as missing (a missing value is never RED: the
org has nothing to be marked down for but also earns nothing). An indicator's cost, what it took off the
score, is 100·wᵢ(1−aᵢ)/Σw, plus 2 if it is RED, so the costs show where the points were lost.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from domain.errors import DomainError
from domain.indicators.enums import UNIT_LABELS, Direction, Level, Unit
from domain.indicators.errors import IndicatorError

RED_PENALTY = Decimal(2)
ONE = Decimal(1)
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
HUNDREDTH = Decimal("0.01")


def check_thresholds(direction: Direction | str, green: Decimal, yellow: Decimal) -> None:
    """HIGHER: green ≥ yellow (green is the harder bar); LOWER: green ≤ yellow. Equal means no yellow band."""
    higher = Direction(direction) is Direction.HIGHER
    if (green < yellow) if higher else (green > yellow):
        order = "绿灯阈值不得低于黄灯阈值" if higher else "绿灯阈值不得高于黄灯阈值"
        raise DomainError(
            IndicatorError.THRESHOLDS_OUT_OF_ORDER,
            f"阈值顺序与方向不符：{order}（绿 {green}，黄 {yellow}）",
            field=["thresholds"],
        )


def level_of(direction: Direction | str, green: Decimal, yellow: Decimal, value: Decimal | None) -> Level | None:
    """HIGHER: GREEN from green up, YELLOW from yellow up, RED below. LOWER: GREEN up to green, YELLOW up to
    yellow, RED above. The thresholds themselves belong to the better level. None without a value."""
    if value is None:
        return None
    if Direction(direction) is Direction.HIGHER:
        return Level.GREEN if value >= green else Level.YELLOW if value >= yellow else Level.RED
    return Level.GREEN if value <= green else Level.YELLOW if value <= yellow else Level.RED


def attainment(direction: Direction | str, green: Decimal, value: Decimal | None) -> Decimal:
    """How much of the green target a value reaches, 0 to 1 (exact, unrounded).

    HIGHER: value / green. LOWER: green / value (a value at or under the target attains it fully; with a
    target of 0, any excess attains nothing). 0 without a value."""
    if value is None:
        return Decimal(0)
    if Direction(direction) is Direction.HIGHER:
        reached = ONE if green <= 0 or value >= green else value / green
    else:
        reached = ONE if value <= green else (green / value if green > 0 else Decimal(0))
    return max(Decimal(0), min(ONE, reached))


@dataclass(frozen=True)
class Scored:
    """One indicator as the score sees it."""

    code: str
    weight: Decimal
    direction: str
    green: Decimal
    yellow: Decimal
    value: Decimal | None


@dataclass(frozen=True)
class Cost:
    code: str
    attainment: Decimal  # 4 decimals
    level: Level | None
    cost: Decimal  # points taken off the score, 2 decimals


@dataclass(frozen=True)
class Score:
    score: Decimal  # one decimal, ≥ 0
    reds: int
    yellows: int
    greens: int
    missing: tuple[str, ...]  # codes of the indicators without a value
    costs: tuple[Cost, ...]  # every indicator's cost, the largest first (ties by code)


def score(items: Sequence[Scored]) -> Score:
    """The evaluation score of an org's indicators for a period (the rule in the module docstring)."""
    total_weight = sum((i.weight for i in items), Decimal(0))
    earned = Decimal(0)
    costs: list[Cost] = []
    levels: list[Level | None] = []
    for item in items:
        level = level_of(item.direction, item.green, item.yellow, item.value)
        reached = attainment(item.direction, item.green, item.value)
        share = HUNDRED * item.weight / total_weight if total_weight > 0 else Decimal(0)
        earned += share * reached
        lost = share * (ONE - reached) + (RED_PENALTY if level is Level.RED else 0)
        costs.append(
            Cost(item.code, reached.quantize(Decimal("0.0001"), ROUND_HALF_UP), level, _round(lost, HUNDREDTH))
        )
        levels.append(level)
    reds = levels.count(Level.RED)
    raw = earned - RED_PENALTY * reds
    return Score(
        score=_round(max(Decimal(0), raw), TENTH),
        reds=reds,
        yellows=levels.count(Level.YELLOW),
        greens=levels.count(Level.GREEN),
        missing=tuple(i.code for i in items if i.value is None),
        costs=tuple(sorted(costs, key=lambda c: (-c.cost, c.code))),
    )


def two(value: Decimal | None) -> Decimal | None:
    """A stored number (NUMERIC(18, 4)) as it is shown: two decimals, the same on either database."""
    return None if value is None else value.quantize(HUNDREDTH, ROUND_HALF_UP)


def _round(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, ROUND_HALF_UP)


# What a reported value may be, by unit (UNIT_LABELS say the same in Chinese).
_RANGES: dict[Unit, tuple[Decimal | None, Decimal]] = {
    Unit.PERCENT: (HUNDRED, Decimal("0.01")),
    Unit.SCORE: (HUNDRED, Decimal("0.01")),
    Unit.COUNT: (None, ONE),
    Unit.YUAN: (None, Decimal("0.01")),
    Unit.DAYS: (None, Decimal("0.01")),
    Unit.HOURS: (None, Decimal("0.01")),
}


def check_value(unit: Unit | str, value: Decimal, field: Sequence[str] = ("value",)) -> Decimal:
    """A reported value valid for its unit: never negative; percent and score at most 100; a count whole;
    at most two decimals. Returns it normalized to its unit's places."""
    ceiling, step = _RANGES[Unit(unit)]
    if not value.is_finite() or value < 0 or (ceiling is not None and value > ceiling) or value % step != 0:
        raise DomainError(
            IndicatorError.VALUE_OUT_OF_RANGE,
            f"数值 {value} 与指标单位不符：{_unit_rule(Unit(unit))}",
            field=list(field),
        )
    return value.quantize(step)


def _unit_rule(unit: Unit) -> str:
    return UNIT_LABELS[unit] + ("，不能为负，最多两位小数" if unit is not Unit.COUNT else "")
