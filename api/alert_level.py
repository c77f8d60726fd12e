"""AlertLevel as the schema shows it, described in a module with no type imports, so that any module may
import it first, even one loaded in the middle of api/alerts.py's own imports."""

from api.enums import described_enum
from domain import alerts

AlertLevel = described_enum(alerts.AlertLevel, description="预警级别", labels=alerts.LEVEL_LABELS)
