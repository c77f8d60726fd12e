from datetime import date, datetime
from typing import Any

import strawberry

import api.members.enums  # noqa: F401 - the ledger's enums, described before any type uses them
from api.context import ZInfo
from api.errors import UserError
from api.ids import to_global_id
from api.members.history import MemberOrgStint, history_loader
from api.node import Node
from api.orgs.loaders import org_loader
from api.orgs.types import Organization
from domain.members import enums, rules
from domain.members.service import ID_NUMBER, PHONE
from domain.timeutil import today


@strawberry.type(description="党员（党员台账中的一条记录）；身份证号和电话默认脱敏")
class Member(Node):
    db_id: strawberry.Private[int]
    org_db_id: strawberry.Private[int]
    group_db_id: strawberry.Private[int | None]
    user_db_id: strawberry.Private[int | None]
    id_number_cipher: strawberry.Private[bytes | None]
    phone_cipher: strawberry.Private[bytes | None]
    id_number_masked: strawberry.Private[str]
    phone_masked: strawberry.Private[str | None]
    name: str = strawberry.field(description="姓名")
    gender: enums.Gender = strawberry.field(description="性别")
    ethnicity: enums.Ethnicity = strawberry.field(description="民族")
    birth_date: date = strawberry.field(description="出生日期")
    education: enums.Education | None = strawberry.field(description="学历")
    degree: str | None = strawberry.field(description="学位")
    native_place: str | None = strawberry.field(description="籍贯")
    post: str | None = strawberry.field(description="工作岗位")
    department: str | None = strawberry.field(description="所在部门")
    category: enums.Category = strawberry.field(description="人员类别")
    joined_on: date = strawberry.field(description="入党日期")
    converted_on: date | None = strawberry.field(description="转正日期")
    status: enums.MemberStatus = strawberry.field(description="党员状态")
    special_state: enums.SpecialState = strawberry.field(description="特殊状态")
    flowing_to: str | None = strawberry.field(description="流动党员的流向")
    record_state: enums.RecordState = strawberry.field(description="记录状态：在册、已出党、已转出")
    closed_on: date | None = strawberry.field(description="出党或转出日期")
    leaving_kind: enums.LeavingKind | None = strawberry.field(description="出党方式")
    leaving_reason: str | None = strawberry.field(description="出党原因")
    version: int = strawberry.field(description="版本号，修改时须带上")
    created_at: datetime = strawberry.field(description="建档时间 (UTC)")
    updated_at: datetime = strawberry.field(description="最后修改时间 (UTC)")

    def _own(self, info: ZInfo) -> bool:
        actor = info.context.actor
        return actor is not None and self.user_db_id == actor.user_id

    @strawberry.field(description="身份证号：默认脱敏（前 6 后 4）；本人查看自己的记录时为明文")
    def id_number(self, info: ZInfo) -> str:
        if self._own(info) and self.id_number_cipher:
            return info.context.cipher.decrypt(self.id_number_cipher, ID_NUMBER)
        return self.id_number_masked

    @strawberry.field(description="联系电话：默认脱敏（前 3 后 4）；本人查看自己的记录时为明文")
    def phone(self, info: ZInfo) -> str | None:
        if self._own(info) and self.phone_cipher:
            return info.context.cipher.decrypt(self.phone_cipher, PHONE)
        return self.phone_masked

    @strawberry.field(description="年龄（周岁）")
    def age(self) -> int:
        return rules.age_on(self.birth_date, today())

    @strawberry.field(description="党龄（自转正之日起的整年数）；预备党员为空")
    def party_standing(self) -> int | None:
        return rules.party_standing(self.converted_on, today())

    @strawberry.field(description="预备期满日期（入党之日起一年）")
    def probation_ends_on(self) -> date:
        return rules.probation_ends_on(self.joined_on)

    @strawberry.field(description="是否预备期已满仍未转正")
    def overdue_for_conversion(self) -> bool:
        return rules.overdue_for_conversion(self.status, self.joined_on, today())

    @strawberry.field(description="所在党支部")
    async def organization(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.org_db_id)

    @strawberry.field(description="所在党小组")
    async def party_group(self, info: ZInfo) -> Organization | None:
        return await org_loader(info).load(self.group_db_id) if self.group_db_id else None

    @strawberry.field(description="组织关系履历：按时间先后，每段一个组织（或系统外单位）")
    async def history(self, info: ZInfo) -> list[MemberOrgStint]:
        return await history_loader(info).load(self.db_id)


def member_from_row(row: Any) -> Member:
    """From a Core row or an ORM object alike; list rows may leave the ciphertexts out."""
    return Member(
        id=strawberry.ID(to_global_id("Member", row.id)),
        db_id=row.id,
        org_db_id=row.organization_id,
        group_db_id=row.party_group_id,
        user_db_id=row.user_id,
        id_number_cipher=getattr(row, "id_number_cipher", None),
        phone_cipher=getattr(row, "phone_cipher", None),
        id_number_masked=row.id_number_masked,
        phone_masked=row.phone_masked,
        name=row.name,
        gender=enums.Gender(row.gender),
        ethnicity=enums.Ethnicity(row.ethnicity),
        birth_date=row.birth_date,
        education=enums.Education(row.education) if row.education else None,
        degree=row.degree,
        native_place=row.native_place,
        post=row.post,
        department=row.department,
        category=enums.Category(row.category),
        joined_on=row.joined_on,
        converted_on=row.converted_on,
        status=enums.MemberStatus(row.status),
        special_state=enums.SpecialState(row.special_state),
        flowing_to=row.flowing_to,
        record_state=enums.RecordState(row.record_state),
        closed_on=row.closed_on,
        leaving_kind=enums.LeavingKind(row.leaving_kind) if row.leaving_kind else None,
        leaving_reason=row.leaving_reason,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


@strawberry.type(description="党员变更的结果")
class MemberPayload:
    member: Member | None = strawberry.field(description="变更后的党员记录；失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因；成功时为空列表")


@strawberry.type(description="查看身份证号和电话明文的结果；每次查看都记入审计日志（不含明文）")
class RevealPayload:
    id_number: str | None = strawberry.field(description="身份证号明文；失败时为空")
    phone: str | None = strawberry.field(description="电话明文；未登记或失败时为空")
    errors: list[UserError] = strawberry.field(description="失败原因；成功时为空列表")
