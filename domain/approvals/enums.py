from enum import StrEnum


class ApprovalStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    RETURNED = "RETURNED"


STATUS_LABELS = {
    ApprovalStatus.PENDING: "审批中",
    ApprovalStatus.APPROVED: "已批准",
    ApprovalStatus.RETURNED: "已退回",
}


class Decision(StrEnum):
    APPROVE = "APPROVE"
    RETURN = "RETURN"


DECISION_LABELS = {Decision.APPROVE: "同意", Decision.RETURN: "退回修改"}
