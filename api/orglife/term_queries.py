from typing import Annotated

import strawberry

from api.context import ZInfo
from api.errors import raise_query_error
from api.ids import decode_id
from api.orglife.term_types import Election, election_from_row
from api.permissions import Authenticated
from domain.errors import DomainError
from domain.orglife import term_reads


@strawberry.type
class TermQueries:
    @strawberry.field(
        description="一个组织的换届选举记录，新的在前；无权查看其组织生活时为空列表", permission_classes=[Authenticated]
    )
    async def elections(
        self,
        info: ZInfo,
        organization_id: Annotated[strawberry.ID, strawberry.argument(description="组织 ID")],
    ) -> list[Election]:
        try:
            org_id = decode_id(organization_id, "Organization", "organizationId")
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            rows = await term_reads.elections_of(session, actor=info.context.require_actor(), org_id=org_id)
        return [election_from_row(row) for row in rows]
