"""Free texts (names, titles, notes, reasons): trimmed, empty read as absent, bounded, and free of control
characters. Line breaks are allowed where a text is prose (a decision, a note), not in a name or a title."""

import re
from collections.abc import Sequence
from enum import StrEnum

from domain.errors import CommonError, DomainError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def optional_text(
    value: str | None,
    field: Sequence[str],
    limit: int,
    *,
    lines: bool = False,
    code: StrEnum = CommonError.INVALID_TEXT,
) -> str | None:
    value = value.strip() if value is not None else None
    if not value:
        return None
    control = _CONTROL_BUT_LINES if lines else _CONTROL
    if len(value) > limit or control.search(value):
        raise DomainError(code, f"不超过 {limit} 个字符，且不含控制字符", field=list(field))
    return value


def required_text(value: str | None, field: Sequence[str], limit: int, *, lines: bool = False) -> str:
    cleaned = optional_text(value, field, limit, lines=lines)
    if cleaned is None:
        raise DomainError(CommonError.INVALID_TEXT, "不能为空", field=list(field))
    return cleaned
