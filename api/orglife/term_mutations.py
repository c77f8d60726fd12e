from typing import Annotated

import strawberry

from api.context import ZInfo
from api.ids import decode_id
from api.mutations import run_mutation
from api.orglife.term_inputs import AdjustTermInput, ElectionPayload, RecordElectionInput
from api.orglife.term_types import election_from_row
from api.orgs.types import OrganizationPayload, org_from_row
from api.permissions import Authenticated
from domain.orglife import terms
from domain.timeutil import today

_INPUT = strawberry.argument(description="输入")


@strawberry.type
class TermMutations:
    @strawberry.mutation(
        description="记录换届选举：新一届委员会及其职务和得票，开始新的任期；到会人数、得票、被选举权和委员会"
        "组成的规定在此把关，违反时不写入任何数据",
        permission_classes=[Authenticated],
    )
    async def record_election(self, info: ZInfo, input: Annotated[RecordElectionInput, _INPUT]) -> ElectionPayload:
        actor = info.context.require_actor()
        election, errors = await run_mutation(
            info,
            lambda s: terms.record_election(
                s,
                actor=actor,
                organization_id=decode_id(input.organization_id, "Organization", "organizationId"),
                held_on=input.held_on,
                entitled_voters=input.entitled_voters,
                voters_present=input.voters_present,
                seats=input.seats(),
                note=input.note,
                today=today(),
            ),
        )
        return ElectionPayload(election=election_from_row(election) if election else None, errors=errors)

    @strawberry.mutation(
        description="记录上级党委批准的换届提前或延期（至多 1 年，可配置）：须由上级党委的书记或党务工作者记录",
        permission_classes=[Authenticated],
    )
    async def adjust_term(self, info: ZInfo, input: Annotated[AdjustTermInput, _INPUT]) -> OrganizationPayload:
        actor = info.context.require_actor()
        org, errors = await run_mutation(
            info,
            lambda s: terms.adjust_term(
                s,
                actor=actor,
                organization_id=decode_id(input.organization_id, "Organization", "organizationId"),
                new_ends_on=input.new_end_on,
                approval_note=input.approval_note,
                today=today(),
            ),
        )
        return OrganizationPayload(organization=org_from_row(org) if org else None, errors=errors)
