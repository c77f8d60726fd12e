"""The vocabulary of party-building tasks (党建任务), each with its Chinese label."""

from enum import StrEnum


class TaskCategory(StrEnum):
    JOINT_BUILDING = "JOINT_BUILDING"
    THEME_EDUCATION = "THEME_EDUCATION"
    FIRST_AGENDA = "FIRST_AGENDA"
    ORG_BUILDING = "ORG_BUILDING"
    MEMBER_EDUCATION = "MEMBER_EDUCATION"
    MEMBER_DEVELOPMENT = "MEMBER_DEVELOPMENT"
    INTEGRITY = "INTEGRITY"
    OTHER = "OTHER"


CATEGORY_LABELS = {
    TaskCategory.JOINT_BUILDING: "联建共建",
    TaskCategory.THEME_EDUCATION: "主题教育",
    TaskCategory.FIRST_AGENDA: "第一议题",
    TaskCategory.ORG_BUILDING: "组织建设",
    TaskCategory.MEMBER_EDUCATION: "党员教育",
    TaskCategory.MEMBER_DEVELOPMENT: "发展党员",
    TaskCategory.INTEGRITY: "党风廉政",
    TaskCategory.OTHER: "其他",
}


class PlanStatus(StrEnum):
    DRAFT = "DRAFT"
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REVISING = "REVISING"


PLAN_STATUS_LABELS = {
    PlanStatus.DRAFT: "草稿（可编辑）",
    PlanStatus.PENDING: "审批中",
    PlanStatus.APPROVED: "已批准，执行中",
    PlanStatus.REVISING: "修订中（已下发的任务照常执行，修订批准后生效）",
}
EDITABLE = (PlanStatus.DRAFT, PlanStatus.REVISING)


class AssignmentStatus(StrEnum):
    ASSIGNED = "ASSIGNED"
    IN_PROGRESS = "IN_PROGRESS"
    SUBMITTED = "SUBMITTED"
    RETURNED = "RETURNED"
    ACCEPTED = "ACCEPTED"
    CANCELLED = "CANCELLED"


ASSIGNMENT_STATUS_LABELS = {
    AssignmentStatus.ASSIGNED: "已下达",
    AssignmentStatus.IN_PROGRESS: "进行中",
    AssignmentStatus.SUBMITTED: "已提交验收",
    AssignmentStatus.RETURNED: "被退回",
    AssignmentStatus.ACCEPTED: "已验收",
    AssignmentStatus.CANCELLED: "已取消",
}
OPEN = (AssignmentStatus.ASSIGNED, AssignmentStatus.IN_PROGRESS, AssignmentStatus.RETURNED)
UNFINISHED = (*OPEN, AssignmentStatus.SUBMITTED)  # counts as overdue once past due
FINAL = (AssignmentStatus.ACCEPTED, AssignmentStatus.CANCELLED)


class TaskAlertKind(StrEnum):
    TASK_OVERDUE = "TASK_OVERDUE"
    TASK_AT_RISK = "TASK_AT_RISK"
    MILESTONE_MISSED = "MILESTONE_MISSED"
    APPROVAL_WAITING = "APPROVAL_WAITING"


ALERT_KIND_LABELS = {
    TaskAlertKind.TASK_OVERDUE: "任务逾期（已过完成期限仍未验收）",
    TaskAlertKind.TASK_AT_RISK: "任务进度滞后（时间过去 80%，进度不足 50%）",
    TaskAlertKind.MILESTONE_MISSED: "关键节点逾期未完成",
    TaskAlertKind.APPROVAL_WAITING: "审批等待超过 5 个工作日",
}
