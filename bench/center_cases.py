"""The control center through GraphQL, each next to its floor: `controlCenter` (a dashboard's whole first
screen) and `alertSummary` for the root, a second-level committee and a branch.

The floor is the least SQL for the same facts as zhdj keeps them, straight to asyncpg, without the token and
grant look-ups: for the center, the org's children, the stored values of the org and its children for the
periods shown (the quarter, its year, the three quarters before and their years), the per-org alert counts
of the last scan, the round's task tally of the year and the development files by stage; for the summary,
the alert counts and the last scan's time. Paths are digits and slashes, rendered into the SQL as the app does.
"""

import random
from collections import defaultdict
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from api.ids import to_global_id
from bench.center import CenterSet
from bench.generate import Dataset, Org
from bench.measure import Sample, Statement
from bench.orglife_cases import LifeCase
from bench.orglife_measure import LifeHarness
from domain.indicators.periods import parse_period
from domain.orgs.models import OrgType

VALUE = "indicatorCode indicatorName unit value level stored"
ITEM = "key label value level"
POINT = "key label value percent"
VIEW = f"key title figures {{ {VALUE} }} children {{ {ITEM} }} chartTitle chart {{ {POINT} }}"
CONTROL_CENTER = f"""query Center($org: ID!, $period: String!) {{
  controlCenter(organizationId: $org, period: $period) {{
    period refreshedAt organization {{ name }}
    responsibility {{ {VIEW} }} secretaryDuty {{ {VIEW} }} workProgress {{ {VIEW} }}
    vitality {{ {VIEW} }} development {{ {VIEW} }}
    contribution {{ title score levelCounts {{ green yellow red missing }} topCosts {{ indicatorCode cost }}
      trend {{ {ITEM} }} children {{ organization {{ name }} score rank }} }}
    alerts {{ total byLevel {{ {POINT} }} byKind {{ {POINT} }} scannedAt }}
  }}
}}"""
ALERT_SUMMARY = f"""query Summary($org: ID!) {{
  alertSummary(under: $org) {{ total byLevel {{ {POINT} }} byKind {{ {POINT} }} scannedAt }}
}}"""
EXPLAIN_MARKERS = ("indicator_value", "alert_count", "task_year_tally", "development_file")


class CenterCase(LifeCase):
    pass


def _periods(period: str) -> list[str]:
    quarters = [parse_period(period)]
    while len(quarters) < 4:
        quarters.append(quarters[-1].previous())
    return sorted({q.key for q in quarters} | {str(q.year) for q in quarters})


def alerts_floor(org: Org) -> tuple[Statement, ...]:
    return (
        (
            f"SELECT level, kind, sum(alerts) FROM alert_count WHERE org_path LIKE '{org.path}%' GROUP BY level, kind",
            (),
        ),
        ("SELECT max(finished_at) FROM alert_scan", ()),
    )


def center_floor(org: Org, children: list[Org], period: str, year: int) -> tuple[Statement, ...]:
    ids = [org.id, *(c.id for c in children)]
    return (
        ("SELECT id, path, type, name FROM organization WHERE parent_id = $1", (org.id,)),
        (
            "SELECT indicator_id, organization_id, period, value, numerator, denominator, level FROM indicator_value"
            " WHERE organization_id = ANY($1::int[]) AND period = ANY($2::text[])",
            (ids, _periods(period)),
        ),
        *alerts_floor(org),
        (
            "SELECT status, sum(assignments), sum(overdue), sum(on_time), sum(budget_fen), sum(spent_fen)"
            f" FROM task_year_tally WHERE year = $1 AND org_path LIKE '{org.path}%' GROUP BY status",
            (year,),
        ),
        (f"SELECT stage, count(*) FROM development_file WHERE org_path LIKE '{org.path}%' GROUP BY stage", ()),
    )


def subtree_sizes(data: Dataset) -> dict[str, int]:
    sizes: dict[str, int] = defaultdict(int)
    by_path = {o.path: o for o in data.orgs}
    for org in data.orgs:
        parts = org.path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):
            ancestor = by_path["/" + "/".join(parts[:depth]) + "/"]
            sizes[to_global_id("Organization", ancestor.id)] += 1
    return sizes


def build_center_cases(data: Dataset, center: CenterSet, per_case: int, seed: int = 23) -> list[CenterCase]:
    rng = random.Random(seed)
    children: dict[int | None, list[Org]] = defaultdict(list)
    for org in data.orgs:
        if not org.dissolved:
            children[org.parent_id].append(org)
    root = data.orgs[0]
    mids = [o for o in children[root.id] if o.type == OrgType.COMMITTEE]
    roots = [(user, root) for user in data.root_secretaries]
    heights = {
        "the root, root secretary": roots,
        "a second-level committee, root secretary": [
            (data.root_secretaries[i % len(data.root_secretaries)], org)
            for i, org in enumerate(rng.sample(mids, min(per_case, len(mids))))
        ],
        "own branch, branch secretary": rng.sample(
            data.branch_secretaries, min(per_case, len(data.branch_secretaries))
        ),
    }
    cases = []
    for height, pairs in heights.items():
        samples = [Sample(user, {"org": to_global_id("Organization", org.id)}) for user, org in pairs]
        cases.append(
            CenterCase(
                f"controlCenter of {height}",
                CONTROL_CENTER,
                "controlCenter",
                [Sample(s.user_id, {**s.variables, "period": center.period}) for s in samples],
                floors=tuple(center_floor(o, children[o.id], center.period, center.today.year) for _, o in pairs),
            )
        )
        cases.append(
            CenterCase(
                f"alertSummary of {height}",
                ALERT_SUMMARY,
                "alertSummary",
                samples,
                floors=tuple(alerts_floor(o) for _, o in pairs),
            )
        )
    return cases


class CenterHarness(LifeHarness):
    markers = EXPLAIN_MARKERS

    def __init__(
        self, client: Any, floor: Any, engine: AsyncEngine, tokens: dict[int, str], subtree_sizes: dict[str, int]
    ) -> None:
        super().__init__(client, floor, engine, tokens)
        self.subtree_sizes = subtree_sizes  # global org ID -> orgs in its subtree

    async def answer_size(self, case: LifeCase) -> int:
        """The orgs the answer covers: the first sample's whole subtree."""
        return self.subtree_sizes[case.samples[0].variables["org"]]
