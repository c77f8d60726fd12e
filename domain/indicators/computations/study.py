"""Computations of the first agenda item (第一议题): coverage of the topics issued, and studies on time.

The (org, topic) pairs expected are those study_coverage.py expects: every committee, general branch and
branch in the issuer's subtree (the issuer included), here those living on the day asked about (the
earlier of today and the period's end). A pair is studied once a meeting of the org opened with the topic;
its earliest such meeting counts. One statement each: topics joined with the orgs below their issuer and
with each pair's earliest study, counted per org in SQL.
"""

from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.indicators.computations.registry import Kind, Row, Scope, computation
from domain.indicators.enums import Unit
from domain.orglife.models import MeetingStudy, StudyTopic
from domain.orglife.study import EXPECTED_TYPES
from domain.orgs.models import Organization
from domain.tree import in_subtree

ORG_TABLE = Organization.__table__  # type: ignore[attr-defined]
ORGS = ORG_TABLE.c
TOPIC_TABLE = StudyTopic.__table__  # type: ignore[attr-defined]
TOPICS = TOPIC_TABLE.c
STUDIES = MeetingStudy.__table__.c  # type: ignore[attr-defined]


def _pairs(scope: Scope, *topic_where: Any) -> Any:
    """The expected (org, topic) pairs of the topics chosen, with each pair's earliest study (or NULL)."""
    day = min(scope.today, scope.period.end)
    first_study = (
        select(STUDIES.organization_id, STUDIES.topic_id, func.min(STUDIES.held_on).label("studied_on"))
        .where(in_subtree(STUDIES.org_path, scope.under_path), STUDIES.held_on <= scope.today)
        .group_by(STUDIES.organization_id, STUDIES.topic_id)
        .subquery()
    )
    joined = TOPIC_TABLE.join(ORG_TABLE, ORGS.path.like(TOPICS.issuer_path + "%")).outerjoin(
        first_study, and_(first_study.c.organization_id == ORGS.id, first_study.c.topic_id == TOPICS.id)
    )
    where = [
        *topic_where,
        in_subtree(ORGS.path, scope.under_path),
        ORGS.type.in_([str(t) for t in EXPECTED_TYPES]),
        or_(ORGS.established_on.is_(None), ORGS.established_on <= day),
        or_(ORGS.dissolved_on.is_(None), ORGS.dissolved_on >= day),
    ]
    return joined, first_study.c.studied_on, where


def _within(column: Any, start: date, end: date) -> list[Any]:
    return [column >= start, column <= end]


@computation(
    "FIRST_AGENDA_COVERAGE",
    "第一议题学习覆盖率：期间内下发的学习专题，其下发党委所辖应学组织（党委、党总支、党支部，含下发党委本身）"
    "已在会议第一议题学习的“组织·专题”对数 ÷ 应学的“组织·专题”对数（截至今日已学习即计入）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def first_agenda_coverage(session: AsyncSession, scope: Scope) -> list[Row]:
    end = min(scope.today, scope.period.end)
    joined, studied_on, where = _pairs(scope, *_within(TOPICS.issued_on, scope.period.start, end))
    statement = (
        select(ORGS.path, func.count(studied_on), func.count()).select_from(joined).where(*where).group_by(ORGS.path)
    )
    return [(path, int(done), int(expected)) for path, done, expected in await session.execute(statement)]


@computation(
    "FIRST_AGENDA_ON_TIME",
    "第一议题按时学习率：完成期限在期间内的学习专题，在期限当日或之前已学习的“组织·专题”对数 ÷ 已到期限的"
    "“组织·专题”对数（期限未过且尚未学习的不计）。",
    Kind.RATIO,
    Unit.PERCENT,
)
async def first_agenda_on_time(session: AsyncSession, scope: Scope) -> list[Row]:
    joined, studied_on, where = _pairs(scope, *_within(TOPICS.due_on, scope.period.start, scope.period.end))
    on_time = and_(studied_on.is_not(None), studied_on <= TOPICS.due_on)
    # A pair is owed once its due date has passed, or earlier when it is already studied on time.
    statement = (
        select(ORGS.path, func.sum(case((on_time, 1), else_=0)), func.count())
        .select_from(joined)
        .where(*where, or_(TOPICS.due_on < scope.today, on_time))
        .group_by(ORGS.path)
    )
    return [(path, int(done), int(owed)) for path, done, owed in await session.execute(statement)]
