"""The pure rules of indicator values: traffic lights at their boundaries in both directions, thresholds
in order, attainment, unit checks, and the README's worked example of the scoring rule, exactly."""

from decimal import Decimal

import pytest

from domain.errors import DomainError
from domain.indicators.enums import Level
from domain.indicators.rules import Scored, attainment, check_thresholds, check_value, level_of, score

G, Y, R = Level.GREEN, Level.YELLOW, Level.RED
D = Decimal


@pytest.mark.parametrize(
    ("value", "level"),
    [("100", G), ("90", G), ("89.99", Y), ("80", Y), ("79.99", R), ("0", R)],
)
def test_higher_is_better_at_the_boundaries(value: str, level: Level) -> None:
    assert level_of("HIGHER", D(90), D(80), D(value)) is level


@pytest.mark.parametrize(
    ("value", "level"),
    [("0", G), ("5", G), ("5.01", Y), ("10", Y), ("10.01", R), ("100", R)],
)
def test_lower_is_better_at_the_boundaries(value: str, level: Level) -> None:
    assert level_of("LOWER", D(5), D(10), D(value)) is level


def test_no_value_has_no_level_and_no_attainment() -> None:
    assert level_of("HIGHER", D(90), D(80), None) is None
    assert attainment("LOWER", D(5), None) == 0


def test_equal_thresholds_leave_no_yellow_band() -> None:
    check_thresholds("HIGHER", D(90), D(90))
    assert level_of("HIGHER", D(90), D(90), D("89.99")) is R


@pytest.mark.parametrize(("direction", "green", "yellow"), [("HIGHER", "80", "90"), ("LOWER", "10", "5")])
def test_thresholds_out_of_order_are_refused(direction: str, green: str, yellow: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_thresholds(direction, D(green), D(yellow))
    assert (refused.value.code, refused.value.field) == ("THRESHOLDS_OUT_OF_ORDER", ["thresholds"])
    check_thresholds(direction, D(yellow), D(green))  # the other way round is in order


def test_attainment_is_capped_at_one_in_both_directions() -> None:
    assert attainment("HIGHER", D(90), D(45)) == D("0.5")
    assert attainment("HIGHER", D(90), D(100)) == 1
    assert attainment("HIGHER", D(0), D(0)) == 1
    assert attainment("LOWER", D(5), D(10)) == D("0.5")
    assert attainment("LOWER", D(5), D(2)) == 1
    assert attainment("LOWER", D(0), D(3)) == 0  # a target of none: any excess attains nothing
    assert attainment("LOWER", D(0), D(0)) == 1


@pytest.mark.parametrize(
    ("unit", "value", "ok"),
    [
        ("PERCENT", "100", True),
        ("PERCENT", "100.01", False),
        ("PERCENT", "-0.01", False),
        ("PERCENT", "99.999", False),
        ("SCORE", "101", False),
        ("COUNT", "3", True),
        ("COUNT", "3.5", False),
        ("YUAN", "123456.78", True),
        ("DAYS", "1.234", False),
    ],
)
def test_reported_values_fit_their_unit(unit: str, value: str, ok: bool) -> None:
    if ok:
        assert check_value(unit, D(value)) == D(value)
        return
    with pytest.raises(DomainError) as refused:
        check_value(unit, D(value))
    assert (refused.value.code, refused.value.field) == ("VALUE_OUT_OF_RANGE", ["value"])


# The README's worked example (Evaluation, 绩效评价), number for number.
EXAMPLE = [
    Scored("GENERAL_MEETING", D(3), "HIGHER", D(100), D(80), D(100)),  # 支部党员大会按期召开率 100%
    Scored("LOST_CONTACT", D(2), "LOWER", D(0), D(1), D(2)),  # 失联党员 2 人
    Scored("DUES_ON_TIME", D(2), "HIGHER", D(95), D(85), D(90)),  # 党费按时足额交纳率 90%
    Scored("SATISFACTION", D(3), "HIGHER", D(90), D(80), None),  # 群众满意度 未填报
]


def test_the_readme_example_scores_exactly() -> None:
    result = score(EXAMPLE)
    assert result.score == D("46.9")
    assert (result.greens, result.yellows, result.reds, result.missing) == (1, 1, 1, ("SATISFACTION",))
    assert [(c.code, c.attainment, c.cost) for c in result.costs] == [
        ("SATISFACTION", D("0.0000"), D("30.00")),
        ("LOST_CONTACT", D("0.0000"), D("22.00")),
        ("DUES_ON_TIME", D("0.9474"), D("1.05")),
        ("GENERAL_MEETING", D("1.0000"), D("0.00")),
    ]


def test_the_score_is_floored_at_zero_and_empty_scores_zero() -> None:
    reds = [Scored(f"R{i}", D(1), "HIGHER", D(90), D(80), D(1)) for i in range(60)]
    assert score(reds).score == 0
    assert score([]).score == 0
    assert score([Scored("A", D(1), "HIGHER", D(90), D(80), D(95))]).score == D("100.0")
