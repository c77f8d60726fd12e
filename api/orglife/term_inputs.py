"""Inputs and payloads of recordElection and adjustTerm."""

from datetime import date

import strawberry

from api.errors import UserError
from api.ids import decode_id
from api.orglife.term_types import Election
from domain.errors import DomainError
from domain.orglife.enums import CommitteePosition
from domain.orglife.term_rules import Seat


@strawberry.input(description="新一届委员会的一个席位")
class CommitteeSeatInput:
    member_id: strawberry.ID = strawberry.field(description="当选人（本组织在册的正式党员）")
    position: CommitteePosition = strawberry.field(description="职务")
    votes_for: int = strawberry.field(description="所得赞成票数；须超过实到人数的一半")


@strawberry.input(description="记录一次换届选举")
class RecordElectionInput:
    organization_id: strawberry.ID = strawberry.field(description="选举的组织（党委、党总支或党支部）")
    held_on: date = strawberry.field(description="选举日期，不晚于今天；新一届任期自此开始")
    entitled_voters: int = strawberry.field(description="应到会有选举权的人数")
    voters_present: int = strawberry.field(description="实到会有选举权的人数；须超过应到人数的五分之四")
    committee: list[CommitteeSeatInput] = strawberry.field(description="选出的委员会：有且只有一名书记")
    note: str | None = strawberry.field(default=None, description="备注，最多 500 字")

    def seats(self) -> list[Seat]:
        """The seats with ledger ids; an ID of the wrong kind is refused at its own index."""
        found = []
        for i, seat in enumerate(self.committee):
            try:
                member_id = decode_id(seat.member_id, "Member")
            except DomainError as error:
                raise DomainError(error.code, error.message, field=["committee", str(i), "memberId"]) from error
            found.append(Seat(member_id, seat.position, seat.votes_for))
        return found


@strawberry.input(description="经上级党委批准，提前或延期换届：调整本届任期的届满日期")
class AdjustTermInput:
    organization_id: strawberry.ID = strawberry.field(description="任期被调整的组织")
    new_end_on: date = strawberry.field(description="新的届满日期，与按任期年限计算的日期相差不超过 1 年（可配置）")
    approval_note: str = strawberry.field(description="批准文件和理由，必填，最多 500 字")


@strawberry.type(description="记录换届选举的结果")
class ElectionPayload:
    election: Election | None = strawberry.field(description="记录的选举；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因；成功时为空列表")
