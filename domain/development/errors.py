from enum import StrEnum


class DevelopmentError(StrEnum):
    STEP_OUT_OF_ORDER = "STEP_OUT_OF_ORDER"
    STEP_ALREADY_RECORDED = "STEP_ALREADY_RECORDED"
    INTERVAL_NOT_MET = "INTERVAL_NOT_MET"
    UNDER_AGE = "UNDER_AGE"
    NOT_A_FULL_MEMBER = "NOT_A_FULL_MEMBER"
    WRONG_NUMBER_OF_INTRODUCERS = "WRONG_NUMBER_OF_INTRODUCERS"
    WRONG_NUMBER_OF_CONTACTS = "WRONG_NUMBER_OF_CONTACTS"
    INVALID_VOTE_COUNTS = "INVALID_VOTE_COUNTS"
    QUORUM_NOT_MET = "QUORUM_NOT_MET"
    VOTE_NOT_PASSED = "VOTE_NOT_PASSED"
    TRAINING_NOT_ENOUGH = "TRAINING_NOT_ENOUGH"
    DETAILS_REQUIRED = "DETAILS_REQUIRED"
    APPROVAL_LEVEL_REQUIRED = "APPROVAL_LEVEL_REQUIRED"
    APPROVAL_OVERDUE = "APPROVAL_OVERDUE"
    SPECIAL_REASON_REQUIRED = "SPECIAL_REASON_REQUIRED"
    PROBATION_NOT_ENDED = "PROBATION_NOT_ENDED"
    NOT_ON_PROBATION = "NOT_ON_PROBATION"
    EXTENSION_ALREADY_USED = "EXTENSION_ALREADY_USED"
    INVALID_EXTENSION = "INVALID_EXTENSION"
    FILE_CLOSED = "FILE_CLOSED"
    INVALID_RULES = "INVALID_RULES"
    FILE_IN_PROGRESS = "FILE_IN_PROGRESS"
    ALREADY_A_MEMBER = "ALREADY_A_MEMBER"


LABELS = {
    DevelopmentError.STEP_OUT_OF_ORDER: "发展步骤须按顺序记录，不得跳步，日期不得早于上一步",
    DevelopmentError.STEP_ALREADY_RECORDED: "该步骤已记录（只有培养教育考察可重复记录）",
    DevelopmentError.INTERVAL_NOT_MET: "未满规定的间隔期（消息中给出最早可记录的日期）",
    DevelopmentError.UNDER_AGE: "入党时未满 18 周岁",
    DevelopmentError.NOT_A_FULL_MEMBER: "培养联系人和入党介绍人须是在册的正式党员，且不能是申请人本人",
    DevelopmentError.WRONG_NUMBER_OF_INTRODUCERS: "入党介绍人须为 2 名",
    DevelopmentError.WRONG_NUMBER_OF_CONTACTS: "培养联系人须为 1 到 2 名",
    DevelopmentError.INVALID_VOTE_COUNTS: "表决人数不合理（实到不超过应到，票数之和不超过实到）",
    DevelopmentError.QUORUM_NOT_MET: "到会有表决权的党员未超过应到人数的半数",
    DevelopmentError.VOTE_NOT_PASSED: "赞成票未超过应到会有表决权的正式党员的半数",
    DevelopmentError.TRAINING_NOT_ENOUGH: "集中培训不少于 3 天或 24 个学时",
    DevelopmentError.DETAILS_REQUIRED: "该步骤缺少必填的内容",
    DevelopmentError.APPROVAL_LEVEL_REQUIRED: "该步骤须由上级党委的书记或党务工作者记录",
    DevelopmentError.APPROVAL_OVERDUE: "上级党委审批超过了规定期限",
    DevelopmentError.SPECIAL_REASON_REQUIRED: "超过 3 个月审批须写明特殊原因",
    DevelopmentError.PROBATION_NOT_ENDED: "预备期未满，不能转正",
    DevelopmentError.NOT_ON_PROBATION: "只有预备党员才能延长预备期",
    DevelopmentError.EXTENSION_ALREADY_USED: "预备期只能延长一次",
    DevelopmentError.INVALID_EXTENSION: "预备期延长须为 6 到 12 个月",
    DevelopmentError.FILE_CLOSED: "该发展档案已终止或已完成，只读",
    DevelopmentError.INVALID_RULES: "发展规则的数值不合理",
    DevelopmentError.FILE_IN_PROGRESS: "此人已有一份进行中的发展档案",
    DevelopmentError.ALREADY_A_MEMBER: "此人已是在册党员，不需发展",
}
