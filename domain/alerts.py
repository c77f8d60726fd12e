"""Alerts (预警) shared by every area: a level, what is due, by when, where, and about whom.

Levels follow the control center's traffic lights: RED overdue, YELLOW due soon, GREEN on track.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class AlertLevel(StrEnum):
    RED = "RED"
    YELLOW = "YELLOW"
    GREEN = "GREEN"


LEVEL_LABELS = {AlertLevel.RED: "红色：已逾期", AlertLevel.YELLOW: "黄色：即将到期", AlertLevel.GREEN: "绿色：正常"}
SEVERITY = {AlertLevel.RED: 0, AlertLevel.YELLOW: 1, AlertLevel.GREEN: 2}


@dataclass(frozen=True)
class Alert:
    level: AlertLevel
    kind: str  # a stable key, e.g. DEVELOPMENT_TALK_DUE; each area owns its kinds
    title: str
    due_on: date
    org_id: int
    subject_type: str  # the GraphQL type of the subject, e.g. DevelopmentFile
    subject_id: int

    def sort_key(self) -> tuple[int, str, str, int, int, str]:
        """Most severe first, then the earliest due; the key a cursor carries. Unique per alert: one subject
        can raise alerts at many orgs (a study topic) and one org several of a kind (each meeting type)."""
        return (SEVERITY[self.level], self.due_on.isoformat(), self.kind, self.org_id, self.subject_id, self.title)
