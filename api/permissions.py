"""Authentication is declared at the door: every field but `login` needs a valid bearer token."""

from typing import Any

from graphql import OperationType
from strawberry.permission import BasePermission

from api.context import ZInfo
from api.errors import PublicError
from domain.audit.models import AuditRecord

UNAUTHENTICATED = "UNAUTHENTICATED"


class Authenticated(BasePermission):
    message = "请先登录 (authentication required)"
    error_extensions = {"code": UNAUTHENTICATED}  # noqa: RUF012 - the base class declares it so

    async def has_permission(self, source: Any, info: ZInfo, **kwargs: Any) -> bool:
        context = info.context
        if context.actor is not None:
            return True
        # strawberry makes one instance per field for all requests: the message is per request, never self's.
        message = f"{context.auth_problem} (authentication required)" if context.auth_problem else self.message
        if info.operation.operation is OperationType.MUTATION:
            # A refused mutation is still a mutation: the trail records the attempt.
            caller = context.caller
            async with context.sessions() as session, session.begin():
                session.add(
                    AuditRecord(
                        operation=info.field_name,
                        result=UNAUTHENTICATED,
                        client_address=caller.client_address,
                        request_id=caller.request_id,
                    )
                )
        raise PublicError(message, UNAUTHENTICATED)
