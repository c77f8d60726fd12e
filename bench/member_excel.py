"""Importing and exporting 10,000 members: time and peak memory, each next to asyncpg doing the SQL alone.

Each import and export runs in a fresh process (spawned), so that its memory is its own. Just before the
operation the process collects garbage, hands free heap back to the system (malloc_trim) and resets the
high-water mark of its resident set (Linux /proc/self/clear_refs); the figure is the peak after the
operation minus the peak right after the reset (the RSS at that moment). The peak is read from VmHWM in
/proc/self/status, the counter resource.getrusage's ru_maxrss reports, because ru_maxrss also keeps the
maximum over the process's life before exec: a spawned child inherits its parent's (the generator's) peak.
A separate, untimed run of each operation under tracemalloc gives the peak of Python's own allocations.
The import goes through domain.audit.audited and excel_import.import_members (dryRun=false) into an empty
branch, as the HTTP door calls it; the export through excel_export.export_members into a temporary file.
"""

import asyncio
import contextlib
import ctypes
import gc
import hashlib
import io
import multiprocessing
import resource
import tempfile
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from time import perf_counter
from typing import Any

import asyncpg
from openpyxl import load_workbook

from authz.actor import Actor, load_grants
from bench.generate import Dataset, Org
from bench.member_cases import root_org_admins
from bench.members import MemberSet
from domain.audit import Caller, audited
from domain.db import create_engine, session_factory
from domain.members import excel_export, excel_import, reads
from domain.members.models import Member
from domain.personal_data import PersonalDataCipher
from domain.settings import Settings
from tests.excel_support import person, sheet

ROWS = 10_000
MB = 1024 * 1024
NEXT_IDS = "SELECT nextval(pg_get_serial_sequence('member', 'id')) FROM generate_series(1, $1)"
MEMBER = [c.name for c in Member.__table__.c if c.name != "id"]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_mb: float  # the rise of the resident set's high-water mark during the operation
    rows: int
    base_mb: float  # the resident set just before it
    traced_mb: float | None = None  # tracemalloc's peak, in a run of its own


@dataclass(frozen=True)
class Job:
    """What a fresh process does: import `data` into the org, or export the org's members, as the user."""

    kind: str  # "import" or "export"
    url: str
    user_id: int
    org_id: int
    data: bytes = b""
    traced: bool = False


@dataclass(frozen=True)
class Transfer:
    """One Excel operation measured over several runs, next to its floor."""

    name: str
    runs: list[Measured]
    traced: Measured  # an extra run under tracemalloc, not timed
    floor: list[float]
    floor_name: str


def workbook(run: int, rows: int = ROWS) -> bytes:
    """A sheet of valid, distinct people (tests.excel_support): each run its own serials, so no duplicates."""
    return sheet([person(serial) for serial in range(run * rows, (run + 1) * rows)])


def _peak_kib() -> int:
    """The resident set's high-water mark, KiB."""
    with contextlib.suppress(OSError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: the process's peak so far


def _reset_peak() -> int:
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # the high-water mark drops to the current RSS
    return _peak_kib()


async def _in_child(job: Job) -> Measured:
    user_id, org_id = job.user_id, job.org_id
    settings = Settings(database_url=job.url)
    engine = create_engine(job.url)
    sessions = session_factory(engine)
    cipher = PersonalDataCipher.from_hex(settings.personal_data_key.get_secret_value())
    async with sessions() as session:  # also opens the pool's connection before the clock starts
        actor = Actor(user_id=user_id, username=f"user{user_id:05d}", grants=await load_grants(session, user_id))
    caller = Caller(user_id=user_id, username=actor.username)
    target = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, whatever happens

    async def do_import(session: Any) -> int:
        report = await excel_import.import_members(
            session, actor=actor, cipher=cipher, organization_id=org_id, workbook=job.data, dry_run=False
        )
        return report.rows_imported

    async def do_export(session: Any) -> int:
        flt, order = reads.MemberFilter(), reads.MemberOrder.NAME
        return await excel_export.export_members(
            session, actor=actor, cipher=cipher, under_id=org_id, flt=flt, order=order, target=target
        )

    try:
        base = _reset_peak()
        if job.traced:
            tracemalloc.start()
        start = perf_counter()
        work = do_import if job.kind == "import" else do_export
        rows = await audited(sessions, caller=caller, operation=f"{job.kind}Members", work=work)
        elapsed = perf_counter() - start
        peak = _peak_kib()
        traced_peak = tracemalloc.get_traced_memory()[1] / MB if job.traced else None
    finally:
        tracemalloc.stop()
        target.close()
        await engine.dispose()
    return Measured(elapsed, (peak - base) / 1024, rows, base / 1024, traced_peak)


def child(job: Job) -> Measured:
    return asyncio.run(_in_child(job))


async def in_fresh_process(job: Job) -> Measured:
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        return await asyncio.get_running_loop().run_in_executor(pool, child, job)


def parse_only(data: bytes) -> float:
    """openpyxl's read of the same file, cell values and nothing else: the import's unavoidable parsing."""
    start = perf_counter()
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    for _ in book.worksheets[0].iter_rows(values_only=True):
        pass
    book.close()
    return perf_counter() - start


async def import_floor(conn: Any, source: Org, target: Org) -> float:
    """The rows the import wrote into `source`, written again into `target` with COPY: members (with ids
    from the sequence) and their history rows, in one committed transaction."""
    found = await conn.fetch(f"SELECT {', '.join(MEMBER)} FROM member WHERE organization_id = $1", source.id)
    at = {name: i for i, name in enumerate(MEMBER)}
    records = []
    for row in found:
        values = list(row)
        values[at["organization_id"]], values[at["org_path"]] = target.id, target.path
        values[at["id_number_key"]] = hashlib.sha256(values[at["id_number_key"]].encode()).hexdigest()
        records.append(values)
    start = perf_counter()
    async with conn.transaction():
        ids = await conn.fetch(NEXT_IDS, len(records))
        members = [(member_id[0], *values) for member_id, values in zip(ids, records, strict=True)]
        await conn.copy_records_to_table("member", records=members, columns=["id", *MEMBER])
        history = [(m[0], target.id, m[1 + at["joined_on"]], "IMPORTED") for m in members]
        columns = ["member_id", "organization_id", "started_on", "reason"]
        await conn.copy_records_to_table("member_org_history", records=history, columns=columns)
    return perf_counter() - start


async def export_floor(conn: Any, branch: Org) -> tuple[float, int]:
    """The same rows and columns as the export reads, in its order, through one server-side cursor."""
    columns = ", ".join(c.name for c in reads.COLUMNS)
    sql = (
        f"SELECT {columns} FROM member WHERE org_path LIKE '{branch.path}%' AND record_state = 'ACTIVE' "
        "ORDER BY name, id"
    )
    start = perf_counter()
    count = 0
    async with conn.transaction():
        async for _ in conn.cursor(sql, prefetch=1000):
            count += 1
    return perf_counter() - start, count


async def measure(
    dsn: str, url: str, data: Dataset, members: MemberSet, runs: int
) -> tuple[list[Transfer], list[float]]:
    """Imports by a root ORG_ADMIN into empty branches; exports of the 10,000-member branch by a root
    SECRETARY (masked: a secretary may not reveal) and by a root ORG_ADMIN (in clear: 20,000 decryptions).
    Needs 2 * runs + 1 empty branches: each timed import's, its floor's, and the traced import's."""
    admin, secretary = root_org_admins(data)[0], data.root_secretaries[0]
    fresh, export = iter(members.fresh_branches), members.export_branch.id
    conn = await asyncpg.connect(dsn)
    imports, import_floors, parse, export_floors = [], [], [], []
    exports: dict[int, list[Measured]] = {secretary: [], admin: []}
    try:
        for run in range(runs):
            print(f"measuring: import {ROWS:,} rows, run {run + 1}", flush=True)
            upload = workbook(run)
            parse.append(await asyncio.to_thread(parse_only, upload))
            target = next(fresh)
            imports.append(await in_fresh_process(Job("import", url, admin, target.id, upload)))
            import_floors.append(await import_floor(conn, target, next(fresh)))
        traced_import = await in_fresh_process(Job("import", url, admin, next(fresh).id, workbook(runs), traced=True))
        for run in range(runs):
            print(f"measuring: export {ROWS:,} rows, run {run + 1}", flush=True)
            for user_id, runs_of in exports.items():
                runs_of.append(await in_fresh_process(Job("export", url, user_id, export)))
            export_floors.append((await export_floor(conn, members.export_branch))[0])
        traced = {u: await in_fresh_process(Job("export", url, u, export, traced=True)) for u in exports}
    finally:
        await conn.close()
    copy, cursor = "COPY of the same member and history rows", "one cursor over the same rows"
    return [
        Transfer("import (root ORG_ADMIN, dryRun=false)", imports, traced_import, import_floors, copy),
        Transfer("export, masked (root SECRETARY)", exports[secretary], traced[secretary], export_floors, cursor),
        Transfer("export, in clear (root ORG_ADMIN)", exports[admin], traced[admin], export_floors, cursor),
    ], parse
