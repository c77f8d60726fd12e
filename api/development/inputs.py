"""What clients send about member development."""

from datetime import date

import strawberry

import api.development.enums
import api.members.enums  # noqa: F401 - both areas' enums, described before these types use them
from api.ids import decode_id
from domain.development import rules
from domain.development.enums import DevelopmentStep
from domain.development.service import Person
from domain.development.steps import StepDetails
from domain.members.enums import Category, Education, Ethnicity, Gender


@strawberry.input(description="建立发展档案（记录第 1 步：递交入党申请书）")
class OpenDevelopmentFileInput:
    branch_id: strawberry.ID = strawberry.field(description="所在党支部")
    name: str = strawberry.field(description="姓名，1 到 50 个字符")
    gender: Gender = strawberry.field(description="性别，须与身份证号一致")
    ethnicity: Ethnicity = strawberry.field(description="民族")
    birth_date: date = strawberry.field(description="出生日期，须与身份证号一致")
    id_number: str = strawberry.field(description="身份证号（18 位，校验码正确）；加密存储")
    phone: str | None = strawberry.field(default=None, description="手机号或带区号的固定电话；加密存储")
    education: Education | None = strawberry.field(default=None, description="学历")
    category: Category = strawberry.field(description="人员类别")
    applied_on: date = strawberry.field(description="递交入党申请书的日期；申请时须年满 18 周岁")

    def person(self) -> Person:
        return Person(
            name=self.name,
            gender=self.gender,
            ethnicity=self.ethnicity,
            birth_date=self.birth_date,
            id_number=self.id_number,
            category=self.category,
            phone=self.phone,
            education=self.education,
        )


@strawberry.input(description="支部党员大会的表决情况")
class VoteInput:
    entitled: int = strawberry.field(description="应到会有表决权的正式党员数")
    present: int = strawberry.field(description="实到人数；须超过应到人数的半数")
    yes: int = strawberry.field(description="赞成；须超过应到人数（不是实到人数）的半数")
    no: int = strawberry.field(description="反对")
    abstain: int = strawberry.field(description="弃权")

    def to_domain(self) -> rules.Vote:
        return rules.Vote(entitled=self.entitled, present=self.present, yes=self.yes, no=self.no, abstain=self.abstain)


@strawberry.input(description="记录一个发展步骤；只填该步骤需要的内容")
class RecordDevelopmentStepInput:
    file_id: strawberry.ID = strawberry.field(description="发展档案 ID")
    step: DevelopmentStep = strawberry.field(description="步骤；须按顺序，不得跳步")
    on: date = strawberry.field(description="日期：不早于上一步，不晚于今天")
    talker: str | None = strawberry.field(default=None, description="谈话人（第 2 步必填）")
    contact_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="培养联系人 1 到 2 名，在册正式党员的 ID（第 5 步必填）"
    )
    introducer_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="入党介绍人 2 名，在册正式党员的 ID（第 9 步必填）"
    )
    review: str | None = strawberry.field(default=None, description="考察意见（第 6 步必填）")
    political_review_result: str | None = strawberry.field(default=None, description="政治审查结论（第 10 步必填）")
    training_days: int | None = strawberry.field(default=None, description="集中培训天数（第 11 步：≥3 天或 ≥24 学时）")
    training_hours: int | None = strawberry.field(default=None, description="集中培训学时")
    vote: VoteInput | None = strawberry.field(default=None, description="表决情况（第 15、23 步必填）")
    special_reason: str | None = strawberry.field(
        default=None, description="特殊原因（第 17 步：支部大会后超过 3 个月、不超过 6 个月审批时必填）"
    )
    note: str | None = strawberry.field(default=None, description="备注")

    def details(self) -> StepDetails:
        """Raises a coded DomainError for a member ID of the wrong type."""
        return StepDetails(
            talker=self.talker,
            contact_ids=_ids(self.contact_ids, "contactIds"),
            introducer_ids=_ids(self.introducer_ids, "introducerIds"),
            review=self.review,
            political_review_result=self.political_review_result,
            training_days=self.training_days,
            training_hours=self.training_hours,
            vote=self.vote.to_domain() if self.vote else None,
            special_reason=self.special_reason,
            note=self.note,
        )


def _ids(ids: list[strawberry.ID] | None, field: str) -> tuple[int, ...] | None:
    return tuple(decode_id(i, "Member", field) for i in ids) if ids is not None else None


@strawberry.input(description="延长预备期（只能一次）")
class ExtendProbationInput:
    file_id: strawberry.ID = strawberry.field(description="发展档案 ID")
    months: int = strawberry.field(description="延长的月数，6 到 12")
    reason: str = strawberry.field(description="原因（必填）")


@strawberry.input(description="终止发展档案：未被接收、本人撤回，或转正表决未通过、不予转正（取消预备党员资格）")
class CloseDevelopmentFileInput:
    file_id: strawberry.ID = strawberry.field(description="发展档案 ID")
    reason: str = strawberry.field(description="原因（必填）")


@strawberry.input(description="修改发展党员的规则（系统管理员）；所有数值一起给出")
class DevelopmentRulesInput:
    version: int = strawberry.field(description="读取时的版本号")
    talk_within_months: int = strawberry.field(description="递交申请后应在几个月内谈话")
    activist_min_months: int = strawberry.field(description="入党积极分子至少培养几个月")
    training_min_days: int = strawberry.field(description="集中培训至少几天")
    training_min_hours: int = strawberry.field(description="或集中培训至少几个学时")
    approval_max_months: int = strawberry.field(description="支部大会后上级党委审批的期限，月")
    approval_special_max_months: int = strawberry.field(description="有特殊原因时的审批期限，月")
    probation_months: int = strawberry.field(description="预备期，月")
    extension_min_months: int = strawberry.field(description="延长预备期至少几个月")
    extension_max_months: int = strawberry.field(description="延长预备期至多几个月")
    review_every_months: int = strawberry.field(description="培养教育考察的周期，月")
    conversion_alert_days: int = strawberry.field(description="预备期满前几天开始提醒转正")
    review_alert_days: int = strawberry.field(description="培养教育考察到期前几天开始提醒")

    def values(self) -> rules.DevelopmentRules:
        return rules.DevelopmentRules(**{k: getattr(self, k) for k in rules.DevelopmentRules.__dataclass_fields__})
