"""The indicator enums, described once (api.enums.described_enum: the first description wins); every
module that shows them imports this one first."""

from api.enums import described_enum
from domain.indicators import enums
from domain.indicators.enums import Direction, Source, Unit

described_enum(Unit, description="指标单位", labels=enums.UNIT_LABELS)
described_enum(Direction, description="指标方向", labels=enums.DIRECTION_LABELS)
described_enum(Source, description="指标数据来源", labels=enums.SOURCE_LABELS)
