"""Timing the organization-life cases: the app, a replay of the statements it sent, and the minimal floor.

Three figures per case, because the reads here are big: the replay tells the app's SQL from its Python
(app minus replay is ORM, domain logic, GraphQL and JSON), the floor tells whether that SQL could be leaner.
"""

from dataclasses import dataclass
from time import perf_counter

from bench.measure import Harness, Recorder, Statement, recording
from bench.orglife_cases import EXPLAIN_MARKERS, LifeCase


@dataclass(frozen=True)
class LifeResult:
    case: LifeCase
    app: list[float]  # seconds per request
    replay: list[float]  # the statements the app sent, straight to asyncpg
    floor: list[float]  # the minimal statements for the same facts
    recorder: Recorder  # what the first sample sent
    rows: int  # orgs in the first sample's answer (compliance: evaluated for its summary)
    plans: list[tuple[str, list[str]]]  # EXPLAIN ANALYZE of the app's heavy statements, first sample
    floor_plans: list[tuple[str, list[str]]]  # and of the floor's


class LifeHarness(Harness):
    markers: tuple[str, ...] = (
        EXPLAIN_MARKERS  # the statements worth an EXPLAIN ANALYZE: those on the area's own tables
    )

    async def answer_size(self, case: LifeCase) -> int:
        sample = case.samples[0]
        headers = {"authorization": f"Bearer {self.tokens[sample.user_id]}"}
        response = await self.client.post(
            "/graphql", json={"query": case.query, "variables": sample.variables}, headers=headers
        )
        found = response.json()["data"][case.field]
        # The orgs the answer is about (compliance: evaluated for its summary; coverage: expected to study the
        # topic), not the page of at most 50 of them it lists.
        return int(found["summary"]["organizations"] if "summary" in found else found["expected"])

    async def run_life(self, case: LifeCase, iterations: int) -> LifeResult:
        captured = []
        for sample in case.samples:  # the warm-up pass, recording what each sample sends
            with recording(self.engine) as recorder:
                await self.request(case, sample)
            captured.append(recorder)
        n, iterations = len(case.samples), case.iterations or iterations
        app = [await self.request(case, case.samples[i % n]) for i in range(iterations)]
        replay = await self._timed([list(r.statements) for r in captured], iterations)
        floor = await self._timed([list(f) for f in case.floors], iterations)
        plans = await self._plans(captured[0].statements)
        floor_plans = await self._plans(list(case.floors[0]))
        rows = await self.answer_size(case)
        return LifeResult(case, app, replay, floor, captured[0], rows, plans, floor_plans)

    async def _timed(self, per_sample: list[list[Statement]], iterations: int) -> list[float]:
        for statements in per_sample:  # warm-up: asyncpg prepares and caches the statements
            await self.send(statements)
        n = len(per_sample)
        return [await self.send(per_sample[i % n]) for i in range(iterations)]

    async def _plans(self, statements: list[Statement]) -> list[tuple[str, list[str]]]:
        plans = []
        for sql, params in statements:
            if any(marker in sql for marker in self.markers):
                start = perf_counter()
                rows = await self.floor.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", *params)
                elapsed = (perf_counter() - start) * 1000
                plans.append((f"{sql}\n-- EXPLAIN ANALYZE round trip {elapsed:.1f} ms", [str(r[0]) for r in rows]))
        return plans
