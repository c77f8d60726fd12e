"""The period rules of meeting compliance at their boundaries, `today` given (domain/orglife/periods.py), and
the evaluation of one org's requirements with hand-made rows and counts (domain/orglife/compliance.py)."""

from datetime import date
from types import SimpleNamespace

import pytest

from domain.errors import DomainError
from domain.orglife.compliance_engine import Evaluator
from domain.orglife.compliance_reads import COMBINED
from domain.orglife.enums import MeetingType, Period, PeriodStatus
from domain.orglife.periods import asked_range, org_owes, period_status, span_containing, spans_in
from domain.orglife.rules import DEFAULT_REQUIREMENTS, OrgLifeRules
from domain.orgs.models import OrgType

HELD, MISSING, DUE_SOON, OPEN = PeriodStatus.HELD, PeriodStatus.MISSING, PeriodStatus.DUE_SOON, PeriodStatus.OPEN
NOVEMBER = span_containing(Period.MONTH, date(2026, 11, 29))
FEBRUARY = span_containing(Period.MONTH, date(2026, 2, 1))
Q4 = span_containing(Period.QUARTER, date(2026, 11, 29))
YEAR = span_containing(Period.YEAR, date(2026, 11, 29))
LEAP = span_containing(Period.YEAR, date(2028, 1, 1))


def test_spans_carry_their_dates_labels_and_month_indexes() -> None:
    assert (NOVEMBER.start, NOVEMBER.end, NOVEMBER.label, NOVEMBER.days) == (
        date(2026, 11, 1), date(2026, 11, 30), "2026年11月", 30)  # fmt: skip
    assert (NOVEMBER.first_month, NOVEMBER.last_month) == (2026 * 12 + 10, 2026 * 12 + 10)
    assert (FEBRUARY.end, FEBRUARY.days) == (date(2026, 2, 28), 28)
    assert (Q4.start, Q4.end, Q4.label, Q4.days) == (date(2026, 10, 1), date(2026, 12, 31), "2026年第4季度", 92)
    assert (Q4.first_month, Q4.last_month) == (2026 * 12 + 9, 2026 * 12 + 11)
    q3 = span_containing(Period.QUARTER, date(2026, 7, 1))
    assert (q3.label, q3.start, q3.end) == ("2026年第3季度", date(2026, 7, 1), date(2026, 9, 30))
    assert (YEAR.label, YEAR.start, YEAR.end, YEAR.days, LEAP.days) == (
        "2026年", date(2026, 1, 1), date(2026, 12, 31), 365, 366)  # fmt: skip


@pytest.mark.parametrize(
    ("span", "today", "status"),
    [
        # A month of 30 days: two-thirds is 20 days, so from the 20th (today counted).
        (NOVEMBER, date(2026, 10, 31), None),  # not started: not required
        (NOVEMBER, date(2026, 11, 1), OPEN),  # its first day
        (NOVEMBER, date(2026, 11, 19), OPEN),
        (NOVEMBER, date(2026, 11, 20), DUE_SOON),
        (NOVEMBER, date(2026, 11, 30), DUE_SOON),  # its last day: still current
        (NOVEMBER, date(2026, 12, 1), MISSING),
        # February 2026, 28 days: 2/3 is 18.67 days, so from the 19th.
        (FEBRUARY, date(2026, 2, 18), OPEN),
        (FEBRUARY, date(2026, 2, 19), DUE_SOON),
        (FEBRUARY, date(2026, 3, 1), MISSING),
        # The 4th quarter, 92 days: 61.33 days, so from the 62nd day, 1 December.
        (Q4, date(2026, 9, 30), None),
        (Q4, date(2026, 10, 1), OPEN),
        (Q4, date(2026, 11, 30), OPEN),
        (Q4, date(2026, 12, 1), DUE_SOON),
        (Q4, date(2026, 12, 31), DUE_SOON),
        (Q4, date(2027, 1, 1), MISSING),
        # A common year, 365 days: 243.33, so from the 244th day, 1 September; a leap year from 31 August.
        (YEAR, date(2026, 1, 1), OPEN),
        (YEAR, date(2026, 8, 31), OPEN),
        (YEAR, date(2026, 9, 1), DUE_SOON),
        (YEAR, date(2026, 12, 31), DUE_SOON),
        (YEAR, date(2027, 1, 1), MISSING),
        (LEAP, date(2028, 8, 30), OPEN),
        (LEAP, date(2028, 8, 31), DUE_SOON),
    ],
)
def test_status_of_an_unheld_period_at_its_boundaries(span: object, today: date, status: PeriodStatus | None) -> None:
    assert period_status(span, 0, 1, today=today) == status  # type: ignore[arg-type]


def test_held_wins_in_any_started_period_and_min_count_counts() -> None:
    assert period_status(NOVEMBER, 1, 1, today=date(2026, 11, 1)) == HELD
    assert period_status(NOVEMBER, 1, 1, today=date(2027, 5, 1)) == HELD
    assert period_status(NOVEMBER, 1, 2, today=date(2026, 12, 1)) == MISSING  # twice required, once held
    assert period_status(NOVEMBER, 2, 2, today=date(2026, 12, 1)) == HELD
    assert period_status(NOVEMBER, 5, 1, today=date(2026, 10, 31)) is None


def test_the_share_of_the_period_is_configurable() -> None:
    # Half of November: 15 days.
    assert period_status(NOVEMBER, 0, 1, today=date(2026, 11, 14), numerator=1, denominator=2) == OPEN
    assert period_status(NOVEMBER, 0, 1, today=date(2026, 11, 15), numerator=1, denominator=2) == DUE_SOON


def test_periods_contained_in_the_asked_range_that_have_started() -> None:
    year = asked_range(2026)
    today = date(2026, 11, 29)
    assert [s.label for s in spans_in(Period.MONTH, year, today)] == [f"2026年{m}月" for m in range(1, 12)]
    assert [s.label for s in spans_in(Period.QUARTER, year, today)] == [f"2026年第{q}季度" for q in (1, 2, 3, 4)]
    assert [s.label for s in spans_in(Period.YEAR, year, today)] == ["2026年"]
    q3 = asked_range(2026, quarter=3)
    assert [s.label for s in spans_in(Period.MONTH, q3, today)] == ["2026年7月", "2026年8月", "2026年9月"]
    assert [s.label for s in spans_in(Period.QUARTER, q3, today)] == ["2026年第3季度"]
    assert spans_in(Period.YEAR, q3, today) == []  # a year is not contained in a quarter
    november = asked_range(2026, month=11)
    assert [s.label for s in spans_in(Period.MONTH, november, today)] == ["2026年11月"]
    assert spans_in(Period.QUARTER, november, today) == []
    assert spans_in(Period.MONTH, asked_range(2026, month=12), today) == []  # not started yet
    assert spans_in(Period.YEAR, asked_range(2027), today) == []


@pytest.mark.parametrize(
    ("year", "quarter", "month", "field"),
    [(2026, 1, 1, "month"), (2026, 0, None, "quarter"), (2026, 5, None, "quarter"), (2026, None, 0, "month"),
     (2026, None, 13, "month"), (1800, None, None, "year"), (10000, None, None, "year")],
)  # fmt: skip
def test_invalid_periods_are_refused(year: int, quarter: int | None, month: int | None, field: str) -> None:
    with pytest.raises(DomainError) as refused:
        asked_range(year, quarter, month)
    assert (refused.value.code, refused.value.field) == ("INVALID_PERIOD", [field])


def test_an_org_owes_the_periods_it_lived_through_entirely() -> None:
    assert org_owes(NOVEMBER, None, None)
    assert org_owes(NOVEMBER, date(2026, 11, 1), None)  # established on the first day
    assert not org_owes(NOVEMBER, date(2026, 11, 2), None)  # established mid-period
    assert org_owes(NOVEMBER, None, date(2026, 11, 30))  # dissolved on the last day: it lived all of it
    assert not org_owes(NOVEMBER, None, date(2026, 11, 29))


def _org(org_id: int, kind: OrgType, established_on: date | None = None, dissolved_on: date | None = None) -> object:
    return SimpleNamespace(id=org_id, type=kind, established_on=established_on, dissolved_on=dissolved_on)


def _statuses(found: object) -> dict[str, list[str]]:
    return {f"{i.meeting_type}": [f"{p.span.label}:{p.held}:{p.status}" for p in i.periods] for i in found.items}  # type: ignore[attr-defined]


def test_an_org_established_mid_quarter_owes_the_months_after_and_no_quarter() -> None:
    engine = Evaluator(DEFAULT_REQUIREMENTS, OrgLifeRules(), asked_range(2026, quarter=3), date(2026, 11, 29))
    branch = _org(7, OrgType.BRANCH, established_on=date(2026, 7, 15))
    counts = {(7, "THEME_PARTY_DAY"): (0, 1, 0)}  # per month of the quarter: held in August only
    found = engine.evaluate(branch, counts, set())
    assert _statuses(found) == {"THEME_PARTY_DAY": ["2026年8月:1:HELD", "2026年9月:0:MISSING"]}
    assert (found.required, found.held, found.missing, found.compliant, found.rate) == (2, 1, 1, False, 50.0)


def test_a_dissolved_org_owes_nothing_after_it_and_an_unborn_one_nothing_at_all() -> None:
    engine = Evaluator(DEFAULT_REQUIREMENTS, OrgLifeRules(), asked_range(2026, quarter=3), date(2026, 11, 29))
    group = _org(8, OrgType.GROUP, dissolved_on=date(2026, 8, 30))
    found = engine.evaluate(group, {}, set())
    assert _statuses(found) == {"GROUP_MEETING": ["2026年7月:0:MISSING"]}
    newborn = engine.evaluate(_org(9, OrgType.GROUP, established_on=date(2026, 10, 1)), {}, set())
    assert (newborn.items, newborn.required, newborn.rate, newborn.compliant) == ((), 0, None, True)


def test_current_periods_and_the_branch_committee_threshold() -> None:
    engine = Evaluator(DEFAULT_REQUIREMENTS, OrgLifeRules(), asked_range(2026, month=11), date(2026, 11, 29))
    branch = _org(3, OrgType.BRANCH)
    counts = {(3, "BRANCH_COMMITTEE_MEETING"): (1,)}
    small = engine.evaluate(branch, counts, set())  # fewer full members than the threshold: no 支委会 due
    assert _statuses(small) == {"THEME_PARTY_DAY": ["2026年11月:0:DUE_SOON"]}
    assert (small.required, small.held, small.missing, small.compliant, small.rate) == (1, 0, 0, True, 0.0)
    big = engine.evaluate(branch, counts, {3})
    assert _statuses(big) == {
        "BRANCH_COMMITTEE_MEETING": ["2026年11月:1:HELD"],
        "THEME_PARTY_DAY": ["2026年11月:0:DUE_SOON"],
    }


def test_a_combined_org_life_meeting_counts_as_the_democratic_evaluation() -> None:
    engine = Evaluator(DEFAULT_REQUIREMENTS, OrgLifeRules(), asked_range(2025), date(2026, 11, 29))
    once = (1,) + (0,) * 11  # yearly buckets: the first column holds the year's count
    alone = {(4, "ORG_LIFE_MEETING"): once}
    combined = {**alone, (4, COMBINED): once}
    yearly = {"ORG_LIFE_MEETING", "DEMOCRATIC_EVALUATION"}
    for counts, evaluation in ((combined, "2025年:1:HELD"), (alone, "2025年:0:MISSING")):
        found = _statuses(engine.evaluate(_org(4, OrgType.BRANCH), counts, set()))
        assert {k: v for k, v in found.items() if k in yearly} == {
            "ORG_LIFE_MEETING": ["2025年:1:HELD"],
            "DEMOCRATIC_EVALUATION": [evaluation],
        }
    assert MeetingType.DEMOCRATIC_EVALUATION in {r.meeting_type for r in DEFAULT_REQUIREMENTS}
