"""What clients send about members: the list filter and order, and the inputs of the member mutations."""

from datetime import date

import strawberry

import api.members.enums  # noqa: F401 - the ledger's enums, described before these inputs use them
from api.enums import described_enum
from api.ids import decode_optional_id
from domain.members import reads
from domain.members.enums import (
    Category,
    Education,
    Ethnicity,
    Gender,
    LeavingKind,
    MemberStatus,
    RecordState,
    SpecialState,
)

described_enum(
    reads.MemberOrder,
    description="党员列表的排序",
    labels={
        reads.MemberOrder.NAME: "按姓名",
        reads.MemberOrder.JOINED_ON: "按入党日期，早的在前",
        reads.MemberOrder.AGE: "按年龄，年轻的在前",
    },
)


@strawberry.input(description="党员列表的筛选条件；各条件同时满足，列表型条件为空时不限")
class MemberFilter:
    name_contains: str | None = strawberry.field(default=None, description="姓名包含")
    statuses: list[MemberStatus] | None = strawberry.field(default=None, description="党员状态之一")
    special_states: list[SpecialState] | None = strawberry.field(default=None, description="特殊状态之一")
    genders: list[Gender] | None = strawberry.field(default=None, description="性别之一")
    educations: list[Education] | None = strawberry.field(default=None, description="学历之一")
    categories: list[Category] | None = strawberry.field(default=None, description="人员类别之一")
    min_age: int | None = strawberry.field(default=None, description="最小年龄（周岁，含），0 到 150")
    max_age: int | None = strawberry.field(default=None, description="最大年龄（周岁，含），0 到 150")
    joined_from_year: int | None = strawberry.field(default=None, description="入党年份自（含）")
    joined_to_year: int | None = strawberry.field(default=None, description="入党年份至（含）")
    party_group_id: strawberry.ID | None = strawberry.field(default=None, description="只要该党小组的党员")
    record_states: list[RecordState] = strawberry.field(
        default_factory=lambda: [RecordState.ACTIVE],
        description="记录状态之一；默认只列在册党员，出党或转出的记录须在此要求",
    )

    def to_domain(self) -> reads.MemberFilter:
        """Raises a coded DomainError for an ID of the wrong type or a value out of range."""
        return reads.MemberFilter(
            name_contains=self.name_contains,
            statuses=self.statuses,
            special_states=self.special_states,
            genders=self.genders,
            educations=self.educations,
            categories=self.categories,
            min_age=self.min_age,
            max_age=self.max_age,
            joined_from_year=self.joined_from_year,
            joined_to_year=self.joined_to_year,
            party_group_id=decode_optional_id(self.party_group_id, "Organization", "partyGroupId"),
            record_states=self.record_states,
        )


@strawberry.input(description="新建党员记录")
class CreateMemberInput:
    organization_id: strawberry.ID = strawberry.field(description="所在党支部")
    party_group_id: strawberry.ID | None = strawberry.field(default=None, description="所在党小组（须属于该党支部）")
    name: str = strawberry.field(description="姓名，1 到 50 个字符")
    gender: Gender = strawberry.field(description="性别，须与身份证号一致")
    ethnicity: Ethnicity = strawberry.field(description="民族")
    birth_date: date = strawberry.field(description="出生日期，须与身份证号一致")
    id_number: str = strawberry.field(description="身份证号（18 位，校验码正确）；加密存储")
    phone: str | None = strawberry.field(default=None, description="手机号或带区号的固定电话；加密存储")
    education: Education | None = strawberry.field(default=None, description="学历")
    degree: str | None = strawberry.field(default=None, description="学位")
    native_place: str | None = strawberry.field(default=None, description="籍贯")
    post: str | None = strawberry.field(default=None, description="工作岗位")
    department: str | None = strawberry.field(default=None, description="所在部门")
    category: Category = strawberry.field(description="人员类别")
    joined_on: date = strawberry.field(description="入党日期；入党时须年满 18 周岁")
    converted_on: date | None = strawberry.field(
        default=None, description="转正日期：正式党员必填，不早于入党满一年；预备党员不填"
    )
    status: MemberStatus = strawberry.field(description="党员状态")
    special_state: SpecialState = strawberry.field(default=SpecialState.NONE, description="特殊状态")
    flowing_to: str | None = strawberry.field(default=None, description="流向（流动党员必填）")


_EDITABLE = (
    "name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education", "degree", "native_place", "post",
    "department", "category", "joined_on", "converted_on", "status", "special_state", "flowing_to",
)  # fmt: skip


@strawberry.input(description="修改党员记录；未给出的字段保持不变，必填字段不能改为 null")
class UpdateMemberInput:
    id: strawberry.ID = strawberry.field(description="党员 ID")
    version: int = strawberry.field(description="读取时的版本号")
    party_group_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="所在党小组；null 表示不在任何党小组"
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="姓名")
    gender: Gender | None = strawberry.field(default=strawberry.UNSET, description="性别")
    ethnicity: Ethnicity | None = strawberry.field(default=strawberry.UNSET, description="民族")
    birth_date: date | None = strawberry.field(default=strawberry.UNSET, description="出生日期")
    id_number: str | None = strawberry.field(default=strawberry.UNSET, description="身份证号")
    phone: str | None = strawberry.field(default=strawberry.UNSET, description="电话；null 清除")
    education: Education | None = strawberry.field(default=strawberry.UNSET, description="学历；null 清除")
    degree: str | None = strawberry.field(default=strawberry.UNSET, description="学位；null 清除")
    native_place: str | None = strawberry.field(default=strawberry.UNSET, description="籍贯；null 清除")
    post: str | None = strawberry.field(default=strawberry.UNSET, description="工作岗位；null 清除")
    department: str | None = strawberry.field(default=strawberry.UNSET, description="所在部门；null 清除")
    category: Category | None = strawberry.field(default=strawberry.UNSET, description="人员类别")
    joined_on: date | None = strawberry.field(default=strawberry.UNSET, description="入党日期")
    converted_on: date | None = strawberry.field(default=strawberry.UNSET, description="转正日期；null 清除")
    status: MemberStatus | None = strawberry.field(default=strawberry.UNSET, description="党员状态")
    special_state: SpecialState | None = strawberry.field(default=strawberry.UNSET, description="特殊状态")
    flowing_to: str | None = strawberry.field(default=strawberry.UNSET, description="流向")

    def changes(self) -> dict[str, object]:
        """The fields the client sent, by the domain's names; the group as a database id (or None)."""
        sent = {name: getattr(self, name) for name in _EDITABLE if getattr(self, name) is not strawberry.UNSET}
        if self.party_group_id is not strawberry.UNSET:
            sent["party_group_id"] = decode_optional_id(self.party_group_id, "Organization", "partyGroupId")
        return sent


@strawberry.input(description="查看党员的身份证号和电话明文（须有查看权限，每次都记入审计日志）")
class RevealInput:
    member_id: strawberry.ID = strawberry.field(description="党员 ID")


@strawberry.input(description="记录出党：退党、除名、开除党籍或死亡；记录保留且此后只读")
class RecordLeavingInput:
    member_id: strawberry.ID = strawberry.field(description="党员 ID")
    kind: LeavingKind = strawberry.field(description="出党方式")
    left_on: date = strawberry.field(description="出党日期：不早于入党日期，不晚于今天")
    reason: str = strawberry.field(description="原因（必填，最多 500 字）")


@strawberry.input(description="把党员记录与其本人的账号关联（本人由此看到自己记录的明文）；userId 为 null 时解除关联")
class LinkMemberAccountInput:
    member_id: strawberry.ID = strawberry.field(description="党员 ID")
    user_id: strawberry.ID | None = strawberry.field(description="本人的账号；null 解除关联")
