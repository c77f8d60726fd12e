"""Instants are UTC; calendar rules (terms, periods) use the Asia/Shanghai calendar."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today in the Asia/Shanghai calendar, whatever the server's zone."""
    return datetime.now(SHANGHAI).date()


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)
