"""The alert center's kinds as a GraphQL enum, `AlertKind`: every area's kinds, made from the one list the
scan labels them by (alert_sources.KIND_LABELS), so a new kind there is a new value here."""

from enum import StrEnum
from typing import TYPE_CHECKING

from api.enums import described_enum
from domain.indicators.alert_sources import KIND_LABELS

if TYPE_CHECKING:  # the enum is built from data; to the type checker its values are the kinds' strings
    AlertKind = str
else:
    AlertKind = described_enum(
        StrEnum("AlertKind", {kind: kind for kind in KIND_LABELS}), description="预警类别", labels=KIND_LABELS
    )
