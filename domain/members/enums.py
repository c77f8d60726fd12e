"""The ledger's closed vocabularies, each with its Chinese label."""

from enum import StrEnum


class Gender(StrEnum):
    MALE = "MALE"
    FEMALE = "FEMALE"


GENDER_LABELS = {Gender.MALE: "男", Gender.FEMALE: "女"}


class Education(StrEnum):
    POSTGRADUATE = "POSTGRADUATE"
    UNDERGRADUATE = "UNDERGRADUATE"
    JUNIOR_COLLEGE = "JUNIOR_COLLEGE"
    TECHNICAL_SECONDARY = "TECHNICAL_SECONDARY"
    HIGH_SCHOOL = "HIGH_SCHOOL"
    JUNIOR_HIGH = "JUNIOR_HIGH"
    PRIMARY_OR_BELOW = "PRIMARY_OR_BELOW"


EDUCATION_LABELS = {
    Education.POSTGRADUATE: "研究生",
    Education.UNDERGRADUATE: "大学本科",
    Education.JUNIOR_COLLEGE: "大学专科",
    Education.TECHNICAL_SECONDARY: "中专",
    Education.HIGH_SCHOOL: "高中",
    Education.JUNIOR_HIGH: "初中",
    Education.PRIMARY_OR_BELOW: "小学及以下",
}


class Category(StrEnum):
    EMPLOYED = "EMPLOYED"
    RETIRED = "RETIRED"
    STUDENT = "STUDENT"
    OTHER = "OTHER"


CATEGORY_LABELS = {
    Category.EMPLOYED: "在职",
    Category.RETIRED: "离退休",
    Category.STUDENT: "学生",
    Category.OTHER: "其他",
}


class MemberStatus(StrEnum):
    PROBATIONARY = "PROBATIONARY"
    FULL = "FULL"


STATUS_LABELS = {MemberStatus.PROBATIONARY: "预备党员", MemberStatus.FULL: "正式党员"}


class SpecialState(StrEnum):
    NONE = "NONE"
    SUSPENDED = "SUSPENDED"
    LOST_CONTACT = "LOST_CONTACT"
    FLOWING = "FLOWING"


SPECIAL_STATE_LABELS = {
    SpecialState.NONE: "正常",
    SpecialState.SUSPENDED: "停止党籍",
    SpecialState.LOST_CONTACT: "失联",
    SpecialState.FLOWING: "流动",
}


class LeavingKind(StrEnum):
    WITHDRAWAL = "WITHDRAWAL"
    REMOVAL = "REMOVAL"
    EXPULSION = "EXPULSION"
    DEATH = "DEATH"
    PROBATION_CANCELLED = "PROBATION_CANCELLED"  # set only by member development (closeDevelopmentFile)


LEAVING_LABELS = {
    LeavingKind.WITHDRAWAL: "退党",
    LeavingKind.REMOVAL: "除名",
    LeavingKind.EXPULSION: "开除党籍",
    LeavingKind.DEATH: "死亡",
    LeavingKind.PROBATION_CANCELLED: "取消预备党员资格",
}

# The 56 recognized ethnic groups, in the order of GB/T 3304.
_ETHNIC_GROUPS = (
    ("HAN", "汉族"), ("MONGOL", "蒙古族"), ("HUI", "回族"), ("TIBETAN", "藏族"), ("UYGHUR", "维吾尔族"),
    ("MIAO", "苗族"), ("YI", "彝族"), ("ZHUANG", "壮族"), ("BUYEI", "布依族"), ("KOREAN", "朝鲜族"),
    ("MANCHU", "满族"), ("DONG", "侗族"), ("YAO", "瑶族"), ("BAI", "白族"), ("TUJIA", "土家族"),
    ("HANI", "哈尼族"), ("KAZAKH", "哈萨克族"), ("DAI", "傣族"), ("LI", "黎族"), ("LISU", "傈僳族"),
    ("VA", "佤族"), ("SHE", "畲族"), ("GAOSHAN", "高山族"), ("LAHU", "拉祜族"), ("SUI", "水族"),
    ("DONGXIANG", "东乡族"), ("NAXI", "纳西族"), ("JINGPO", "景颇族"), ("KIRGIZ", "柯尔克孜族"), ("TU", "土族"),
    ("DAUR", "达斡尔族"), ("MULAO", "仫佬族"), ("QIANG", "羌族"), ("BLANG", "布朗族"), ("SALAR", "撒拉族"),
    ("MAONAN", "毛南族"), ("GELAO", "仡佬族"), ("XIBE", "锡伯族"), ("ACHANG", "阿昌族"), ("PUMI", "普米族"),
    ("TAJIK", "塔吉克族"), ("NU", "怒族"), ("UZBEK", "乌孜别克族"), ("RUSSIAN", "俄罗斯族"), ("EWENKI", "鄂温克族"),
    ("DEANG", "德昂族"), ("BONAN", "保安族"), ("YUGUR", "裕固族"), ("GIN", "京族"), ("TATAR", "塔塔尔族"),
    ("DERUNG", "独龙族"), ("OROQEN", "鄂伦春族"), ("HEZHEN", "赫哲族"), ("MONBA", "门巴族"), ("LHOBA", "珞巴族"),
    ("JINO", "基诺族"),
)  # fmt: skip
Ethnicity = StrEnum("Ethnicity", [(code, code) for code, _ in _ETHNIC_GROUPS])  # type: ignore[misc]
ETHNICITY_LABELS = {Ethnicity[code]: label for code, label in _ETHNIC_GROUPS}


class RecordState(StrEnum):
    ACTIVE = "ACTIVE"
    LEFT = "LEFT"
    TRANSFERRED_OUT = "TRANSFERRED_OUT"


RECORD_STATE_LABELS = {
    RecordState.ACTIVE: "在册",
    RecordState.LEFT: "已出党",
    RecordState.TRANSFERRED_OUT: "已转出本系统",
}


class TransferKind(StrEnum):
    INTERNAL = "INTERNAL"
    OUT = "OUT"
    IN = "IN"


TRANSFER_KIND_LABELS = {
    TransferKind.INTERNAL: "系统内转接",
    TransferKind.OUT: "转出本系统",
    TransferKind.IN: "从系统外转入",
}


class TransferStatus(StrEnum):
    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"
    COMPLETED = "COMPLETED"


TRANSFER_STATUS_LABELS = {
    TransferStatus.PENDING: "待接收",
    TransferStatus.ACCEPTED: "已接收",
    TransferStatus.REJECTED: "已拒收",
    TransferStatus.CANCELLED: "已撤回",
    TransferStatus.EXPIRED: "介绍信已过期",
    TransferStatus.COMPLETED: "已办结（转出或转入本系统）",
}


class OrgChangeReason(StrEnum):
    """Why a stint in a member's org history began (member_org_history.reason)."""

    CREATED = "CREATED"
    IMPORTED = "IMPORTED"
    TRANSFER = "TRANSFER"
    TRANSFER_IN = "TRANSFER_IN"
    TRANSFER_OUT = "TRANSFER_OUT"


ORG_CHANGE_REASON_LABELS = {
    OrgChangeReason.CREATED: "建档",
    OrgChangeReason.IMPORTED: "批量导入",
    OrgChangeReason.TRANSFER: "系统内组织关系转接",
    OrgChangeReason.TRANSFER_IN: "从系统外转入",
    OrgChangeReason.TRANSFER_OUT: "转出本系统",
}
