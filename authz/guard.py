"""The two answers a service gives about one object: it does not exist for you, or you may not."""

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.errors import forbidden, not_found


def require_visible(actor: Actor, path: str, obj: str, what: str, *, field: str = "id") -> None:
    """Outside the actor's grants an object reads as not found, so its existence does not leak: `what` and
    `field` must be those the caller gives for an id that does not exist, word for word."""
    if not AUTHORIZER.can(actor, path, obj, Action.READ):
        raise not_found(what, field=[field])


def require_writable(actor: Actor, path: str, obj: str, what: str, *, field: str = "id") -> None:
    require_visible(actor, path, obj, what, field=field)
    if not AUTHORIZER.can(actor, path, obj, Action.WRITE):
        raise forbidden(f"无权修改该{what}")


def require_org_write(actor: Actor, path: str, *, what: str = "组织", field: str = "id") -> None:
    require_writable(actor, path, Resource.ORGANIZATION, what, field=field)
