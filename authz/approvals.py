"""Who may record the upper committee's steps of member development (steps 13, 16, 17 and 24).

Decided here, once: the actor needs the approval permission at the path of the branch's upper committee
(the nearest ancestor committee), so a grant on the branch itself, however wide below it, never suffices.
"""

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource


def may_approve_development(actor: Actor, committee_path: str | None) -> bool:
    return committee_path is not None and AUTHORIZER.can(actor, committee_path, Resource.DEVELOPMENT, Action.APPROVE)


def may_approve_term(actor: Actor, committee_path: str | None) -> bool:
    """A term adjustment (换届提前或延期) is approved by the upper committee, never by the org itself."""
    return committee_path is not None and AUTHORIZER.can(actor, committee_path, Resource.ORG_LIFE, Action.APPROVE)
