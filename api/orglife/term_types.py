"""Terms and re-elections (换届) in the schema: an election with its committee, an org's current term, and the
approved adjustments of its end."""

from datetime import date, datetime
from typing import Any

import strawberry

import api.alert_level
import api.orglife.enums  # noqa: F401 - described before these types use them
from api.context import ZInfo
from api.ids import to_global_id
from api.members.loaders import member_loader
from api.members.types import Member
from api.node import Node
from api.orglife.term_loaders import adjustments_loader, latest_election_loader, rules_loader, seats_loader
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from domain.alerts import AlertLevel
from domain.orglife import term_rules
from domain.orglife.enums import CommitteePosition, ReelectionStatus
from domain.timeutil import add_years, today


@strawberry.type(description="委员会的一个席位：当选人、职务和所得赞成票")
class CommitteeSeat:
    member_db_id: strawberry.Private[int]
    position: CommitteePosition = strawberry.field(description="职务")
    votes_for: int = strawberry.field(description="所得赞成票数")

    @strawberry.field(description="当选人（党员台账中的记录）；不在你的权限范围内时为空")
    async def member(self, info: ZInfo) -> Member | None:
        return await member_loader(info).load(self.member_db_id)


def seat_from_row(row: Any) -> CommitteeSeat:
    return CommitteeSeat(member_db_id=row.member_id, position=CommitteePosition(row.position), votes_for=row.votes_for)


async def _committee(info: ZInfo, election_id: int) -> list[CommitteeSeat]:
    return [seat_from_row(row) for row in await seats_loader(info).load(election_id)]


@strawberry.type(description="一次换届选举：选出新一届委员会，开始新的任期")
class Election(Node):
    db_id: strawberry.Private[int]
    org_db_id: strawberry.Private[int]
    held_on: date = strawberry.field(description="选举日期（新一届任期自此开始）")
    entitled_voters: int = strawberry.field(description="应到会有选举权的人数")
    voters_present: int = strawberry.field(description="实到会有选举权的人数")
    term_years: int = strawberry.field(description="本届任期年限")
    term_ends_on: date = strawberry.field(description="按任期年限计算的届满日期；经批准的调整见组织的本届任期")
    note: str | None = strawberry.field(description="备注")
    created_at: datetime = strawberry.field(description="登记时间 (UTC)")

    @strawberry.field(description="选举的组织")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="选出的委员会，按登记顺序")
    async def committee(self, info: ZInfo) -> list[CommitteeSeat]:
        return await _committee(info, self.db_id)


def election_from_row(row: Any) -> Election:
    """From a Core row or an ORM object alike: both carry the same attribute names."""
    return Election(
        id=strawberry.ID(to_global_id("Election", row.id)),
        db_id=row.id,
        org_db_id=row.organization_id,
        held_on=row.held_on,
        entitled_voters=row.entitled_voters,
        voters_present=row.voters_present,
        term_years=row.term_years,
        term_ends_on=row.term_ends_on,
        note=row.note,
        created_at=row.created_at,
    )


@strawberry.type(description="本届任期：起止日期、是否经批准调整，以及换届状态和预警级别")
class Term:
    org_db_id: strawberry.Private[int]
    started_on: date = strawberry.field(description="本届任期开始日期")
    ends_on: date = strawberry.field(description="届满日期：经批准调整的，为调整后的日期")
    scheduled_ends_on: date = strawberry.field(description="按任期年限计算的届满日期（未经调整）")
    adjusted: bool = strawberry.field(description="届满日期是否经上级党委批准调整（提前或延期换届）")
    reelection_status: ReelectionStatus = strawberry.field(description="换届状态：任期内、即将到期、已超期")
    alert_level: AlertLevel = strawberry.field(
        description="预警级别：届满前 6 个月（可配置）起黄色，届满后仍未换届红色，此前绿色"
    )

    @strawberry.field(description="开始本届任期的换届选举；任期不是由选举记录开始的（如直接填写的开始日期）时为空")
    async def election(self, info: ZInfo) -> Election | None:
        row = await latest_election_loader(info).load(self.org_db_id)
        return election_from_row(row) if row is not None and row.held_on == self.started_on else None

    @strawberry.field(description="本届委员会（开始本届任期的选举所选出的）；没有选举记录时为空列表")
    async def committee(self, info: ZInfo) -> list[CommitteeSeat]:
        row = await latest_election_loader(info).load(self.org_db_id)
        return await _committee(info, row.id) if row is not None and row.held_on == self.started_on else []


async def current_term(info: ZInfo, org: Organization) -> Term | None:
    """The org's current term from its own row, with the status as of today (Asia/Shanghai)."""
    if org.term_started_on is None:
        return None
    scheduled = add_years(org.term_started_on, org.term_years)
    ends_on = org.term_adjusted_ends_on or scheduled
    status = term_rules.reelection_status(ends_on, today(), await rules_loader(info).load(0))
    level = term_rules.alert_level(status)
    assert level is not None, "a term has a status other than NO_TERM"
    return Term(
        org_db_id=org.db_id,
        started_on=org.term_started_on,
        ends_on=ends_on,
        scheduled_ends_on=scheduled,
        adjusted=org.term_adjusted_ends_on is not None,
        reelection_status=status,
        alert_level=level,
    )


@strawberry.type(description="一次经上级党委批准的换届提前或延期")
class TermAdjustment:
    approver_db_id: strawberry.Private[int]
    previous_ends_on: date = strawberry.field(description="调整前的届满日期")
    new_ends_on: date = strawberry.field(description="调整后的届满日期")
    approval_note: str = strawberry.field(description="批准文件和理由")
    created_at: datetime = strawberry.field(description="登记时间 (UTC)")

    @strawberry.field(description="批准的上级党委；不在你的权限范围内时为空")
    async def approver(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.approver_db_id)


async def term_adjustments(info: ZInfo, org: Organization) -> list[TermAdjustment]:
    return [
        TermAdjustment(
            approver_db_id=row.approver_org_id,
            previous_ends_on=row.previous_ends_on,
            new_ends_on=row.new_ends_on,
            approval_note=row.approval_note,
            created_at=row.created_at,
        )
        for row in await adjustments_loader(info).load(org.db_id)
    ]
