"""The ledger's enums as the schema shows them, each value with its Chinese label.

Imported by every module that annotates with them, so they are described before strawberry first sees them.
"""

from api.enums import described_enum
from domain.members import enums

described_enum(enums.Gender, description="性别", labels=enums.GENDER_LABELS)
described_enum(enums.Ethnicity, description="民族（56 个民族）", labels=enums.ETHNICITY_LABELS)
described_enum(enums.Education, description="学历", labels=enums.EDUCATION_LABELS)
described_enum(enums.Category, description="人员类别", labels=enums.CATEGORY_LABELS)
described_enum(enums.MemberStatus, description="党员状态", labels=enums.STATUS_LABELS)
described_enum(enums.SpecialState, description="特殊状态", labels=enums.SPECIAL_STATE_LABELS)
described_enum(enums.LeavingKind, description="出党方式", labels=enums.LEAVING_LABELS)
described_enum(enums.RecordState, description="记录状态", labels=enums.RECORD_STATE_LABELS)
