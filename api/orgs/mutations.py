from typing import Annotated

import strawberry

from api.context import ZInfo
from api.ids import decode_id, decode_optional_id
from api.mutations import run_mutation
from api.orgs.types import (
    CreateOrganizationInput,
    DissolveOrganizationInput,
    MoveOrganizationInput,
    OrganizationPayload,
    UpdateOrganizationInput,
    org_from_row,
)
from api.permissions import Authenticated
from domain.orgs import service
from domain.orgs.models import Organization


def _payload(result: tuple[Organization | None, list]) -> OrganizationPayload:  # type: ignore[type-arg]
    org, errors = result
    return OrganizationPayload(organization=org_from_row(org) if org else None, errors=errors)


def _unset(value: object) -> object:
    return service.UNSET if value is strawberry.UNSET else value


@strawberry.type
class OrgMutations:
    @strawberry.mutation(description="新建组织", permission_classes=[Authenticated])
    async def create_organization(
        self, info: ZInfo, input: Annotated[CreateOrganizationInput, strawberry.argument(description="输入")]
    ) -> OrganizationPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.create_org(
                    s,
                    actor=actor,
                    parent_id=decode_optional_id(input.parent_id, "Organization", "parentId"),
                    name=input.name,
                    type=input.type,
                    code=input.code,
                    established_on=input.established_on,
                    term_started_on=input.term_started_on,
                    term_years=input.term_years,
                ),
            )
        )

    @strawberry.mutation(description="修改组织名称、代码或任期（须带版本号）", permission_classes=[Authenticated])
    async def update_organization(
        self, info: ZInfo, input: Annotated[UpdateOrganizationInput, strawberry.argument(description="输入")]
    ) -> OrganizationPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.update_org(
                    s,
                    actor=actor,
                    org_id=decode_id(input.id, "Organization"),
                    version=input.version,
                    name=_unset(input.name),  # type: ignore[arg-type]
                    code=_unset(input.code),  # type: ignore[arg-type]
                    term_started_on=_unset(input.term_started_on),  # type: ignore[arg-type]
                    term_years=_unset(input.term_years),  # type: ignore[arg-type]
                ),
            )
        )

    @strawberry.mutation(description="调整隶属关系：整棵子树一起移动", permission_classes=[Authenticated])
    async def move_organization(
        self, info: ZInfo, input: Annotated[MoveOrganizationInput, strawberry.argument(description="输入")]
    ) -> OrganizationPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.move_org(
                    s,
                    actor=actor,
                    org_id=decode_id(input.id, "Organization"),
                    new_parent_id=decode_id(input.new_parent_id, "Organization", "newParentId"),
                ),
            )
        )

    @strawberry.mutation(description="撤销组织（留档，不删除）", permission_classes=[Authenticated])
    async def dissolve_organization(
        self, info: ZInfo, input: Annotated[DissolveOrganizationInput, strawberry.argument(description="输入")]
    ) -> OrganizationPayload:
        actor = info.context.require_actor()
        return _payload(
            await run_mutation(
                info,
                lambda s: service.dissolve_org(
                    s,
                    actor=actor,
                    org_id=decode_id(input.id, "Organization"),
                    dissolved_on=input.dissolved_on,
                    reason=input.reason,
                ),
            )
        )
