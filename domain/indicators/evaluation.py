"""Performance evaluation (绩效评价) of an org for a period: its score, its rank among its siblings, and the
ranking of its direct children, each with its level counts and the indicators that cost it most.

The scoring rule is rules.score (README, Evaluation). Siblings and children are measured in one pass under
the parent (or the org itself for a root), so a committee with forty branches costs one read per computation.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from domain.indicators import measure as m
from domain.indicators import rules
from domain.indicators.periods import parse_period
from domain.indicators.values import visible_org
from domain.orgs.models import Organization

TOP_COSTS = 3


@dataclass(frozen=True)
class OrgScore:
    org: Any
    score: rules.Score
    measures: list[m.Measure]
    rank: int | None = None  # among the orgs it is ranked with; None for a root


@dataclass(frozen=True)
class Evaluation:
    period: str
    own: OrgScore
    siblings: int  # orgs ranked with it, itself included (0 for a root)
    children: list[OrgScore]  # best first, each with its rank among them


async def evaluation(session: AsyncSession, *, actor: Actor, org_id: int, period: str, today: date) -> Evaluation:
    asked = parse_period(period)
    org = await visible_org(session, actor, org_id)
    parent = await session.get(Organization, org.parent_id) if org.parent_id is not None else None
    siblings = await m.living_children(session, parent.id, asked) if parent is not None else []
    if parent is not None and all(s.id != org.id for s in siblings):
        siblings.append(org)  # a dissolved org is still evaluated, ranked with the living
    children = await m.living_children(session, org.id, asked)
    under = parent.path if parent is not None else org.path
    everyone: dict[Any, Any] = {o.id: o for o in [org, *siblings, *children]}
    indicators = await m.active_indicators(session)
    measured = await m.measure(
        session, orgs=list(everyone.values()), under_path=under, indicators=indicators, period=asked, today=today
    )
    scores = {i: OrgScore(o, rules.score(m.scored(measured[i])), measured[i]) for i, o in everyone.items()}
    ranked_siblings = ranked([scores[s.id] for s in siblings])
    own = next((s for s in ranked_siblings if s.org.id == org.id), scores[org.id])
    return Evaluation(asked.key, own, len(siblings), ranked([scores[c.id] for c in children]))


def ranked(items: Sequence[OrgScore]) -> list[OrgScore]:
    """Best score first; equal scores share a rank (1, 2, 2, 4); ties listed by name, then path."""
    ordered = sorted(items, key=lambda s: (-s.score.score, s.org.name, s.org.path))
    result: list[OrgScore] = []
    for position, item in enumerate(ordered):
        tied = result and result[-1].score.score == item.score.score
        rank = result[-1].rank if tied else position + 1
        result.append(OrgScore(item.org, item.score, item.measures, rank))
    return result


def top_costs(score: rules.Score, count: int = TOP_COSTS) -> list[rules.Cost]:
    """The indicators that took most off the score; those that cost nothing are not listed."""
    return [c for c in score.costs if c.cost > 0][:count]
