from enum import StrEnum


class ApprovalError(StrEnum):
    NOT_AN_APPROVER = "NOT_AN_APPROVER"
    ALREADY_DECIDED = "ALREADY_DECIDED"
    INVALID_ROUTE = "INVALID_ROUTE"
    UNKNOWN_SUBJECT_TYPE = "UNKNOWN_SUBJECT_TYPE"


LABELS = {
    ApprovalError.NOT_AN_APPROVER: "你不是这一步的审批人（审批人须在指定组织持有指定角色，且不能审批自己提交的申请）",
    ApprovalError.ALREADY_DECIDED: "这一步已经有人作出决定",
    ApprovalError.INVALID_ROUTE: "审批流程不合法（1 到 5 步，每步一个角色，层级不能高过根组织）",
    ApprovalError.UNKNOWN_SUBJECT_TYPE: "未知的审批事项类型",
}
