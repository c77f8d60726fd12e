"""Three years of organization life over the generated tree: meetings, study topics and their studies, by COPY.

Every org holds, for each of the 36 months ending last month, the meetings the regulation defaults
(domain/orglife/rules.DEFAULT_REQUIREMENTS) ask of its type, once per required period on a random day of the
period, and about 5 % of them are dropped at random: the gaps compliance has to find. A branch holds its
支委会 only from 7 full members, as the rule asks. Rows go in month by month, as a database filled by people
recording their meetings would lay them out on disk (a subtree's meetings scattered, a month's together).

Skipped, as no read measured here touches them: attendance rows (each meeting carries its due and present
counts, which is what the compliance and attendance-rate reads sum), agenda items, attachments, revisions.
A study is a MeetingStudy row tied to one of the org's first three meetings on or after the topic's issue date.
"""

import calendar
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from time import perf_counter
from typing import Any

from bench.generate import DISSOLVED_ON, Dataset, Org
from domain.orglife.enums import COMMITTEE_TYPES, PERIOD_MONTHS, MeetingType
from domain.orglife.rules import DEFAULT_REQUIREMENTS, OrgLifeRules, Requirement
from domain.orgs.models import OrgType
from domain.timeutil import today

MONTHS = 36
MISSING = 0.05  # the share of required meetings never held
STUDIED = 0.90  # the share of expected orgs that study a topic
ROOT_TOPICS = 12  # issued by the company committee, one a quarter
COMMITTEE_TOPICS = 2  # issued by each second-level committee
STUDY_TYPES = frozenset({OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH})  # who studies a topic
FULL_MEMBERS = OrgLifeRules().branch_committee_min_full_members


@dataclass(frozen=True)
class Topic:
    id: int
    issuer: Org
    issued_on: date
    due_on: date


@dataclass
class Rolls:
    """Members on each roll (ACTIVE, not suspended), as counted from the loaded ledger."""

    branch: dict[int, int] = field(default_factory=dict)
    branch_full: dict[int, int] = field(default_factory=dict)
    group: dict[int, int] = field(default_factory=dict)
    subtree: dict[int, int] = field(default_factory=dict)  # every org above a branch: its whole subtree

    def due(self, org: Org) -> int:
        """Those due at the org's meetings (a committee meeting's are its committee, not counted here)."""
        if org.type is OrgType.BRANCH:
            return self.branch.get(org.id, 0)
        if org.type is OrgType.GROUP:
            return self.group.get(org.id, 0)
        return self.subtree.get(org.id, 0)


@dataclass
class OrgLifeSet:
    first_month: int  # month_index (year * 12 + month - 1) of the first generated month
    last_month: int  # last month: the current one is left empty
    topics: list[Topic]
    rolls: Rolls
    meetings: int = 0
    dropped: int = 0
    studies: int = 0
    expected: int = 0  # (topic, org) pairs that should study
    seconds: float = 0.0
    vacuum_seconds: float = 0.0

    @property
    def last_quarter(self) -> tuple[int, int]:
        """The last quarter wholly generated (and closed): (year, quarter)."""
        end = (self.last_month + 1) // 3 * 3 - 1
        return end // 12, end % 12 // 3 + 1


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _day(rng: random.Random, month: int) -> date:
    year, number = divmod(month, 12)
    return date(year, number + 1, rng.randint(1, calendar.monthrange(year, number + 1)[1]))


async def count_rolls(conn: Any, data: Dataset) -> Rolls:
    rolls = Rolls()
    rows = await conn.fetch(
        "SELECT organization_id, party_group_id, status = 'FULL' AS full, count(*) AS n FROM member"
        " WHERE record_state = 'ACTIVE' AND special_state <> 'SUSPENDED' GROUP BY 1, 2, 3"
    )
    for row in rows:
        branch, n = row["organization_id"], row["n"]
        rolls.branch[branch] = rolls.branch.get(branch, 0) + n
        if row["full"]:
            rolls.branch_full[branch] = rolls.branch_full.get(branch, 0) + n
        if row["party_group_id"] is not None:
            rolls.group[row["party_group_id"]] = rolls.group.get(row["party_group_id"], 0) + n
    by_id = {org.id: org for org in data.orgs}
    for branch, n in rolls.branch.items():
        for ancestor in by_id[branch].path.strip("/").split("/")[:-1]:
            rolls.subtree[int(ancestor)] = rolls.subtree.get(int(ancestor), 0) + n
    return rolls


def make_topics(data: Dataset, first_month: int, last_month: int, rng: random.Random) -> list[Topic]:
    """12 topics from the root, one a quarter; 2 from each second-level committee, on random days."""
    root = data.orgs[0]
    issued = [(root, _day(rng, min(first_month + 3 * k, last_month))) for k in range(ROOT_TOPICS)]
    for org in data.orgs:
        if org.depth == 1 and org.type is OrgType.COMMITTEE:
            issued += [(org, _day(rng, rng.randint(first_month, last_month))) for _ in range(COMMITTEE_TOPICS)]
    return [Topic(i, org, day, day + timedelta(days=30)) for i, (org, day) in enumerate(issued, start=1)]


class _Studies:
    """Which org studies which topic, decided up front; tied to a meeting as the meetings stream by."""

    def __init__(self, data: Dataset, topics: list[Topic], rng: random.Random) -> None:
        self.pending: dict[int, list[list[Any]]] = {}  # org id -> [[topic, meetings still to skip]]
        self.rows: list[tuple[Any, ...]] = []
        self.expected = 0
        living = [o for o in data.orgs if o.type in STUDY_TYPES and not o.dissolved]
        for topic in topics:
            for org in living:
                if org.path.startswith(topic.issuer.path):
                    self.expected += 1
                    if rng.random() < STUDIED:
                        self.pending.setdefault(org.id, []).append([topic, rng.randrange(3)])

    def meeting(self, meeting_id: int, org: Org, held_on: date) -> None:
        waiting = self.pending.get(org.id)
        if not waiting:
            return
        for entry in waiting[:]:
            topic = entry[0]
            if held_on < topic.issued_on:
                continue
            if entry[1] == 0:
                self.rows.append((len(self.rows) + 1, meeting_id, topic.id, org.id, org.path, held_on))
                waiting.remove(entry)
            else:
                entry[1] -= 1


def meeting_rows(data: Dataset, life: OrgLifeSet, studies: _Studies, rng: random.Random) -> Iterator[tuple[Any, ...]]:
    now = datetime.now(UTC)
    required: dict[OrgType, list[Requirement]] = {}
    for requirement in DEFAULT_REQUIREMENTS:
        required.setdefault(requirement.org_type, []).append(requirement)
    committee_size = {o.id: rng.randint(5, 9) for o in data.orgs if o.type is not OrgType.GROUP}
    drawn: dict[tuple[int, MeetingType], tuple[int, int]] = {}  # the month a quarterly/yearly one falls in
    rolls, next_id = life.rolls, 1
    for month in range(life.first_month, life.last_month + 1):
        for org in data.orgs:
            for req in required.get(org.type, ()):
                size = PERIOD_MONTHS[req.period]
                if size > 1:  # one draw per period, over the whole period: before the window means none here
                    start = month - month % size
                    if drawn.get((org.id, req.meeting_type), (-1, -1))[0] != start:
                        drawn[org.id, req.meeting_type] = (start, start + rng.randrange(size))
                    if drawn[org.id, req.meeting_type][1] != month:
                        continue
                kind = req.meeting_type
                if kind is MeetingType.BRANCH_COMMITTEE_MEETING and rolls.branch_full.get(org.id, 0) < FULL_MEMBERS:
                    continue
                held_on = _day(rng, month)
                if org.dissolved and held_on >= DISSOLVED_ON:
                    continue
                if rng.random() < MISSING:
                    life.dropped += 1
                    continue
                due = committee_size[org.id] if kind in COMMITTEE_TYPES else rolls.due(org)
                present = round(due * rng.uniform(0.8, 1.0))
                studies.meeting(next_id, org, held_on)
                yield (
                    next_id, org.id, org.path, kind.value, held_on, month, "[]", False, due, present, 1, now, now
                )  # fmt: skip
                next_id += 1
    life.meetings = next_id - 1


async def load(conn: Any, data: Dataset, seed: int = 2029) -> OrgLifeSet:
    """COPY topics, meetings and studies in, fix the id sequences, then VACUUM ANALYZE."""
    start = perf_counter()
    rng = random.Random(seed)
    last = month_index(today()) - 1
    first = last - MONTHS + 1
    topics = make_topics(data, first, last, rng)
    life = OrgLifeSet(first, last, topics, await count_rolls(conn, data))
    studies = _Studies(data, topics, rng)
    now = datetime.now(UTC)
    topic_rows = [
        (t.id, t.issuer.id, t.issuer.path, f"第一议题学习专题{t.id}", "中央文件", t.issued_on, t.due_on, now)
        for t in topics
    ]
    async with conn.transaction():
        await conn.copy_records_to_table("study_topic", records=topic_rows, columns=TOPIC_COLUMNS)
        await conn.copy_records_to_table(
            "meeting", records=meeting_rows(data, life, studies, rng), columns=MEETING_COLUMNS
        )
        await conn.copy_records_to_table("meeting_study", records=studies.rows, columns=STUDY_COLUMNS)
        for table in ("study_topic", "meeting", "meeting_study"):
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    life.studies, life.expected = len(studies.rows), studies.expected
    life.seconds = perf_counter() - start
    await conn.execute("VACUUM (ANALYZE) study_topic, meeting, meeting_study")
    life.vacuum_seconds = perf_counter() - start - life.seconds
    return life


TOPIC_COLUMNS = ["id", "issuer_org_id", "issuer_path", "title", "source", "issued_on", "due_on", "created_at"]
MEETING_COLUMNS = [
    *("id", "organization_id", "org_path", "type", "held_on", "month_index", "decisions", "combined_evaluation"),
    *("due_count", "present_count", "version", "created_at", "updated_at"),
]
STUDY_COLUMNS = ["id", "meeting_id", "topic_id", "organization_id", "org_path", "held_on"]
