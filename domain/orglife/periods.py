"""Calendar periods of the meeting frequencies, and the status of a required period (pure: `today` is given).

Rules, as decided here (DOMAIN.md, Organization life; issue 5):
- The periods of a frequency asked about are those *contained* in the asked range: a year holds 12 months,
  4 quarters and 1 year; a quarter holds its 3 months and itself; a month only itself. A yearly requirement
  is therefore not part of a quarter's or a month's compliance: nothing yearly is due "in November".
- A period that has not started (its first day after today) is not required yet and is left out.
- A period is required of an org only if the org existed on every day of it: established on or before its
  first day (no date on record: always existed) and not dissolved before its last day (an org exists up to
  and including its dissolution date). A branch founded mid-month owes its first meeting for the next full
  month; a period cut short by the dissolution is not held against it. The month of establishment is thus
  never required: the founding meeting (成立大会) is itself the org's first meeting.
- Status: HELD once held >= min_count (even in the current period); else MISSING once the period has ended
  (today after its last day); else, in the current period, DUE_SOON once the share numerator/denominator of
  its days has passed, counting today as passed: elapsed * denominator >= numerator * days, with elapsed =
  (today - first day) + 1 and days the period's length. For November (30 days) at 2/3 that is from the 20th;
  for the 4th quarter (92 days) from 1 December; for a common year from 1 September, a leap year (366
  days, 2 * 366 = 3 * 244) from 31 August. Else OPEN.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from domain.errors import CommonError, DomainError
from domain.orglife.enums import PERIOD_MONTHS, Period, PeriodStatus

MIN_YEAR, MAX_YEAR = 1921, 9998  # the party's founding year; 9999 would leave no room for period arithmetic


def month_index(day: date) -> int:
    """Months since year 0, as Meeting.month_index stores them: year * 12 + month - 1."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def month_end(index: int) -> date:
    return month_start(index + 1) - timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """One calendar period: its frequency, first and last month (month indexes, inclusive) and dates."""

    period: Period
    first_month: int
    last_month: int
    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def span_of(period: Period, first_month: int) -> Span:
    """The period of this frequency that starts at `first_month` (a multiple of its length in months)."""
    last = first_month + PERIOD_MONTHS[period] - 1
    start, end = month_start(first_month), month_end(last)
    if period is Period.MONTH:
        label = f"{start.year}年{start.month}月"
    elif period is Period.QUARTER:
        label = f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    else:
        label = f"{start.year}年"
    return Span(period, first_month, last, start, end, label)


def span_containing(period: Period, day: date) -> Span:
    length = PERIOD_MONTHS[period]
    return span_of(period, month_index(day) // length * length)


@dataclass(frozen=True)
class AskedRange:
    """The range a compliance question asks about: a year, a quarter of it, or a month of it."""

    first_month: int
    last_month: int

    @property
    def start(self) -> date:
        return month_start(self.first_month)

    @property
    def end(self) -> date:
        return month_end(self.last_month)


def asked_range(year: int, quarter: int | None = None, month: int | None = None) -> AskedRange:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(CommonError.INVALID_PERIOD, f"年份须在 {MIN_YEAR} 到 {MAX_YEAR} 之间", field=["year"])
    if quarter is not None and month is not None:
        raise DomainError(CommonError.INVALID_PERIOD, "季度和月份只能给出一个", field=["month"])
    if quarter is not None:
        if not 1 <= quarter <= 4:
            raise DomainError(CommonError.INVALID_PERIOD, "季度须在 1 到 4 之间", field=["quarter"])
        first = year * 12 + (quarter - 1) * 3
        return AskedRange(first, first + 2)
    if month is not None:
        if not 1 <= month <= 12:
            raise DomainError(CommonError.INVALID_PERIOD, "月份须在 1 到 12 之间", field=["month"])
        return AskedRange(year * 12 + month - 1, year * 12 + month - 1)
    return AskedRange(year * 12, year * 12 + 11)


def spans_in(period: Period, asked: AskedRange, today: date) -> list[Span]:
    """The periods of this frequency contained in the asked range that have started by `today`."""
    length = PERIOD_MONTHS[period]
    first = -(-asked.first_month // length) * length  # the first period boundary at or after the range's start
    found = []
    for start in range(first, asked.last_month - length + 2, length):
        span = span_of(period, start)
        if span.start <= today:
            found.append(span)
    return found


def org_owes(span: Span, established_on: date | None, dissolved_on: date | None) -> bool:
    """Did the org exist on every day of the period (module docstring)?"""
    return (established_on is None or established_on <= span.start) and (
        dissolved_on is None or dissolved_on >= span.end
    )


def unheld_status(span: Span, today: date, numerator: int, denominator: int) -> PeriodStatus:
    """The status of a started period while it is not held (yet): MISSING, DUE_SOON or OPEN."""
    if today > span.end:
        return PeriodStatus.MISSING
    elapsed = (today - span.start).days + 1
    return PeriodStatus.DUE_SOON if elapsed * denominator >= numerator * span.days else PeriodStatus.OPEN


def period_status(
    span: Span, held: int, min_count: int, *, today: date, numerator: int = 2, denominator: int = 3
) -> PeriodStatus | None:
    """The status of a period held `held` times against `min_count`; None when it has not started."""
    if span.start > today:
        return None
    if held >= min_count:
        return PeriodStatus.HELD
    return unheld_status(span, today, numerator, denominator)
