"""Every named computation, registered on import (registry.py says what one is)."""

# Each area module registers its computations on import (H2: development, members, orgs; H3: the rest).
from domain.indicators.computations import (  # noqa: F401
    development,
    members,
    orglife,
    orglife_people,
    orgs,
    study,
    tasks,
)
from domain.indicators.computations.registry import REGISTRY, Computation, Kind, Scope, rollup

__all__ = ["REGISTRY", "Computation", "Kind", "Scope", "rollup"]
