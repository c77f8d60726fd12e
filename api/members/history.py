"""A member's org history (组织关系履历): one stint per org that held the relationship, loaded in batches."""

from collections.abc import Sequence
from datetime import date
from typing import Any

import strawberry
from strawberry.dataloader import DataLoader

from api.context import ZInfo
from api.enums import described_enum
from api.loaders import loader
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from domain.members import transfer_reads
from domain.members.enums import ORG_CHANGE_REASON_LABELS, OrgChangeReason

described_enum(OrgChangeReason, description="组织关系变动的原因", labels=ORG_CHANGE_REASON_LABELS)


@strawberry.type(description="组织关系履历中的一段：哪个组织（或系统外单位）、从何时到何时、因何而起")
class MemberOrgStint:
    org_db_id: strawberry.Private[int | None]
    organization_name: str | None = strawberry.field(
        description="组织名称（即使该组织不在你的权限范围内也显示名称）；系统外单位时为空"
    )
    outside_unit: str | None = strawberry.field(
        description="系统外单位：从系统外转入时为来源单位，转出本系统时为去向单位"
    )
    started_on: date = strawberry.field(description="起始日期")
    ended_on: date | None = strawberry.field(description="结束日期；当前所在组织为空")
    reason: OrgChangeReason = strawberry.field(description="这一段因何而起")

    @strawberry.field(description="这一段的中文说明，如“系统内组织关系转接”")
    def reason_label(self) -> str:
        return ORG_CHANGE_REASON_LABELS[self.reason]

    @strawberry.field(description="组织；系统外单位或不在你的权限范围内时为空")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id) if self.org_db_id is not None else None


def stint_from_row(row: Any) -> MemberOrgStint:
    return MemberOrgStint(
        org_db_id=row.organization_id,
        organization_name=row.organization_name,
        outside_unit=row.outside_unit,
        started_on=row.started_on,
        ended_on=row.ended_on,
        reason=OrgChangeReason(row.reason),
    )


async def _histories(info: ZInfo, member_ids: Sequence[int]) -> list[list[MemberOrgStint]]:
    async with info.context.sessions() as session:
        found = await transfer_reads.histories(session, member_ids=member_ids)
    return [[stint_from_row(row) for row in found[member_id]] for member_id in member_ids]


def history_loader(info: ZInfo) -> DataLoader[int, list[MemberOrgStint]]:
    return loader(info, "member.history", _histories)
