"""The named computations a COMPUTED indicator refers to (`computation: MEETING_COMPLIANCE`).

Each computation reads, in a few set-based statements, every org's *own* counts under a path for a period:
rows of (org path, numerator, denominator). `rollup` then adds them up for any org over its subtree, so
one pass serves a branch's control center, a committee's, and a snapshot of the whole tree alike.
"""

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.indicators.enums import Unit
from domain.indicators.periods import ReportPeriod
from domain.tree import ancestor_paths


class Kind(StrEnum):
    RATIO = "RATIO"  # 100 × Σ numerator / Σ denominator, in percent; nothing to measure when Σ denominator = 0
    SUM = "SUM"  # Σ numerator (a count); the denominator is unused
    AVERAGE = "AVERAGE"  # Σ numerator / Σ denominator


@dataclass(frozen=True)
class Scope:
    under_path: str  # the subtree to read (the root's path for a snapshot of the whole tree)
    period: ReportPeriod
    today: date  # counts about "now" (a term overdue, a task late) are as of the earlier of today and period end
    # What computations under this subtree and day may share (one compliance evaluation for six), by key.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)


Row = tuple[str, Decimal | int, Decimal | int]  # (org path, numerator, denominator): the org's own counts
Basis = Callable[[AsyncSession, Scope], Awaitable[Iterable[Row]]]


@dataclass(frozen=True)
class Computation:
    name: str
    description: str  # how it is computed, in Chinese: shown in the catalog
    kind: Kind
    unit: Unit
    basis: Basis


REGISTRY: dict[str, Computation] = {}


def computation(name: str, description: str, kind: Kind, unit: Unit) -> Callable[[Basis], Basis]:
    def register(basis: Basis) -> Basis:
        assert name not in REGISTRY, name
        REGISTRY[name] = Computation(name, description, kind, unit, basis)
        return basis

    return register


@dataclass(frozen=True)
class Measured:
    numerator: Decimal
    denominator: Decimal
    value: Decimal | None


def rollup(rows: Iterable[Row], kind: Kind, paths: Sequence[str]) -> dict[str, Measured]:
    """Each asked org's value over its subtree: its own rows and every descendant's, added up."""
    asked = set(paths)
    sums = {p: [Decimal(0), Decimal(0)] for p in paths}
    for path, numerator, denominator in rows:
        for ancestor in ancestor_paths(path):
            if ancestor in asked:
                sums[ancestor][0] += Decimal(numerator)
                sums[ancestor][1] += Decimal(denominator)
    return {p: Measured(n, d, value_of(kind, n, d)) for p, (n, d) in sums.items()}


def value_of(kind: Kind, numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if kind is Kind.SUM:
        return numerator
    if denominator == 0:
        return None
    scale = Decimal(100) if kind is Kind.RATIO else Decimal(1)
    return (numerator * scale / denominator).quantize(Decimal("0.01"))
