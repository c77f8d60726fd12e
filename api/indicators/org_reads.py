"""The one shape of the control center's reads about an org: decode its ID, read in a session, and turn a
refusal into a coded error (`organizationId` names the field)."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import ZInfo
from api.errors import query_error
from api.ids import decode_id
from authz.actor import Actor
from domain.errors import DomainError

T = TypeVar("T")


async def read_for_org(
    info: ZInfo, organization_id: strawberry.ID, read: Callable[[AsyncSession, Actor, int], Awaitable[T]]
) -> T:
    actor = info.context.require_actor()
    try:
        org_id = decode_id(organization_id, "Organization", "organizationId")
        async with info.context.sessions() as session:
            return await read(session, actor, org_id)
    except DomainError as error:
        raise query_error(error) from error
