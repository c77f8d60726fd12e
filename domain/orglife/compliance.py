"""Meeting compliance (三会一课落实情况) by period for a subtree: for each org, which required meetings were
held and which are missing (issue 5, item 2). The period rules are in domain/orglife/periods.py.

- What is required: the MeetingRequirement rows for the org's type; the 支委会 of a branch only from
  rules.branch_committee_min_full_members full members on its roll (DOMAIN.md: a branch committee is
  required from 7 full members).
- An ORG_LIFE_MEETING with combined_evaluation counts as a DEMOCRATIC_EVALUATION too (DOMAIN.md: the two
  may be combined).
- Totals of an org: `required` counts its required periods (the current one included), `held` those held,
  `missing` those closed without it; compliant when nothing is missing; `rate` the percentage of required
  periods held (one decimal), None when nothing is required. An OPEN current period lowers the rate until it
  is held: the rate is progress so far, `compliant` says whether anything is late.

Cost: the rules, the requirements, the orgs, the meeting counts and (when a 支委会 is required somewhere)
the big branches: five statements for a branch or for the whole tree; the rest is assembled here.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from domain.charts import rate
from domain.orglife import compliance_reads as reads
from domain.orglife import config
from domain.orglife.compliance_engine import Evaluator, OrgCompliance
from domain.orglife.periods import AskedRange, asked_range
from domain.orglife.rules import OrgLifeRules


async def evaluator(
    session: AsyncSession, *, asked: AskedRange, today: date, rules: OrgLifeRules | None = None
) -> Evaluator:
    values = rules if rules is not None else await config.current_rules(session)
    return Evaluator(await config.requirements(session), values, asked, today)


async def evaluate_subtree(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    asked: AskedRange,
    today: date,
    engine: Evaluator,
    living_now: bool = False,
    orgs: Sequence[Any] | None = None,
) -> list[OrgCompliance]:
    """`orgs`: the org rows, when the caller has read them already (living_orgs)."""
    if orgs is None:
        end = min(asked.end, today)
        orgs = await reads.living_orgs(
            session, actor=actor, under_path=under_path, start=asked.start, end=end, living_now=living_now
        )
    if not orgs:
        return []
    counts = await reads.meeting_counts(
        session,
        actor=actor,
        under_path=under_path,
        first_month=asked.first_month,
        last_month=asked.last_month,
        divisors=engine.divisors,
    )
    big: set[int] = set()
    if engine.needs_committee_count and engine.rules.branch_committee_min_full_members > 0:
        threshold = engine.rules.branch_committee_min_full_members
        big = await reads.branches_with_committee(session, under_path=under_path, threshold=threshold)
    return [engine.evaluate(org, counts, big) for org in orgs]


async def meeting_compliance(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    year: int,
    quarter: int | None = None,
    month: int | None = None,
    today: date,
    only_missing: bool = False,
) -> list[OrgCompliance]:
    """Every org of the subtree the actor may read (org-life read) that existed in the asked range, in tree
    order, with its required periods; `only_missing`: only the orgs with a missing period."""
    asked = asked_range(year, quarter, month)
    engine = await evaluator(session, asked=asked, today=today)
    found = await evaluate_subtree(session, actor=actor, under_path=under_path, asked=asked, today=today, engine=engine)
    return [org for org in found if org.missing] if only_missing else found


@dataclass(frozen=True)
class Summary:
    """The whole subtree's compliance in a few numbers: what a control center shows above the list."""

    organizations: int
    compliant: int
    required: int
    held: int
    missing: int
    rate: float | None


def summarize(found: list[OrgCompliance]) -> Summary:
    required = sum(o.required for o in found)
    held = sum(o.held for o in found)
    return Summary(
        organizations=len(found),
        compliant=sum(1 for o in found if o.compliant),
        required=required,
        held=held,
        missing=sum(o.missing for o in found),
        rate=rate(held, required),
    )
