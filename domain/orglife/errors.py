from enum import StrEnum


class OrgLifeError(StrEnum):
    MEETING_TYPE_NOT_ALLOWED = "MEETING_TYPE_NOT_ALLOWED"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    DATE_BEFORE_ESTABLISHED = "DATE_BEFORE_ESTABLISHED"
    NOT_A_MEMBER_OF_ORG = "NOT_A_MEMBER_OF_ORG"
    DUPLICATE_ATTENDEE = "DUPLICATE_ATTENDEE"
    LECTURER_REQUIRED = "LECTURER_REQUIRED"
    AGENDA_REQUIRED = "AGENDA_REQUIRED"
    INVALID_TEXT = "INVALID_TEXT"
    INVALID_ATTACHMENT = "INVALID_ATTACHMENT"
    INVALID_VOTE_COUNTS = "INVALID_VOTE_COUNTS"
    QUORUM_NOT_MET = "QUORUM_NOT_MET"
    STUDY_TOPIC_NOT_FIRST_ITEM = "STUDY_TOPIC_NOT_FIRST_ITEM"
    TOPIC_NOT_ISSUED_TO_ORG = "TOPIC_NOT_ISSUED_TO_ORG"
    STUDIED_BEFORE_ISSUED = "STUDIED_BEFORE_ISSUED"
    ISSUER_NOT_A_COMMITTEE = "ISSUER_NOT_A_COMMITTEE"
    INVALID_DUE_DATE = "INVALID_DUE_DATE"
    INVALID_COMMITTEE = "INVALID_COMMITTEE"
    SECRETARY_REQUIRED = "SECRETARY_REQUIRED"
    NOT_ELIGIBLE_FOR_ELECTION = "NOT_ELIGIBLE_FOR_ELECTION"
    VOTES_NOT_ENOUGH = "VOTES_NOT_ENOUGH"
    ELECTION_OUT_OF_ORDER = "ELECTION_OUT_OF_ORDER"
    NO_CURRENT_TERM = "NO_CURRENT_TERM"
    TERM_ADJUSTMENT_TOO_LARGE = "TERM_ADJUSTMENT_TOO_LARGE"
    APPROVAL_LEVEL_REQUIRED = "APPROVAL_LEVEL_REQUIRED"
    INVALID_PERIOD = "INVALID_PERIOD"
    INVALID_RULES = "INVALID_RULES"
    INVALID_ALERT_KIND = "INVALID_ALERT_KIND"


LABELS = {
    OrgLifeError.MEETING_TYPE_NOT_ALLOWED: "该类型的会议不适用于此类组织（如党委不开党小组会）",
    OrgLifeError.DATE_IN_FUTURE: "日期不能晚于今天",
    OrgLifeError.DATE_BEFORE_ESTABLISHED: "日期早于组织成立日期",
    OrgLifeError.NOT_A_MEMBER_OF_ORG: "此人不是该组织的在册党员（或不是其委员会成员）",
    OrgLifeError.DUPLICATE_ATTENDEE: "同一人在出席名单中出现了两次",
    OrgLifeError.LECTURER_REQUIRED: "党课须写明授课人",
    OrgLifeError.AGENDA_REQUIRED: "会议至少要有一项议程",
    OrgLifeError.INVALID_TEXT: "文字为空、过长或含控制字符",
    OrgLifeError.INVALID_ATTACHMENT: "附件信息不合法（名称、大小或 SHA-256 校验值）",
    OrgLifeError.INVALID_VOTE_COUNTS: "表决人数不合理（票数之和不超过到会有表决权的人数）",
    OrgLifeError.QUORUM_NOT_MET: "到会人数未达到法定比例（表决须过半数，选举须超过五分之四）",
    OrgLifeError.STUDY_TOPIC_NOT_FIRST_ITEM: "学习专题只能作为第一项议程（第一议题）",
    OrgLifeError.TOPIC_NOT_ISSUED_TO_ORG: "该学习专题不是下发给本组织的",
    OrgLifeError.STUDIED_BEFORE_ISSUED: "学习日期早于专题下发日期",
    OrgLifeError.ISSUER_NOT_A_COMMITTEE: "只有党委可以下发学习专题",
    OrgLifeError.INVALID_DUE_DATE: "完成期限不能早于下发日期",
    OrgLifeError.INVALID_COMMITTEE: "委员会的组成不符合规定（人数或职务）",
    OrgLifeError.SECRETARY_REQUIRED: "新一届委员会须有且只有一名书记",
    OrgLifeError.NOT_ELIGIBLE_FOR_ELECTION: "只有本组织的在册正式党员才有被选举权",
    OrgLifeError.VOTES_NOT_ENOUGH: "当选须获得超过实到会有选举权人数一半的赞成票",
    OrgLifeError.ELECTION_OUT_OF_ORDER: "选举日期早于本组织上一次选举",
    OrgLifeError.NO_CURRENT_TERM: "该组织没有本届任期的记录",
    OrgLifeError.TERM_ADJUSTMENT_TOO_LARGE: "换届时间提前或延后不得超过 1 年",
    OrgLifeError.APPROVAL_LEVEL_REQUIRED: "须由上级党委批准",
    OrgLifeError.INVALID_PERIOD: "统计期间不合法（季度 1–4，月份 1–12，二者不能同时给出）",
    OrgLifeError.INVALID_RULES: "组织生活规则的数值不合理",
    OrgLifeError.INVALID_ALERT_KIND: "未知的预警类别",
}
