"""Latency through the real ASGI app, next to the same SQL sent straight to asyncpg (the floor).

In-process ASGI (httpx's ASGITransport) rather than a uvicorn server on a socket: one event loop and no
kernel networking between client and server keep the figures stable from run to run. The transport's
own cost is measured on /healthz and reported beside the table.
"""

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

import httpx
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from api.ids import to_global_id
from bench.generate import Dataset, Org
from domain.orgs.models import OrgType

Statement = tuple[str, tuple[Any, ...]]

NODE = "node { id name type path depth version }"
LIST = f"""query Orgs($under: ID!) {{
  organizations(under: $under, first: 50) {{ edges {{ {NODE} }} pageInfo {{ hasNextPage endCursor }} }}
}}"""
TREE_ORDER = "ORDER BY organization.path"
ONE = "query Org($id: ID!) { organization(id: $id) { id name type path depth version } }"


@dataclass(frozen=True)
class Sample:
    user_id: int
    variables: dict[str, str]


@dataclass(frozen=True)
class Case:
    name: str
    query: str
    field: str  # the top-level field, to check that each answer holds data
    samples: list[Sample]
    explain: str | None = None  # a piece of the statement to EXPLAIN ANALYZE, if any
    iterations: int | None = None  # timed requests, if not the run's default


@dataclass
class Recorder:
    """What the app sent for one request: its statements, and the connection work around them."""

    statements: list[Statement] = field(default_factory=list)
    checkouts: int = 0
    transactions: int = 0
    pre_ping: bool = False

    @property
    def round_trips(self) -> int:
        # With pool_pre_ping, SQLAlchemy's asyncpg adapter pings a checked-out connection with BEGIN, ";"
        # and ROLLBACK; each session's transaction adds BEGIN and ROLLBACK around its statements.
        return len(self.statements) + 3 * self.checkouts * self.pre_ping + 2 * self.transactions


@dataclass(frozen=True)
class Result:
    case: Case
    app: list[float]  # seconds per request
    floor: list[float]  # seconds for the same statements sent directly
    recorder: Recorder  # what the first sample sent (every sample of a case sends the same shape)
    plan: list[str] | None = None  # EXPLAIN ANALYZE of the list statement, for the list cases


def _gid(org: Org) -> str:
    return to_global_id("Organization", org.id)


def build_cases(data: Dataset, per_case: int, seed: int = 7) -> list[Case]:
    """Rotate over many actors and orgs, so that no single cached plan or row flatters the figures."""
    rng = random.Random(seed)
    living = [o for o in data.orgs if not o.dissolved]
    groups: dict[int, list[Org]] = {}
    for org in living:
        if org.type is OrgType.GROUP and org.parent_id is not None:
            groups.setdefault(org.parent_id, []).append(org)
    branch_secs = rng.sample(data.branch_secretaries, min(per_case, len(data.branch_secretaries)))
    roots = data.root_secretaries
    root = data.orgs[0]
    second = [o for o in data.orgs if o.depth == 1]

    def root_samples(key: str, pick: list[Org]) -> list[Sample]:
        return [Sample(roots[i % len(roots)], {key: _gid(pick[i % len(pick)])}) for i in range(per_case)]

    own_branch = [Sample(user, {"under": _gid(branch)}) for user, branch in branch_secs]
    in_branch = [
        Sample(user, {"id": _gid(rng.choice([branch, *groups.get(branch.id, [])]))}) for user, branch in branch_secs
    ]
    anywhere = rng.sample(living, per_case)
    return [
        Case("list, branch secretary, under own branch", LIST, "organizations", own_branch, TREE_ORDER),
        Case("list, root secretary, under the root", LIST, "organizations", root_samples("under", [root]), TREE_ORDER),
        Case(
            "list, root secretary, under a 2nd-level org",
            LIST,
            "organizations",
            root_samples("under", second),
            TREE_ORDER,
        ),
        Case("one org, branch secretary, in own branch", ONE, "organization", in_branch),
        Case("one org, root secretary, anywhere", ONE, "organization", root_samples("id", anywhere)),
    ]


@contextmanager
def recording(engine: AsyncEngine) -> Iterator[Recorder]:
    recorder = Recorder(pre_ping=bool(getattr(engine.sync_engine.pool, "_pre_ping", False)))

    def on_execute(_c: Any, _cur: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        recorder.statements.append((statement, tuple(parameters or ())))

    def on_checkout(*_: Any) -> None:
        recorder.checkouts += 1

    def on_begin(*_: Any) -> None:
        recorder.transactions += 1

    listeners = [
        (engine.sync_engine, "before_cursor_execute", on_execute),
        (engine.sync_engine.pool, "checkout", on_checkout),
        (engine.sync_engine, "begin", on_begin),
    ]
    for target, name, fn in listeners:
        event.listen(target, name, fn)
    try:
        yield recorder
    finally:
        for target, name, fn in listeners:
            event.remove(target, name, fn)


class Harness:
    def __init__(self, client: httpx.AsyncClient, floor: Any, engine: AsyncEngine, tokens: dict[int, str]) -> None:
        self.client, self.floor, self.engine, self.tokens = client, floor, engine, tokens

    async def request(self, case: Case, sample: Sample) -> float:
        headers = {"authorization": f"Bearer {self.tokens[sample.user_id]}"}
        body = {"query": case.query, "variables": sample.variables}
        start = perf_counter()
        response = await self.client.post("/graphql", json=body, headers=headers)
        elapsed = perf_counter() - start
        answer = response.json()  # checked after the clock stops: the client's parsing is not the app's
        found = (answer.get("data") or {}).get(case.field)
        empty = not found or (isinstance(found, dict) and (found.get("edges") == [] or found.get("total") == 0))
        if response.status_code != 200 or answer.get("errors") or empty:
            raise RuntimeError(f"{case.name}: unexpected answer {answer}")
        return elapsed

    async def send(self, statements: list[Statement]) -> float:
        start = perf_counter()
        for sql, params in statements:
            await self.floor.fetch(sql, *params)
        return perf_counter() - start

    async def transport(self, iterations: int) -> list[float]:
        """The harness's own cost: a route that does nothing, through the same client and transport."""
        times = []
        for _ in range(iterations):
            start = perf_counter()
            (await self.client.get("/healthz")).raise_for_status()
            times.append(perf_counter() - start)
        return times

    async def run(self, case: Case, iterations: int) -> Result:
        # One pass over the samples records what each sends; it also warms the app's caches (parser,
        # validation, prepared statements, the per-actor Casbin enforcers), so it is the warm-up.
        captured = []
        for sample in case.samples:
            with recording(self.engine) as recorder:
                await self.request(case, sample)
            captured.append(recorder)
        n, iterations = len(case.samples), case.iterations or iterations
        app = [await self.request(case, case.samples[i % n]) for i in range(iterations)]
        for recorder in captured:  # the floor's warm-up: asyncpg prepares and caches the same statements
            await self.send(recorder.statements)
        floor = [await self.send(captured[i % n].statements) for i in range(iterations)]
        plan = await self.explain(captured[0].statements, case.explain) if case.explain else None
        return Result(case, app, floor, captured[0], plan)

    async def explain(self, statements: list[Statement], marker: str) -> list[str]:
        sql, params = next(s for s in statements if marker in s[0])
        rows = await self.floor.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", *params)
        return [str(row[0]) for row in rows]
