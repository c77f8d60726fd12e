"""Transfers (组织关系转接) in GraphQL: the Transfer type, its list, and the six transfer mutations."""

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.enums import described_enum
from api.errors import UserError, raise_query_error
from api.ids import decode_id, decode_optional_id, to_global_id
from api.loaders import loader
from api.members.inputs import CreateMemberInput
from api.members.loaders import member_loader
from api.members.types import Member, MemberPayload, member_from_row
from api.mutations import run_mutation
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from api.pagination import Connection, connection
from api.permissions import Authenticated
from domain.errors import DomainError
from domain.members import border_transfers, transfer_reads, transfers
from domain.members.enums import TRANSFER_KIND_LABELS, TRANSFER_STATUS_LABELS, TransferKind, TransferStatus
from domain.members.models import MemberTransfer
from domain.members.rules import DEFAULT_LETTER_DAYS
from domain.members.service import MemberFields
from domain.orgs import reads as org_reads
from domain.paging import page_request
from domain.timeutil import today

described_enum(TransferKind, description="转接类型", labels=TRANSFER_KIND_LABELS)
described_enum(TransferStatus, description="转接状态", labels=TRANSFER_STATUS_LABELS)


@strawberry.type(description="组织关系转接（介绍信）：系统内转接，或转出、转入本系统的记录")
class Transfer(Node):
    db_id: strawberry.Private[int]
    member_db_id: strawberry.Private[int]
    from_org_db_id: strawberry.Private[int | None]
    to_org_db_id: strawberry.Private[int | None]
    kind: TransferKind = strawberry.field(description="转接类型")
    status: TransferStatus = strawberry.field(description="状态；介绍信过了有效期仍未接收的显示为 EXPIRED")
    member_name: str = strawberry.field(description="党员姓名（接收方在接收前也能看到）")
    from_organization_name: str | None = strawberry.field(description="转出组织名称；从系统外转入时为空")
    to_organization_name: str | None = strawberry.field(description="接收组织名称；转出本系统时为空")
    outside_unit: str | None = strawberry.field(description="系统外的对方单位（转出或转入本系统时）")
    letter_number: str | None = strawberry.field(description="介绍信编号（转出或转入本系统时）")
    reason: str = strawberry.field(description="转接原因")
    letter_valid_days: int | None = strawberry.field(description="介绍信有效期（天）")
    dues_paid_through: date | None = strawberry.field(description="党费交至哪个月（该月第一天）")
    requested_on: date = strawberry.field(description="开具介绍信（或转出、转入）的日期")
    expires_on: date | None = strawberry.field(description="介绍信有效期至（含当天）")
    decided_at: datetime | None = strawberry.field(description="接收、拒收、撤回或办结的时间 (UTC)")
    decision_reason: str | None = strawberry.field(description="拒收原因")

    @strawberry.field(description="党员；不在你的党员查看范围内时为空（如接收方在接收之前）")
    async def member(self, info: ZInfo) -> Member | None:
        return await member_loader(info).load(self.member_db_id)

    @strawberry.field(description="转出组织；不在你的权限范围内或来自系统外时为空")
    async def from_organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.from_org_db_id) if self.from_org_db_id is not None else None

    @strawberry.field(description="接收组织；不在你的权限范围内或转出本系统时为空")
    async def to_organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.to_org_db_id) if self.to_org_db_id is not None else None


def transfer_from_row(row: Any, day: date) -> Transfer:
    return Transfer(
        id=strawberry.ID(to_global_id("Transfer", row.id)),
        db_id=row.id,
        member_db_id=row.member_id,
        from_org_db_id=row.from_org_id,
        to_org_db_id=row.to_org_id,
        kind=TransferKind(row.kind),
        status=transfer_reads.shown_status(row.status, row.expires_on, day),
        member_name=row.member_name,
        from_organization_name=row.from_org_name,
        to_organization_name=row.to_org_name,
        outside_unit=row.outside_unit,
        letter_number=row.letter_number,
        reason=row.reason,
        letter_valid_days=row.letter_valid_days,
        dues_paid_through=row.dues_paid_through,
        requested_on=row.requested_on,
        expires_on=row.expires_on,
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
    )


async def _transfers(info: ZInfo, ids: Sequence[int]) -> list[Transfer | None]:
    async with info.context.sessions() as session:
        found = await transfer_reads.transfers_by_ids(session, actor=info.context.require_actor(), ids=ids)
    day = today()
    return [transfer_from_row(found[i], day) if i in found else None for i in ids]


def transfer_loader(info: ZInfo) -> DataLoader[int, Transfer | None]:
    return loader(info, "transfer", _transfers)


@strawberry.type(description="转接变更的结果")
class TransferPayload:
    transfer: Transfer | None = strawberry.field(description="变更后的转接；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因；成功时为空列表")


@strawberry.input(description="开具介绍信，把党员的组织关系转到本系统内另一个党支部")
class RequestTransferInput:
    member_id: strawberry.ID = strawberry.field(description="党员 ID")
    to_organization_id: strawberry.ID = strawberry.field(description="接收的党支部（本系统内任一未撤销的党支部）")
    reason: str = strawberry.field(description="转接原因（必填，最多 500 字）")
    letter_valid_days: int = strawberry.field(
        default=DEFAULT_LETTER_DAYS, description="介绍信有效期（天），默认 30，最长 90（可配置）"
    )
    dues_paid_through: date | None = strawberry.field(
        default=None, description="党费交至哪个月：给出该月任一天，按该月计"
    )


@strawberry.input(description="处理一件转接：接收或撤回")
class DecideTransferInput:
    transfer_id: strawberry.ID = strawberry.field(description="转接 ID")


@strawberry.input(description="拒收一件转接：须写明原因")
class RejectTransferInput:
    transfer_id: strawberry.ID = strawberry.field(description="转接 ID")
    reason: str = strawberry.field(description="拒收原因（必填，最多 500 字）")


@strawberry.input(description="党员转出本系统：凭介绍信转往系统外单位，记录随之关闭（保留、只读）")
class TransferOutInput:
    member_id: strawberry.ID = strawberry.field(description="党员 ID")
    letter_number: str = strawberry.field(description="介绍信编号")
    outside_unit: str = strawberry.field(description="接收单位（系统外）名称")
    reason: str = strawberry.field(description="转出原因（必填）")
    transferred_on: date | None = strawberry.field(default=None, description="转出日期，默认今天；不晚于今天")
    letter_valid_days: int | None = strawberry.field(default=None, description="介绍信有效期（天），最长 90")
    dues_paid_through: date | None = strawberry.field(
        default=None, description="党费交至哪个月：给出该月任一天，按该月计"
    )


@strawberry.input(description="党员从系统外转入：凭介绍信在本系统的党支部建档；党员信息与新建党员相同")
class TransferInInput(CreateMemberInput):
    letter_number: str = strawberry.field(description="介绍信编号")
    outside_unit: str = strawberry.field(description="转出单位（系统外）名称")
    reason: str = strawberry.field(description="转入原因（必填）")
    arrived_on: date | None = strawberry.field(
        default=None, description="转入日期，默认今天；不早于入党日期，不晚于今天"
    )
    dues_paid_through: date | None = strawberry.field(
        default=None, description="党费交至哪个月：给出该月任一天，按该月计"
    )


def _member_fields(input: TransferInInput) -> MemberFields:
    return MemberFields(**{f.name: getattr(input, f.name) for f in dataclasses.fields(MemberFields)})


async def _transfer_payload(info: ZInfo, result: tuple[MemberTransfer | None, list[UserError]]) -> TransferPayload:
    transfer, errors = result
    if transfer is None or transfer.id is None:
        return TransferPayload(transfer=None, errors=errors)
    return TransferPayload(transfer=await transfer_loader(info).load(transfer.id), errors=errors)


@strawberry.type
class TransferQueries:
    @strawberry.field(
        description="组织关系转接列表，新的在前：转出组织或接收组织在该组织之下，且在你的权限范围内",
        permission_classes=[Authenticated],
    )
    async def transfers(
        self,
        info: ZInfo,
        under: Annotated[strawberry.ID, strawberry.argument(description="只列出与这个组织及其下级有关的转接")],
        status: Annotated[TransferStatus | None, strawberry.argument(description="只要该状态的")] = None,
        first: Annotated[int | None, strawberry.argument(description="每页条数，最多 100")] = None,
        after: Annotated[str | None, strawberry.argument(description="上一页的 endCursor")] = None,
    ) -> Connection[Transfer]:
        actor = info.context.require_actor()
        try:
            request = page_request(first, after)
            under_id = decode_id(under, "Organization", "under")
        except DomainError as error:
            raise_query_error(error)
        async with info.context.sessions() as session:
            under_path = await org_reads.path_of(session, under_id) or "/0/"  # no such org: an empty subtree
            try:
                page = await transfer_reads.list_transfers(
                    session, actor=actor, under_path=under_path, status=status, page=request
                )
            except DomainError as error:
                raise_query_error(error)

        async def count() -> int:
            async with info.context.sessions() as session:
                return await transfer_reads.count_transfers(session, actor=actor, under_path=under_path, status=status)

        day = today()
        return connection(page, [transfer_from_row(row, day) for row in page.rows], count)


@strawberry.type
class TransferMutations:
    @strawberry.mutation(description="开具介绍信：转出组织发起系统内转接", permission_classes=[Authenticated])
    async def request_transfer(
        self, info: ZInfo, input: Annotated[RequestTransferInput, strawberry.argument(description="输入")]
    ) -> TransferPayload:
        actor = info.context.require_actor()
        result = await run_mutation(
            info,
            lambda s: transfers.request_transfer(
                s,
                actor=actor,
                member_id=decode_id(input.member_id, "Member", "memberId"),
                to_org_id=decode_id(input.to_organization_id, "Organization", "toOrganizationId"),
                reason=input.reason,
                letter_valid_days=input.letter_valid_days,
                dues_paid_through=input.dues_paid_through,
                max_letter_days=info.context.settings.transfer_letter_max_days,
            ),
        )
        return await _transfer_payload(info, result)

    @strawberry.mutation(description="接收转接：党员转入本支部，履历保留", permission_classes=[Authenticated])
    async def accept_transfer(
        self, info: ZInfo, input: Annotated[DecideTransferInput, strawberry.argument(description="输入")]
    ) -> TransferPayload:
        actor = info.context.require_actor()
        result = await run_mutation(
            info,
            lambda s: transfers.accept_transfer(
                s, actor=actor, transfer_id=decode_id(input.transfer_id, "Transfer", "transferId")
            ),
        )
        return await _transfer_payload(info, result)

    @strawberry.mutation(description="拒收转接（须写明原因）", permission_classes=[Authenticated])
    async def reject_transfer(
        self, info: ZInfo, input: Annotated[RejectTransferInput, strawberry.argument(description="输入")]
    ) -> TransferPayload:
        actor = info.context.require_actor()
        result = await run_mutation(
            info,
            lambda s: transfers.reject_transfer(
                s,
                actor=actor,
                transfer_id=decode_id(input.transfer_id, "Transfer", "transferId"),
                reason=input.reason,
            ),
        )
        return await _transfer_payload(info, result)

    @strawberry.mutation(description="撤回转接：转出组织在接收方处理之前撤回", permission_classes=[Authenticated])
    async def cancel_transfer(
        self, info: ZInfo, input: Annotated[DecideTransferInput, strawberry.argument(description="输入")]
    ) -> TransferPayload:
        actor = info.context.require_actor()
        result = await run_mutation(
            info,
            lambda s: transfers.cancel_transfer(
                s, actor=actor, transfer_id=decode_id(input.transfer_id, "Transfer", "transferId")
            ),
        )
        return await _transfer_payload(info, result)

    @strawberry.mutation(
        description="转出本系统：记录关闭（保留、只读），履历写明去向", permission_classes=[Authenticated]
    )
    async def transfer_out(
        self, info: ZInfo, input: Annotated[TransferOutInput, strawberry.argument(description="输入")]
    ) -> MemberPayload:
        actor = info.context.require_actor()
        member, errors = await run_mutation(
            info,
            lambda s: border_transfers.transfer_out(
                s,
                actor=actor,
                member_id=decode_id(input.member_id, "Member", "memberId"),
                letter_number=input.letter_number,
                outside_unit=input.outside_unit,
                reason=input.reason,
                transferred_on=input.transferred_on or today(),
                dues_paid_through=input.dues_paid_through,
                letter_valid_days=input.letter_valid_days,
                max_letter_days=info.context.settings.transfer_letter_max_days,
            ),
        )
        return MemberPayload(member=member_from_row(member) if member else None, errors=errors)

    @strawberry.mutation(description="从系统外转入：凭介绍信建立党员记录", permission_classes=[Authenticated])
    async def transfer_in(
        self, info: ZInfo, input: Annotated[TransferInInput, strawberry.argument(description="输入")]
    ) -> MemberPayload:
        actor = info.context.require_actor()
        member, errors = await run_mutation(
            info,
            lambda s: border_transfers.transfer_in(
                s,
                actor=actor,
                cipher=info.context.cipher,
                organization_id=decode_id(input.organization_id, "Organization", "organizationId"),
                party_group_id=decode_optional_id(input.party_group_id, "Organization", "partyGroupId"),
                fields=_member_fields(input),
                letter_number=input.letter_number,
                outside_unit=input.outside_unit,
                reason=input.reason,
                arrived_on=input.arrived_on or today(),
                dues_paid_through=input.dues_paid_through,
            ),
        )
        return MemberPayload(member=member_from_row(member) if member else None, errors=errors)
