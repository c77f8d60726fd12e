"""SQL for materialized paths (`/1/5/23/`): the subtree test every area uses."""

import re
from typing import Any

from sqlalchemy import ColumnElement, literal

_PATH = re.compile(r"^/(?:\d+/)*$")


def in_subtree(path_column: Any, path: str) -> ColumnElement[bool]:
    """Rows whose path lies at or below `path`.

    Paths hold only digits and slashes (checked here), so they need no escaping; the prefix is rendered
    into the SQL so that PostgreSQL plans the LIKE against the path index rather than a generic plan.
    """
    if not _PATH.match(path):
        raise ValueError(f"not an org path: {path!r}")
    clause: ColumnElement[bool] = path_column.like(literal(path + "%", literal_execute=True))
    return clause


def at_path(path_column: Any, path: str) -> ColumnElement[bool]:
    if not _PATH.match(path):
        raise ValueError(f"not an org path: {path!r}")
    clause: ColumnElement[bool] = path_column == literal(path, literal_execute=True)
    return clause
