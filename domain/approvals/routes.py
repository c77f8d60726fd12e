"""Approval routes: the steps an org sets for a type of subject, inherited by its subtree, and how a route
resolves into the orgs whose role-holders decide each step."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.guard import require_visible
from authz.roles import Action, Resource, Role
from domain import audit
from domain.approvals.models import ApprovalRoute
from domain.approvals.rules import DEFAULT_ROUTE, RouteStep, check_route
from domain.approvals.subjects import subject_for
from domain.errors import forbidden, not_found, stale_version
from domain.orgs.models import Organization
from domain.timeutil import utcnow
from domain.tree import ancestor_paths

ORG_FIELD = "organizationId"


def steps_of(stored: list[dict[str, Any]]) -> tuple[RouteStep, ...]:
    return tuple(RouteStep(Role(s["role"]), int(s["levelsUp"])) for s in stored)


async def route_for(session: AsyncSession, subject_type: str, org: Organization) -> tuple[RouteStep, ...]:
    """The route of the nearest org at or above `org` that sets one; the default where none does."""
    row = (
        await session.execute(
            select(col(ApprovalRoute.steps))
            .join(Organization, col(Organization.id) == col(ApprovalRoute.organization_id))
            .where(
                col(ApprovalRoute.subject_type) == subject_type,
                col(Organization.path).in_(ancestor_paths(org.path)),
            )
            .order_by(col(Organization.depth).desc())
            .limit(1)
        )
    ).scalar_one_or_none()
    return steps_of(row) if row is not None else DEFAULT_ROUTE


async def deciding_orgs(session: AsyncSession, org: Organization, steps: tuple[RouteStep, ...]) -> list[Organization]:
    """For each step, the org `levelsUp` above the subject's org (check_route keeps it within the tree)."""
    paths = ancestor_paths(org.path)
    rows = await session.execute(select(Organization).where(col(Organization.path).in_(paths)))
    by_path = {o.path: o for o in rows.scalars()}
    return [by_path[paths[len(paths) - 1 - step.levels_up]] for step in steps]


async def set_route(
    session: AsyncSession,
    *,
    actor: Actor,
    organization_id: int,
    subject_type: str,
    steps: tuple[RouteStep, ...],
    version: int | None,
) -> ApprovalRoute:
    """Create or replace an org's route for a subject type; `version`, when given, guards a replacement
    (one made without it replaces whatever is there: the route is the org's standing order, not a draft)."""
    audit.note(session, object_type="ApprovalRoute")
    org = await session.get(Organization, organization_id)
    if org is None:
        raise not_found("组织", field=[ORG_FIELD])
    require_visible(actor, org.path, Resource.ORGANIZATION, "组织", field=ORG_FIELD)
    audit.note(session, org_id=org.id, org_path=org.path)
    if not AUTHORIZER.can(actor, org.path, Resource.APPROVAL_ROUTE, Action.WRITE):
        raise forbidden("无权设置该组织的审批流程")
    subject_for(subject_type)
    check_route(steps, org.depth)
    route = (
        await session.execute(
            select(ApprovalRoute)
            .where(col(ApprovalRoute.organization_id) == org.id, col(ApprovalRoute.subject_type) == subject_type)
            .with_for_update()
        )
    ).scalar_one_or_none()
    stored = [s.as_json() for s in steps]
    if route is None:
        route = ApprovalRoute(
            organization_id=organization_id, subject_type=subject_type, steps=stored, updated_by=actor.user_id
        )
        before: list[dict[str, object]] = [s.as_json() for s in DEFAULT_ROUTE]
        try:
            async with session.begin_nested():  # another first route won the unique (org, subject type)
                session.add(route)
        except IntegrityError:
            raise stale_version(1) from None
    else:
        if version is not None and version != route.version:
            raise stale_version(route.version)
        before = route.steps
        route.steps, route.version = stored, route.version + 1
        route.updated_by, route.updated_at = actor.user_id, utcnow()
    await session.flush()
    audit.note(
        session, object_id=route.id, changes={"subject_type": subject_type, "steps": {"from": before, "to": stored}}
    )
    return route
