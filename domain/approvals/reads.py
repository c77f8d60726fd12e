"""Reads of the approval workflow: requests by id or by subject, their decisions, and an org's route.

A request is visible to whoever reads organizations at its subject's org, and to whoever must decide it
now: a route may climb to an org whose approver's grant does not reach down to the subject's org.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.approvals import holds_role_at, pending_for
from authz.authorizer import AUTHORIZER
from authz.guard import require_visible
from authz.roles import Action, Resource
from domain.approvals.models import ApprovalDecision, ApprovalRequest, ApprovalRoute
from domain.approvals.routes import ORG_FIELD, deciding_orgs, steps_of
from domain.approvals.rules import DEFAULT_ROUTE, RouteStep
from domain.approvals.subjects import subject_for
from domain.errors import not_found
from domain.orgs.models import Organization
from domain.tree import ancestor_paths

REQUESTS = ApprovalRequest.__table__.c  # type: ignore[attr-defined]
DECISIONS = ApprovalDecision.__table__.c  # type: ignore[attr-defined]
SubjectKey = tuple[str, int]


def may_see(actor: Actor, request: ApprovalRequest) -> bool:
    """The point check of `request_visible`."""
    if AUTHORIZER.can(actor, request.org_path, Resource.ORGANIZATION, Action.READ):
        return True
    role, path = request.pending_role, request.pending_path
    return role is not None and path is not None and holds_role_at(actor, role, path)


def request_visible(actor: Actor) -> ColumnElement[bool]:
    return or_(
        AUTHORIZER.path_filter(actor, REQUESTS.org_path, Resource.ORGANIZATION, Action.READ),
        pending_for(actor, REQUESTS.pending_role, REQUESTS.pending_path),
    )


async def requests_by_ids(session: AsyncSession, *, actor: Actor, ids: Sequence[int]) -> dict[int, Any]:
    rows = await session.execute(select(*REQUESTS).where(REQUESTS.id.in_(ids), request_visible(actor)))
    return {row.id: row for row in rows}


async def requests_of_subjects(
    session: AsyncSession, *, actor: Actor, keys: Sequence[SubjectKey]
) -> dict[SubjectKey, list[Any]]:
    """Every request of each subject, the first sent first: a subject returned and sent again has several."""
    found: dict[SubjectKey, list[Any]] = defaultdict(list)
    by_type: dict[str, list[int]] = defaultdict(list)
    for subject_type, subject_id in keys:
        by_type[subject_type].append(subject_id)
    for subject_type, ids in by_type.items():
        rows = await session.execute(
            select(*REQUESTS)
            .where(REQUESTS.subject_type == subject_type, REQUESTS.subject_id.in_(ids), request_visible(actor))
            .order_by(REQUESTS.requested_at, REQUESTS.id)
        )
        for row in rows:
            found[(subject_type, row.subject_id)].append(row)
    return found


async def decisions_of(session: AsyncSession, *, request_ids: Sequence[int]) -> dict[int, list[Any]]:
    """The decisions of requests the caller has already read through a scoped read, step by step."""
    rows = await session.execute(
        select(*DECISIONS).where(DECISIONS.request_id.in_(request_ids)).order_by(DECISIONS.request_id, DECISIONS.step)
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for row in rows:
        found[row.request_id].append(row)
    return found


@dataclass(frozen=True)
class EffectiveRoute:
    """The route a subject sent at `org` would follow now, and where it comes from."""

    org: Organization
    subject_type: str
    steps: tuple[RouteStep, ...]
    deciders: list[Organization]  # for each step, the org whose role-holders decide it
    defined_by: Organization | None  # the nearest org at or above that sets a route; None: the default
    version: int | None  # the version of `org`'s own route, to pass when replacing it; None: it has none


async def effective_route(
    session: AsyncSession, *, actor: Actor, organization_id: int, subject_type: str
) -> EffectiveRoute:
    org = await session.get(Organization, organization_id)
    if org is None:
        raise not_found("组织", field=[ORG_FIELD])
    require_visible(actor, org.path, Resource.ORGANIZATION, "组织", field=ORG_FIELD)
    subject_for(subject_type)
    # The nearest route at or above the org, as routes.route_for finds it, with the org that sets it.
    own = (
        await session.execute(
            select(ApprovalRoute, Organization)
            .join(Organization, col(Organization.id) == col(ApprovalRoute.organization_id))
            .where(
                col(ApprovalRoute.subject_type) == subject_type,
                col(Organization.path).in_(ancestor_paths(org.path)),
            )
            .order_by(col(Organization.depth).desc())
            .limit(1)
        )
    ).first()
    steps = steps_of(own[0].steps) if own is not None else DEFAULT_ROUTE
    defined_by = own[1] if own is not None else None
    version = own[0].version if own is not None and own[1].id == org.id else None
    return EffectiveRoute(
        org=org,
        subject_type=subject_type,
        steps=steps,
        deciders=await deciding_orgs(session, org, steps),
        defined_by=defined_by,
        version=version,
    )
