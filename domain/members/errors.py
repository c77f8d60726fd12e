from enum import StrEnum


class MemberError(StrEnum):
    INVALID_MEMBER_NAME = "INVALID_MEMBER_NAME"
    INVALID_ID_NUMBER = "INVALID_ID_NUMBER"
    ID_NUMBER_MISMATCH = "ID_NUMBER_MISMATCH"
    DUPLICATE_ID_NUMBER = "DUPLICATE_ID_NUMBER"
    UNDER_AGE = "UNDER_AGE"
    INVALID_PHONE = "INVALID_PHONE"
    CONVERSION_TOO_EARLY = "CONVERSION_TOO_EARLY"
    STATUS_MISMATCH = "STATUS_MISMATCH"
    NOT_A_BRANCH = "NOT_A_BRANCH"
    NOT_A_GROUP_OF_BRANCH = "NOT_A_GROUP_OF_BRANCH"
    MEMBER_CLOSED = "MEMBER_CLOSED"
    FLOWING_TO_REQUIRED = "FLOWING_TO_REQUIRED"
    TEXT_TOO_LONG = "TEXT_TOO_LONG"
    DATE_IN_FUTURE = "DATE_IN_FUTURE"
    DATE_BEFORE_ADMISSION = "DATE_BEFORE_ADMISSION"
    TRANSFER_ALREADY_OPEN = "TRANSFER_ALREADY_OPEN"
    TRANSFER_EXPIRED = "TRANSFER_EXPIRED"
    TRANSFER_NOT_OPEN = "TRANSFER_NOT_OPEN"
    TRANSFER_TO_SAME_ORG = "TRANSFER_TO_SAME_ORG"
    INVALID_LETTER_VALIDITY = "INVALID_LETTER_VALIDITY"
    REASON_REQUIRED = "REASON_REQUIRED"
    LETTER_DETAILS_REQUIRED = "LETTER_DETAILS_REQUIRED"
    # Excel import (the codes of a cell or of the whole file; the rules above hold for each row too).
    VALUE_REQUIRED = "VALUE_REQUIRED"
    INVALID_CHOICE = "INVALID_CHOICE"
    INVALID_DATE = "INVALID_DATE"
    DUPLICATE_IN_FILE = "DUPLICATE_IN_FILE"
    MISSING_COLUMN = "MISSING_COLUMN"
    INVALID_WORKBOOK = "INVALID_WORKBOOK"
    IMPORT_REFUSED = "IMPORT_REFUSED"

    ACCOUNT_ALREADY_LINKED = "ACCOUNT_ALREADY_LINKED"


LABELS = {
    MemberError.INVALID_MEMBER_NAME: "姓名为空、过长或含控制字符",
    MemberError.INVALID_ID_NUMBER: "身份证号不合法（格式、出生日期或校验码）",
    MemberError.ID_NUMBER_MISMATCH: "出生日期或性别与身份证号不符",
    MemberError.DUPLICATE_ID_NUMBER: "系统中已有该身份证号的党员",
    MemberError.UNDER_AGE: "入党时未满 18 周岁",
    MemberError.INVALID_PHONE: "电话号码格式不正确",
    MemberError.CONVERSION_TOO_EARLY: "转正日期早于入党满一年",
    MemberError.STATUS_MISMATCH: "党员状态与转正日期不一致",
    MemberError.NOT_A_BRANCH: "党员只能编入党支部",
    MemberError.NOT_A_GROUP_OF_BRANCH: "党小组不属于该党支部",
    MemberError.MEMBER_CLOSED: "该党员记录已关闭（出党或转出），只读",
    MemberError.FLOWING_TO_REQUIRED: "流动党员须写明流向",
    MemberError.TEXT_TOO_LONG: "文字过长",
    MemberError.DATE_IN_FUTURE: "日期不能晚于今天",
    MemberError.DATE_BEFORE_ADMISSION: "日期不能早于入党日期",
    MemberError.TRANSFER_ALREADY_OPEN: "该党员已有未办结的组织关系转接",
    MemberError.TRANSFER_EXPIRED: "介绍信已过有效期",
    MemberError.TRANSFER_NOT_OPEN: "该转接已办结，不能再处理",
    MemberError.TRANSFER_TO_SAME_ORG: "不能转入本组织",
    MemberError.INVALID_LETTER_VALIDITY: "介绍信有效期须在 1 到 90 天之间",
    MemberError.REASON_REQUIRED: "须填写原因",
    MemberError.LETTER_DETAILS_REQUIRED: "须填写介绍信编号和对方单位名称",
    MemberError.VALUE_REQUIRED: "必填项为空",
    MemberError.INVALID_CHOICE: "不是允许的取值",
    MemberError.INVALID_DATE: "日期格式不正确",
    MemberError.DUPLICATE_IN_FILE: "文件中身份证号重复",
    MemberError.MISSING_COLUMN: "缺少必填列",
    MemberError.INVALID_WORKBOOK: "无法读取的 Excel 文件（须为 .xlsx，且不超过大小和行数限制）",
    MemberError.IMPORT_REFUSED: "导入文件有错误，未导入任何数据",
    MemberError.ACCOUNT_ALREADY_LINKED: "该账号已关联另一条党员记录",
}
