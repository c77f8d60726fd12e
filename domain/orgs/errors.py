from enum import StrEnum


class OrgError(StrEnum):
    INVALID_NAME = "INVALID_NAME"
    INVALID_CODE = "INVALID_CODE"
    INVALID_PARENT_TYPE = "INVALID_PARENT_TYPE"
    ROOT_MUST_BE_COMMITTEE = "ROOT_MUST_BE_COMMITTEE"
    DUPLICATE_NAME = "DUPLICATE_NAME"
    DUPLICATE_CODE = "DUPLICATE_CODE"
    MOVE_INTO_OWN_SUBTREE = "MOVE_INTO_OWN_SUBTREE"
    ORG_DISSOLVED = "ORG_DISSOLVED"
    HAS_ACTIVE_CHILDREN = "HAS_ACTIVE_CHILDREN"
    HAS_ACTIVE_MEMBERS = "HAS_ACTIVE_MEMBERS"
    INVALID_DATE = "INVALID_DATE"
    INVALID_TERM = "INVALID_TERM"
    INVALID_REASON = "INVALID_REASON"


LABELS = {
    OrgError.INVALID_NAME: "组织名称为空、过长或含控制字符",
    OrgError.INVALID_CODE: "组织代码格式不合法",
    OrgError.INVALID_PARENT_TYPE: "上下级组织类型不符合规定",
    OrgError.ROOT_MUST_BE_COMMITTEE: "顶级组织只能是党委",
    OrgError.DUPLICATE_NAME: "同一上级下已有同名组织",
    OrgError.DUPLICATE_CODE: "组织代码已被使用",
    OrgError.MOVE_INTO_OWN_SUBTREE: "不能移到自己或自己的下级之下",
    OrgError.ORG_DISSOLVED: "组织已撤销",
    OrgError.HAS_ACTIVE_CHILDREN: "还有未撤销的下级组织",
    OrgError.HAS_ACTIVE_MEMBERS: "还有在册党员",
    OrgError.INVALID_DATE: "日期不合法",
    OrgError.INVALID_TERM: "任期年限不合法",
    OrgError.INVALID_REASON: "原因为空或过长",
}
