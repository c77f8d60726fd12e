"""The vocabulary of member development (DOMAIN.md, Member development), each with its Chinese label."""

from enum import StrEnum


class DevelopmentStage(StrEnum):
    APPLICANT = "APPLICANT"
    ACTIVIST = "ACTIVIST"
    TARGET = "TARGET"
    PROBATIONARY = "PROBATIONARY"
    FULL = "FULL"
    CLOSED = "CLOSED"


STAGE_LABELS = {
    DevelopmentStage.APPLICANT: "入党申请人",
    DevelopmentStage.ACTIVIST: "入党积极分子",
    DevelopmentStage.TARGET: "发展对象",
    DevelopmentStage.PROBATIONARY: "预备党员",
    DevelopmentStage.FULL: "正式党员",
    DevelopmentStage.CLOSED: "已终止（未被接收、本人撤回或不予转正）",
}


class DevelopmentStep(StrEnum):
    """The 25 steps, in their order: the enum's order is the step number."""

    APPLICATION = "APPLICATION"
    APPLICANT_TALK = "APPLICANT_TALK"
    ACTIVIST_DESIGNATION = "ACTIVIST_DESIGNATION"
    ACTIVIST_FILING = "ACTIVIST_FILING"
    CONTACTS_ASSIGNED = "CONTACTS_ASSIGNED"
    ACTIVIST_REVIEW = "ACTIVIST_REVIEW"
    TARGET_DESIGNATION = "TARGET_DESIGNATION"
    TARGET_FILING = "TARGET_FILING"
    INTRODUCERS_ASSIGNED = "INTRODUCERS_ASSIGNED"
    POLITICAL_REVIEW = "POLITICAL_REVIEW"
    SHORT_TRAINING = "SHORT_TRAINING"
    BRANCH_COMMITTEE_REVIEW = "BRANCH_COMMITTEE_REVIEW"
    UPPER_PRE_REVIEW = "UPPER_PRE_REVIEW"
    APPLICATION_FORM = "APPLICATION_FORM"
    ADMISSION_VOTE = "ADMISSION_VOTE"
    UPPER_TALK = "UPPER_TALK"
    ADMISSION_APPROVAL = "ADMISSION_APPROVAL"
    ADMISSION_FILING = "ADMISSION_FILING"
    PLACEMENT = "PLACEMENT"
    OATH = "OATH"
    CONTINUED_EDUCATION = "CONTINUED_EDUCATION"
    CONVERSION_APPLICATION = "CONVERSION_APPLICATION"
    CONVERSION_VOTE = "CONVERSION_VOTE"
    CONVERSION_APPROVAL = "CONVERSION_APPROVAL"
    ARCHIVING = "ARCHIVING"


_LABELS = (
    "递交入党申请书",
    "党组织派人谈话",
    "推荐和确定入党积极分子",
    "入党积极分子报上级党委备案",
    "指定培养联系人",
    "培养教育考察（每半年一次）",
    "确定发展对象",
    "发展对象报上级党委备案",
    "确定入党介绍人",
    "进行政治审查",
    "开展集中培训",
    "支部委员会审查",
    "上级党委预审",
    "填写入党志愿书",
    "支部党员大会讨论接收预备党员",
    "上级党委派人谈话",
    "上级党委审批接收预备党员",
    "再上一级党委组织部门备案",
    "编入党支部和党小组",
    "入党宣誓",
    "继续教育考察",
    "提出转正申请",
    "支部党员大会讨论转正",
    "上级党委审批转正",
    "材料归档",
)
STEP_NUMBERS = {step: n for n, step in enumerate(DevelopmentStep, start=1)}
STEPS_BY_NUMBER = {n: step for step, n in STEP_NUMBERS.items()}
STEP_LABELS = {step: f"第{STEP_NUMBERS[step]}步 {label}" for step, label in zip(DevelopmentStep, _LABELS, strict=True)}
