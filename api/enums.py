"""Domain enums shown in the schema with a Chinese description on every value."""

from collections.abc import Mapping
from enum import Enum
from typing import Any, TypeVar

import strawberry

E = TypeVar("E", bound=type[Enum])


def described_enum(source: E, *, description: str, labels: Mapping[Any, str]) -> E:
    if hasattr(source, "__strawberry_definition__"):
        return source  # described already, by whichever module of the schema loaded first
    enum = strawberry.enum(source, description=description)
    for value in enum.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = labels[source[value.name]]
    return enum
