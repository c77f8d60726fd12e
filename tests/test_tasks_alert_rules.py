"""The pure rules of task alerts at each boundary: 79% / 80% of the time gone, 49 / 50 percent done, due
today / yesterday, 5 / 6 working days waited over a weekend; and the anchors the SQL sorts waits by."""

from datetime import date, timedelta

import pytest

from domain.approvals.rules import working_days_after
from domain.tasks.task_rules import (
    TaskRules,
    anchor_day,
    anchor_of_deadline,
    is_at_risk,
    is_overdue,
    latest_waiting_anchor,
    time_elapsed_enough,
    wait_deadline,
    waited_too_long,
)

START = date(2026, 3, 2)  # a Monday
HUNDRED = START + timedelta(days=100)  # a 100-day task: one day is one percent
RULES = TaskRules()


@pytest.mark.parametrize(
    ("today", "gone"),
    [
        (START - timedelta(days=1), False),
        (START, False),
        (START + timedelta(days=79), False),
        (START + timedelta(days=80), True),
        (HUNDRED, True),
    ],
)
def test_share_of_time_gone(today: date, gone: bool) -> None:
    assert time_elapsed_enough(START, HUNDRED, today, 80) is gone


def test_short_tasks_have_no_rounding() -> None:
    # 10 days: 80% is day 8 exactly; 3 days: 80% of 3 is 2.4, so day 3 (not day 2).
    assert not time_elapsed_enough(START, START + timedelta(days=10), START + timedelta(days=7), 80)
    assert time_elapsed_enough(START, START + timedelta(days=10), START + timedelta(days=8), 80)
    assert not time_elapsed_enough(START, START + timedelta(days=3), START + timedelta(days=2), 80)
    assert time_elapsed_enough(START, START + timedelta(days=3), START + timedelta(days=3), 80)
    # A one-day task has used its time on its day, not before.
    assert time_elapsed_enough(START, START, START, 80)
    assert not time_elapsed_enough(START, START, START - timedelta(days=1), 80)


@pytest.mark.parametrize(
    "case",
    [
        ("IN_PROGRESS", 49, START + timedelta(days=80), True),
        ("IN_PROGRESS", 50, START + timedelta(days=80), False),
        ("IN_PROGRESS", 49, START + timedelta(days=79), False),
        ("ASSIGNED", 0, HUNDRED, True),  # due today: at risk, not yet overdue
        ("ASSIGNED", 0, HUNDRED + timedelta(days=1), False),  # due yesterday: overdue instead
        ("RETURNED", 10, START + timedelta(days=90), True),
        ("SUBMITTED", 10, START + timedelta(days=90), False),  # waiting for acceptance, not for work
        ("ACCEPTED", 10, START + timedelta(days=90), False),
        ("CANCELLED", 10, START + timedelta(days=90), False),
    ],
)
def test_at_risk(case: tuple[str, int, date, bool]) -> None:
    status, percent, today, expected = case
    found = is_at_risk(status=status, percent=percent, starts_on=START, due_on=HUNDRED, today=today, rules=RULES)
    assert found is expected


def test_thresholds_are_configurable() -> None:
    rules = TaskRules(at_risk_elapsed_percent=50, at_risk_progress_percent=20)
    kwargs = {"status": "IN_PROGRESS", "starts_on": START, "due_on": HUNDRED, "rules": rules}
    assert is_at_risk(percent=19, today=START + timedelta(days=50), **kwargs)  # type: ignore[arg-type]
    assert not is_at_risk(percent=20, today=START + timedelta(days=50), **kwargs)  # type: ignore[arg-type]
    assert not is_at_risk(percent=19, today=START + timedelta(days=49), **kwargs)  # type: ignore[arg-type]


def test_overdue_from_the_day_after_the_due_date() -> None:
    assert not is_overdue(HUNDRED, HUNDRED)
    assert is_overdue(HUNDRED, HUNDRED + timedelta(days=1))


@pytest.mark.parametrize(
    ("start", "today", "waited"),
    [
        (date(2026, 3, 6), date(2026, 3, 13), False),  # Friday to Friday: 5 working days
        (date(2026, 3, 6), date(2026, 3, 14), False),  # ... and the weekend adds none
        (date(2026, 3, 6), date(2026, 3, 16), True),  # Monday: 6
        (date(2026, 3, 7), date(2026, 3, 13), False),  # started on Saturday: as from Friday
        (date(2026, 3, 8), date(2026, 3, 16), True),  # started on Sunday: as from Friday
        (date(2026, 3, 9), date(2026, 3, 16), False),  # Monday to Monday over a weekend: 5
        (date(2026, 3, 9), date(2026, 3, 17), True),  # Tuesday: 6
    ],
)
def test_approval_wait_over_a_weekend(start: date, today: date, waited: bool) -> None:
    assert waited_too_long(start, today, 5) is waited


def test_wait_deadline_is_the_last_day_within_the_wait() -> None:
    assert wait_deadline(date(2026, 3, 6), 5) == date(2026, 3, 13)
    assert wait_deadline(date(2026, 3, 7), 5) == date(2026, 3, 13)
    assert wait_deadline(date(2026, 3, 9), 5) == date(2026, 3, 16)


@pytest.mark.parametrize("days", [1, 5, 6, 60])
def test_anchors_follow_deadlines_exactly(days: int) -> None:
    """What the SQL relies on: over every start and every today of a season, a wait is too long exactly
    when its anchor is at most latest_waiting_anchor, and deadlines grow strictly with anchors."""
    first = date(2026, 2, 1)
    starts = [first + timedelta(days=i) for i in range(60)]
    for today in (first + timedelta(days=i) for i in range(140)):
        latest = latest_waiting_anchor(today, days)
        for start in starts:
            assert (anchor_day(start) <= latest) is waited_too_long(start, today, days), (start, today)
    anchors = sorted({anchor_day(s) for s in starts})
    deadlines = [wait_deadline(a, days) for a in anchors]
    assert deadlines == sorted(set(deadlines)) and all(d.weekday() < 5 for d in deadlines)
    for anchor, deadline in zip(anchors, deadlines, strict=True):
        assert anchor_of_deadline(deadline, days) == anchor
        assert working_days_after(anchor, deadline) == days


def test_a_weekend_cursor_falls_between_two_deadlines() -> None:
    saturday = date(2026, 3, 14)
    assert wait_deadline(anchor_of_deadline(saturday, 5), 5) == date(2026, 3, 13)
