"""Coverage of study topics (第一议题): which orgs studied a topic, which have not, and the percentage.

The orgs expected to study a topic are the living committees, general branches and branches in the
issuer's subtree (the issuing committee included: its 党委会 studies it) that lie under the org asked about
and within the reader's organization-life scope. Groups study with their branch (study.EXPECTED_TYPES).
An org has studied a topic once a meeting of its own opened with it; the earliest such meeting is shown.
Each read costs a fixed number of statements, whatever the size of the subtree.
"""

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.charts import rate
from domain.errors import not_found
from domain.orglife import study_reads
from domain.orglife.models import MeetingStudy
from domain.orglife.study import EXPECTED_TYPES, common_scope
from domain.orgs import reads as org_reads
from domain.orgs.models import Organization
from domain.tree import in_subtree

ORGS = study_reads.ORGS
TOPICS = study_reads.TOPICS
STUDIES = study_reads.STUDIES
STUDY_TABLE = MeetingStudy.__table__  # type: ignore[attr-defined]
ORG_TABLE = Organization.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class StudiedOrg:
    org: Any  # an organization row (domain.orgs.reads.COLUMNS)
    meeting_id: int
    held_on: date


@dataclass(frozen=True)
class Coverage:
    topic: Any  # a topic row with its issuer's name
    studied: Sequence[StudiedOrg]  # in tree order
    not_studied: Sequence[Any]  # organization rows, in tree order
    percent: float

    @property
    def expected(self) -> int:
        return len(self.studied) + len(self.not_studied)


@dataclass(frozen=True)
class TopicCoverage:
    """One bar of the first-agenda coverage chart."""

    topic_id: int
    title: str
    issued_on: date
    expected: int
    studied: int
    percent: float


def expected_orgs(actor: Actor, scope_path: str) -> list[ColumnElement[bool]]:
    return [
        in_subtree(ORGS.path, scope_path),
        ORGS.type.in_([str(t) for t in EXPECTED_TYPES]),
        ORGS.dissolved_on.is_(None),
        AUTHORIZER.path_filter(actor, ORGS.path, Resource.ORG_LIFE, Action.READ),
    ]


class OrgsByPath:
    """Orgs sorted by path, so that those under any path are one contiguous run, found by bisection."""

    def __init__(self, rows: Sequence[Any]) -> None:
        self.rows = sorted(rows, key=lambda row: row.path)
        self.paths = [row.path for row in self.rows]

    def under(self, path: str) -> Sequence[Any]:
        # Paths hold digits and slashes only, so every path below `path` sorts before path + "~".
        return self.rows[bisect_left(self.paths, path) : bisect_left(self.paths, path + "~")]


async def study_coverage(session: AsyncSession, *, actor: Actor, topic_id: int, under_path: str) -> Coverage:
    """Two statements: the topic, then the expected orgs joined with their studies of it."""
    topic = (await session.execute(study_reads.topic_rows(actor, TOPICS.id == topic_id))).first()
    if topic is None:
        raise not_found("学习专题", field=["topicId"])
    scope = common_scope(topic.issuer_path, under_path)
    if scope is None:
        return Coverage(topic=topic, studied=[], not_studied=[], percent=0.0)
    # Joined by org id, not by the study's copied path, so the answer holds whatever the copy says.
    joined = ORG_TABLE.outerjoin(STUDY_TABLE, and_(STUDIES.organization_id == ORGS.id, STUDIES.topic_id == topic_id))
    statement = (
        select(*org_reads.COLUMNS, STUDIES.meeting_id.label("study_meeting_id"), STUDIES.held_on.label("study_on"))
        .select_from(joined)
        .where(*expected_orgs(actor, scope))
    )
    earliest: dict[int, Any] = {}
    for row in await session.execute(statement):
        kept = earliest.get(row.id)
        if kept is None or _earlier(row, kept):
            earliest[row.id] = row
    rows = sorted(earliest.values(), key=lambda row: row.path)
    studied = [StudiedOrg(row, row.study_meeting_id, row.study_on) for row in rows if row.study_meeting_id is not None]
    not_studied = [row for row in rows if row.study_meeting_id is None]
    return Coverage(topic, studied, not_studied, rate(len(studied), len(rows)) or 0.0)


def _earlier(row: Any, kept: Any) -> bool:
    if row.study_meeting_id is None:
        return False
    if kept.study_meeting_id is None:
        return True
    return bool((row.study_on, row.study_meeting_id) < (kept.study_on, kept.study_meeting_id))


async def coverage_by_topic(
    session: AsyncSession, *, actor: Actor, under_path: str, year: int | None = None
) -> list[TopicCoverage]:
    """First-agenda coverage of every topic reaching `under` or issued inside it (issued in `year` if
    given), oldest issued first: three statements (topics, expected orgs, study counts)."""
    where = [study_reads.topic_visible(actor), study_reads.reaching_or_inside(under_path)]
    if year is not None:
        where += [TOPICS.issued_on >= date(year, 1, 1), TOPICS.issued_on <= date(year, 12, 31)]
    topics = (
        await session.execute(
            select(TOPICS.id, TOPICS.title, TOPICS.issued_on, TOPICS.issuer_path)
            .where(*where)
            .order_by(TOPICS.issued_on, TOPICS.id)
        )
    ).all()
    if not topics:
        return []
    orgs = OrgsByPath(
        (await session.execute(select(ORGS.id, ORGS.path).where(*expected_orgs(actor, under_path)))).all()
    )
    studied = await studied_counts(session, actor=actor, topic_ids=[t.id for t in topics], under_path=under_path)
    bars = []
    for topic in topics:
        scope = common_scope(topic.issuer_path, under_path)
        expected = len(orgs.under(scope)) if scope else 0
        done = studied.get(topic.id, 0)
        bars.append(TopicCoverage(topic.id, topic.title, topic.issued_on, expected, done, rate(done, expected) or 0.0))
    return bars


async def studied_counts(
    session: AsyncSession, *, actor: Actor, topic_ids: Sequence[int], under_path: str
) -> dict[int, int]:
    """How many expected orgs under `under_path` studied each topic, counted in SQL: a root's studies run
    to hundreds of thousands of rows, too many to bring over. The study's copied path narrows the scan by
    the (topic, path) index; the org's own row decides whether it is expected and in the topic's subtree."""
    joined = STUDY_TABLE.join(ORG_TABLE, ORGS.id == STUDIES.organization_id).join(
        study_reads.TOPIC_TABLE, TOPICS.id == STUDIES.topic_id
    )
    statement = (
        select(STUDIES.topic_id, func.count(distinct(STUDIES.organization_id)))
        .select_from(joined)
        .where(
            STUDIES.topic_id.in_(topic_ids),
            in_subtree(STUDIES.org_path, under_path),
            ORGS.path.like(TOPICS.issuer_path + "%"),
            *expected_orgs(actor, under_path),
        )
        .group_by(STUDIES.topic_id)
    )
    return {row[0]: row[1] for row in await session.execute(statement)}
