"""Report periods as the control center names them: `2026`, `2026Q3`, `2026-07` (issue 7)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.errors import CommonError, DomainError
from domain.orglife.enums import PERIOD_MONTHS, Period
from domain.orglife.periods import MAX_YEAR, MIN_YEAR, month_end, month_start

_FORM = re.compile(r"^(\d{4})(?:Q([1-4])|-(0[1-9]|1[0-2]))?$")


@dataclass(frozen=True)
class ReportPeriod:
    key: str
    kind: Period
    first_month: int  # month indexes (year * 12 + month - 1), as Meeting.month_index stores them
    last_month: int

    @property
    def year(self) -> int:
        return self.first_month // 12

    @property
    def start(self) -> date:
        return month_start(self.first_month)

    @property
    def end(self) -> date:
        return month_end(self.last_month)

    def contains(self, other: "ReportPeriod") -> bool:
        return self.first_month <= other.first_month and other.last_month <= self.last_month

    def previous(self) -> "ReportPeriod":
        return of(self.kind, self.first_month - PERIOD_MONTHS[self.kind])


def of(kind: Period, first_month: int) -> ReportPeriod:
    """The period of this kind that starts at `first_month` (a multiple of its length)."""
    year, month = divmod(first_month, 12)
    if kind is Period.YEAR:
        key = f"{year}"
    elif kind is Period.QUARTER:
        key = f"{year}Q{month // 3 + 1}"
    else:
        key = f"{year}-{month + 1:02d}"
    return ReportPeriod(key, kind, first_month, first_month + PERIOD_MONTHS[kind] - 1)


def parse_period(text: str, field: Sequence[str] = ("period",)) -> ReportPeriod:
    found = _FORM.match(text.strip()) if text else None
    if found is None or not MIN_YEAR <= int(found.group(1)) <= MAX_YEAR:
        raise DomainError(
            CommonError.INVALID_PERIOD, f"期间“{text}”不合法：写作 2026、2026Q3 或 2026-07", field=list(field)
        )
    year, quarter, month = int(found.group(1)), found.group(2), found.group(3)
    if quarter:
        return of(Period.QUARTER, year * 12 + (int(quarter) - 1) * 3)
    if month:
        return of(Period.MONTH, year * 12 + int(month) - 1)
    return of(Period.YEAR, year * 12)
