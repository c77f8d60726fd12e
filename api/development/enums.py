"""Member development's enums as the schema shows them, each value with its Chinese label."""

from api.enums import described_enum
from domain.development import enums

described_enum(enums.DevelopmentStage, description="发展阶段", labels=enums.STAGE_LABELS)
described_enum(enums.DevelopmentStep, description="发展党员的 25 个步骤（按顺序）", labels=enums.STEP_LABELS)
