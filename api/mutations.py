"""The one way a GraphQL mutation reaches the domain: one transaction, one audit record, coded errors."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from api.context import ZInfo
from api.errors import UserError, user_errors
from domain.audit import audited
from domain.errors import DomainError

T = TypeVar("T")


async def run_mutation(info: ZInfo, work: Callable[[AsyncSession], Awaitable[T]]) -> tuple[T | None, list[UserError]]:
    context = info.context
    try:
        result = await audited(context.sessions, caller=context.caller, operation=info.field_name, work=work)
    except DomainError as error:
        return None, user_errors(error)
    return result, []
