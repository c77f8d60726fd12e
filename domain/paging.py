"""Keyset pages: at most 100 rows, opaque cursors that carry the sort key of the last row."""

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from domain.errors import CommonError, DomainError

MAX_PAGE = 100
DEFAULT_PAGE = 20
R = TypeVar("R")


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: list[Any] | None


@dataclass(frozen=True)
class Page(Generic[R]):
    rows: Sequence[R]
    has_next_page: bool
    cursors: Sequence[str]


def page_request(
    first: int | None, after: str | None, limit: int = MAX_PAGE, key: Sequence[type] | None = None
) -> PageRequest:
    """`key`: the types of the sort key a cursor of this list carries, e.g. (str, int) for (name, id)."""
    if first is None:
        first = min(DEFAULT_PAGE, limit)
    if first < 0 or first > limit:
        raise DomainError(CommonError.INVALID_PAGE_SIZE, f"每页条数须在 0 到 {limit} 之间", field=["first"])
    return PageRequest(first=first, after=decode_cursor(after, key) if after else None)


def encode_cursor(key: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(key), default=str).encode()).decode()


def decode_cursor(cursor: str, key: Sequence[type] | None = None) -> list[Any]:
    try:
        value = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"]) from error
    if not isinstance(value, list) or not value or (key is not None and not _fits(value, key)):
        # A cursor of another list, or a forged one, would otherwise reach SQL as a key of the wrong shape.
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"])
    return value


def _fits(value: list[Any], key: Sequence[type]) -> bool:
    return len(value) == len(key) and all(
        isinstance(part, kind) and not isinstance(part, bool) for part, kind in zip(value, key, strict=True)
    )


def make_page(rows: Sequence[R], request: PageRequest, key: Any) -> Page[R]:
    """`rows` was fetched with LIMIT first + 1; the extra row only tells that a next page exists."""
    kept = rows[: request.first]
    return Page(
        rows=kept,
        has_next_page=len(rows) > request.first,
        cursors=[encode_cursor(key(row)) for row in kept],
    )
