"""Organization-life enums as the schema shows them, each value with its Chinese label.

Imported by every module that annotates with them, so they are described before strawberry first sees them.
"""

from api.enums import described_enum
from domain.orglife import enums

described_enum(enums.MeetingType, description="会议类型（三会一课等）", labels=enums.MEETING_TYPE_LABELS)
described_enum(enums.Period, description="统计周期", labels=enums.PERIOD_LABELS)
described_enum(enums.PeriodStatus, description="一个周期内某类会议的召开情况", labels=enums.PERIOD_STATUS_LABELS)
described_enum(enums.CommitteePosition, description="委员会中的职务", labels=enums.POSITION_LABELS)
described_enum(enums.ReelectionStatus, description="换届状态", labels=enums.REELECTION_STATUS_LABELS)
