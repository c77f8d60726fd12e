"""Who may approve what, decided here once.

Member development's upper-committee steps (13, 16, 17 and 24) and term adjustments need the approval
permission at the path of the upper committee (the nearest ancestor committee), so a grant on the branch
itself, however wide below it, never suffices. The approval workflow (domain/approvals) names its approvers
as a role held at an org.
"""

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_

from authz.actor import Actor
from authz.authorizer import AUTHORIZER, domain_matches
from authz.roles import Action, Resource
from domain.tree import at_path, in_subtree


def may_approve_development(actor: Actor, committee_path: str | None) -> bool:
    return committee_path is not None and AUTHORIZER.can(actor, committee_path, Resource.DEVELOPMENT, Action.APPROVE)


def may_approve_term(actor: Actor, committee_path: str | None) -> bool:
    """A term adjustment (换届提前或延期) is approved by the upper committee, never by the org itself."""
    return committee_path is not None and AUTHORIZER.can(actor, committee_path, Resource.ORG_LIFE, Action.APPROVE)


def holds_role_at(actor: Actor, role: str, path: str) -> bool:
    """Does the actor hold `role` by a grant that covers the org at `path` (at that node, or over a subtree
    above it)? An approval route names approvers this way: a role at an org, not a permission."""
    return any(g.role.value == role and domain_matches(path, g.pattern) for g in actor.grants)


def pending_for(actor: Actor, role_column: Any, path_column: Any) -> ColumnElement[bool]:
    """The SQL form of `holds_role_at` over rows naming a role and a path: what waits for this actor."""
    clauses = []
    for g in actor.grants:
        if g.org_path is None:
            clauses.append(role_column == g.role.value)
        else:
            where = in_subtree(path_column, g.org_path) if g.subtree else at_path(path_column, g.org_path)
            clauses.append(and_(role_column == g.role.value, where))
    return or_(*clauses) if clauses else false()
