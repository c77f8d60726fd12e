from enum import StrEnum


class TaskError(StrEnum):
    PLAN_NOT_DRAFT = "PLAN_NOT_DRAFT"
    PLAN_EMPTY = "PLAN_EMPTY"
    INVALID_YEAR = "INVALID_YEAR"
    EXECUTOR_OUT_OF_SCOPE = "EXECUTOR_OUT_OF_SCOPE"
    EXECUTOR_REQUIRED = "EXECUTOR_REQUIRED"
    DUE_BEFORE_START = "DUE_BEFORE_START"
    DATES_OUTSIDE_YEAR = "DATES_OUTSIDE_YEAR"
    MILESTONE_OUT_OF_RANGE = "MILESTONE_OUT_OF_RANGE"
    TEMPLATE_NOT_AVAILABLE = "TEMPLATE_NOT_AVAILABLE"
    TOO_MANY_ITEMS = "TOO_MANY_ITEMS"
    PERCENT_OUT_OF_RANGE = "PERCENT_OUT_OF_RANGE"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    PARTS_NOT_ACCEPTED = "PARTS_NOT_ACCEPTED"
    PART_DUE_AFTER_WHOLE = "PART_DUE_AFTER_WHOLE"
    ASSIGNEE_NOT_IN_ORG = "ASSIGNEE_NOT_IN_ORG"
    INVALID_EVIDENCE = "INVALID_EVIDENCE"
    INVALID_TASK_RULES = "INVALID_TASK_RULES"
    LIBRARY_NOT_A_COMMITTEE = "LIBRARY_NOT_A_COMMITTEE"


LABELS = {
    TaskError.PLAN_NOT_DRAFT: "计划不在草稿或修订状态，不能修改或提交（已发布的计划须先发起修订）",
    TaskError.PLAN_EMPTY: "计划没有任何任务，不能发布",
    TaskError.INVALID_YEAR: "年度不合法",
    TaskError.EXECUTOR_OUT_OF_SCOPE: "执行单位或执行人不在计划所属组织的范围内",
    TaskError.EXECUTOR_REQUIRED: "每项任务至少要有一个执行单位",
    TaskError.DUE_BEFORE_START: "完成日期早于开始日期",
    TaskError.DATES_OUTSIDE_YEAR: "任务的开始日期须在计划年度内",
    TaskError.MILESTONE_OUT_OF_RANGE: "关键节点的日期须在任务的开始和完成日期之间",
    TaskError.TEMPLATE_NOT_AVAILABLE: "该任务模板不在本组织或上级组织的任务库中，或已被新版本取代",
    TaskError.TOO_MANY_ITEMS: "一次添加的任务过多",
    TaskError.PERCENT_OUT_OF_RANGE: "进度须在 0 到 100 之间，且不能倒退",
    TaskError.INVALID_TRANSITION: "任务当前的状态不允许这一操作",
    TaskError.PARTS_NOT_ACCEPTED: "分解到党员的子任务尚未全部验收，不能提交",
    TaskError.PART_DUE_AFTER_WHOLE: "子任务的完成日期不能晚于整项任务的完成日期",
    TaskError.ASSIGNEE_NOT_IN_ORG: "该党员不在本组织（含下属党小组）的名册上",
    TaskError.INVALID_EVIDENCE: "佐证材料信息不合法（名称、大小或 SHA-256 校验值）",
    TaskError.INVALID_TASK_RULES: "任务预警规则的数值不合理",
    TaskError.LIBRARY_NOT_A_COMMITTEE: "只有党委（未撤销的）设有任务库",
}
