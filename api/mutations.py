"""The one way a GraphQL mutation reaches the domain: one transaction, one audit record, coded errors."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from api.context import ZInfo
from api.errors import FieldPath, UserError, user_errors
from domain.audit import audited
from domain.errors import DomainError

T = TypeVar("T")


async def run_mutation(
    info: ZInfo, work: Callable[[AsyncSession], Awaitable[T]], *, group_field: FieldPath | None = None
) -> tuple[T | None, list[UserError]]:
    """The work's result, or None and its refusal: every error of a group (see `user_errors`)."""
    context = info.context
    try:
        result = await audited(context.sessions, caller=context.caller, operation=info.field_name, work=work)
    except DomainError as error:
        return None, user_errors(error, group_field=group_field)
    return result, []
