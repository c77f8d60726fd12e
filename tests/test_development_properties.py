"""Properties of the vote and interval rules, over many generated cases (pure functions, no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.development import rules
from domain.development.errors import DevelopmentError
from domain.errors import DomainError
from domain.timeutil import add_months

SMALL = settings(max_examples=200, deadline=None)
DEFAULTS = rules.DevelopmentRules()
days = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@st.composite
def votes(draw: st.DrawFn) -> rules.Vote:
    """Consistent counts: present within entitled, the votes within present."""
    entitled = draw(st.integers(1, 200))
    present = draw(st.integers(0, entitled))
    yes = draw(st.integers(0, present))
    no = draw(st.integers(0, present - yes))
    abstain = draw(st.integers(0, present - yes - no))
    return rules.Vote(entitled=entitled, present=present, yes=yes, no=no, abstain=abstain)


def outcome(vote: rules.Vote) -> str:
    try:
        rules.check_vote(vote)
    except DomainError as error:
        return str(error.code)
    return "PASSED"


@SMALL
@given(votes())
def test_a_vote_passes_exactly_when_quorum_and_majority_of_the_entitled(vote: rules.Vote) -> None:
    expected = (
        "PASSED"
        if vote.present > vote.entitled / 2 and vote.yes > vote.entitled / 2
        else DevelopmentError.QUORUM_NOT_MET
        if vote.present <= vote.entitled / 2
        else DevelopmentError.VOTE_NOT_PASSED
    )
    assert outcome(vote) == expected


@SMALL
@given(st.integers(1, 100))
def test_half_of_the_entitled_fails_and_one_more_passes(entitled: int) -> None:
    """Everyone present: at most half voting yes fails (even if rounded down), one more passes."""
    half = entitled // 2
    assert outcome(rules.Vote(entitled, entitled, half, 0, 0)) == DevelopmentError.VOTE_NOT_PASSED
    assert outcome(rules.Vote(entitled, entitled, half + 1, 0, 0)) == "PASSED"


@SMALL
@given(votes(), st.integers(1, 10))
def test_counts_that_do_not_add_up_are_refused(vote: rules.Vote, extra: int) -> None:
    assert outcome(rules.Vote(vote.entitled, vote.entitled + extra, 0, 0, 0)) == DevelopmentError.INVALID_VOTE_COUNTS
    over = rules.Vote(vote.entitled, vote.present, vote.present + extra, 0, 0)
    assert outcome(over) == DevelopmentError.INVALID_VOTE_COUNTS


@SMALL
@given(days, st.integers(0, 36))
def test_an_interval_is_met_on_its_day_and_not_the_day_before(start: date, months: int) -> None:
    earliest = add_months(start, months)
    rules.check_interval(earliest, earliest, "间隔")
    rules.check_interval(earliest + timedelta(days=1), earliest, "间隔")
    with pytest.raises(DomainError) as refused:
        rules.check_interval(earliest - timedelta(days=1), earliest, "间隔")
    assert refused.value.code is DevelopmentError.INTERVAL_NOT_MET
    assert earliest.isoformat() in refused.value.message


@SMALL
@given(days, st.integers(0, 120))
def test_adding_months_keeps_the_day_or_falls_back_to_the_month_end(start: date, months: int) -> None:
    later = add_months(start, months)
    assert (later.year - start.year) * 12 + later.month - start.month == months
    assert later.day == start.day or (later.day < start.day and (later + timedelta(days=1)).day == 1)


@SMALL
@given(days, st.integers(0, 365 * 3))
def test_activist_year_and_probation_end_follow_the_calendar(start: date, offset: int) -> None:
    day = start + timedelta(days=offset)
    # 29 February falls back to the 28th in a common year; any other day keeps its date.
    year_later = start.replace(year=start.year + 1, day=min(start.day, 28) if start.month == 2 else start.day)
    assert rules.earliest_target_on(start, DEFAULTS) == year_later
    assert rules.probation_ends_on(start, None, DEFAULTS) == year_later
    assert rules.talk_is_late(start, day, DEFAULTS) == (day > add_months(start, 1))


@SMALL
@given(st.integers(0, 10), st.integers(0, 40))
def test_training_of_three_days_or_24_hours(days_: int, hours: int) -> None:
    try:
        rules.check_training(days_, hours, DEFAULTS)
        accepted = True
    except DomainError:
        accepted = False
    assert accepted == (days_ >= 3 or hours >= 24)


@SMALL
@given(days, st.integers(0, 200), st.booleans())
def test_approval_within_three_months_or_six_with_a_reason(meeting: date, offset: int, reason: bool) -> None:
    on = meeting + timedelta(days=offset)
    try:
        rules.check_approval_date(meeting, on, "特殊原因" if reason else None, DEFAULTS)
        code = "OK"
    except DomainError as error:
        code = str(error.code)
    if on <= add_months(meeting, 3):
        assert code == "OK"
    elif on <= add_months(meeting, 6):
        assert code == ("OK" if reason else DevelopmentError.SPECIAL_REASON_REQUIRED)
    else:
        assert code == DevelopmentError.APPROVAL_OVERDUE
