"""Reads of study topics (第一议题). A topic is issued to the issuer's whole subtree, so it is visible to
whoever reads organization life at the issuer or anywhere below it, not only above it."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, false, func, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import GLOBAL, Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.errors import CommonError, DomainError, not_found
from domain.orglife.models import MeetingStudy, StudyTopic
from domain.orgs.models import Organization
from domain.paging import Page, PageRequest, make_page
from domain.tree import ancestor_paths, in_subtree

TOPIC_TABLE = StudyTopic.__table__  # type: ignore[attr-defined]
TOPICS = TOPIC_TABLE.c
STUDIES = MeetingStudy.__table__.c  # type: ignore[attr-defined]
ORGS = Organization.__table__.c  # type: ignore[attr-defined]
PAGE_KEY = (str, int)  # newest first: (issued_on, id)


def topic_visible(actor: Actor) -> ColumnElement[bool]:
    """Topics issued inside the actor's read scope, or issued above a place the actor may read."""
    patterns = AUTHORIZER.scope(actor, Resource.ORG_LIFE, Action.READ)
    if not patterns:
        return false()
    if GLOBAL in patterns:
        return true()
    # A grant at /1/5/ (or its subtree) reaches topics issued at /1/ and /1/5/: the issuer's path is a
    # prefix of the grant's path. Paths hold only digits and slashes, so they need no LIKE escaping.
    above = [literal(p.rstrip("*"), literal_execute=True).like(TOPICS.issuer_path + "%") for p in patterns]
    return or_(AUTHORIZER.path_filter(actor, TOPICS.issuer_path, Resource.ORG_LIFE, Action.READ), *above)


def reaching_or_inside(under_path: str) -> ColumnElement[bool]:
    """Topics that reach the org at `under_path` (issued by it or above it) or were issued inside its subtree."""
    return or_(TOPICS.issuer_path.in_(ancestor_paths(under_path)), in_subtree(TOPICS.issuer_path, under_path))


def topic_rows(actor: Actor, *where: ColumnElement[bool]) -> Select[Any]:
    """Visible topic rows with the issuer's name: a reader below the issuer may not see the issuer org
    itself, yet needs to know who issued the topic."""
    joined = TOPIC_TABLE.join(Organization.__table__, ORGS.id == TOPICS.issuer_org_id)  # type: ignore[attr-defined]
    return select(*TOPICS, ORGS.name.label("issuer_name")).select_from(joined).where(topic_visible(actor), *where)


async def topics_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    rows = await session.execute(topic_rows(actor, TOPICS.id.in_(ids)))
    return {row.id: row for row in rows}


def _cursor_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise DomainError(CommonError.INVALID_CURSOR, "分页游标无效", field=["after"]) from error


async def list_topics(session: AsyncSession, *, actor: Actor, under_path: str, page: PageRequest) -> Page[Any]:
    """Topics reaching `under` or issued inside it that the actor may see, newest issued first."""
    statement = topic_rows(actor, reaching_or_inside(under_path))
    if page.after:
        issued_on, topic_id = _cursor_date(page.after[0]), int(page.after[1])
        statement = statement.where(
            or_(TOPICS.issued_on < issued_on, and_(TOPICS.issued_on == issued_on, TOPICS.id < topic_id))
        )
    statement = statement.order_by(TOPICS.issued_on.desc(), TOPICS.id.desc()).limit(page.first + 1)
    rows = (await session.execute(statement)).all()
    return make_page(rows, page, lambda row: [row.issued_on.isoformat(), row.id])


async def count_topics(session: AsyncSession, *, actor: Actor, under_path: str) -> int:
    where = (topic_visible(actor), reaching_or_inside(under_path))
    return int(await session.scalar(select(func.count()).select_from(TOPIC_TABLE).where(*where)) or 0)


async def unstudied_topics(session: AsyncSession, *, actor: Actor, organization_id: int) -> list[Any]:
    """The topics reaching this org that it has not studied yet, the earliest deadline first (those without
    a deadline last, oldest issued first). Every topic reaching the org counts, however old: an org set up
    after a topic was issued is still expected to study it."""
    org = await session.get(Organization, organization_id)
    if org is None or not AUTHORIZER.can(actor, org.path, Resource.ORG_LIFE, Action.READ):
        raise not_found("组织", field=["organizationId"])
    studied = exists().where(STUDIES.topic_id == TOPICS.id, STUDIES.organization_id == organization_id)
    statement = topic_rows(actor, TOPICS.issuer_path.in_(ancestor_paths(org.path)), ~studied)
    order = (case((TOPICS.due_on.is_(None), 1), else_=0), TOPICS.due_on, TOPICS.issued_on, TOPICS.id)
    return list((await session.execute(statement.order_by(*order))).all())
