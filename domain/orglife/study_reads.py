"""Reads of study topics (第一议题). A topic is issued to the issuer's whole subtree, so it is visible to
whoever reads organization life at the issuer or anywhere below it, not only above it."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, false, literal, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import GLOBAL, Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.orglife.models import StudyTopic

TOPICS = StudyTopic.__table__.c  # type: ignore[attr-defined]


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


async def topics_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    rows = await session.execute(select(TOPICS).where(TOPICS.id.in_(ids), topic_visible(actor)))
    return {row.id: row for row in rows}
