"""The indicator library as a file states it (modules > scenarios > indicators), checked before anything is
written: every problem is collected with where it is, and a catalog with any problem is refused as a whole.
The checks are in catalog_checks.py, the reading of YAML and CSV files in catalog_files.py.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from domain.errors import DomainError, DomainErrors
from domain.indicators.enums import Direction, Source, Unit
from domain.indicators.errors import IndicatorError
from domain.orglife.enums import Period
from domain.orgs.models import OrgType

CODE_LIMITS = {"module": 30, "scenario": 30, "indicator": 40}


@dataclass(frozen=True)
class Problem:
    code: IndicatorError
    where: str  # a file: `modules[0].scenarios[1].indicators[2].green` or `第 3 行 green`; the API: the field
    message: str


class CatalogRefused(DomainErrors):
    """The catalog (or the one indicator) breaks a rule somewhere: nothing is written, every problem is listed.
    Each problem's field is its `where`: a door that names the fields otherwise maps them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        errors = [DomainError(p.code, p.message, field=[p.where]) for p in problems]
        super().__init__(errors, f"指标库有 {len(problems)} 处错误，整份未载入")
        self.problems = tuple(problems)


@dataclass(frozen=True)
class ModuleSpec:
    code: str
    name: str
    position: int


@dataclass(frozen=True)
class ScenarioSpec:
    code: str
    name: str
    module: str  # the module's code
    position: int


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name: str
    description: str | None
    scenario: str  # the scenario's code (the module is the scenario's)
    unit: Unit
    direction: Direction
    source: Source
    computation: str | None
    period: Period
    org_types: tuple[OrgType, ...]
    green: Decimal
    yellow: Decimal
    weight: Decimal
    active: bool = True
    position: int = 0


@dataclass
class Catalog:
    modules: list[ModuleSpec] = field(default_factory=list)
    scenarios: list[ScenarioSpec] = field(default_factory=list)
    indicators: list[IndicatorSpec] = field(default_factory=list)


class Problems:
    """Collects problems; `where` is prefixed to each field name (`modules[0].` or `第 3 行 `)."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.codes: dict[str, set[str]] = {kind: set() for kind in CODE_LIMITS}

    def add(self, code: IndicatorError, where: str, message: str) -> None:
        self.items.append(Problem(code, where, message))

    def refuse_if_any(self) -> None:
        if self.items:
            raise CatalogRefused(self.items)
