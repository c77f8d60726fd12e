"""Tables of the control center: the indicator library (modules > scenarios > indicators), values (computed
snapshots and reported values), and the unified alert center (alerts as the last scan found them, and
their acknowledgements).

Numbers are Decimal (NUMERIC), never float (ARCHITECTURE.md, Data). `org_path` copies the org's path for
subtree reads, as every ledger does (domain/orgs/path_copies.py).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, Index, Numeric, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain.timeutil import utcnow

_PATH_OPS = {"org_path": "text_pattern_ops"}


class IndicatorModule(SQLModel, table=True):
    """A business module (业务模块), e.g. 组织建设."""

    __tablename__ = "indicator_module"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)
    name: str = Field(max_length=100)
    position: int = 0


class IndicatorScenario(SQLModel, table=True):
    """A control scenario (管控场景) of a module, e.g. 三会一课."""

    __tablename__ = "indicator_scenario"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True)
    module_id: int = Field(foreign_key="indicator_module.id", index=True)
    name: str = Field(max_length=100)
    position: int = 0


class Indicator(SQLModel, table=True):
    """An organizational performance indicator (绩效指标).

    Levels: for HIGHER, GREEN from `green` up, YELLOW from `yellow` up, RED below; for LOWER, GREEN up to
    `green`, YELLOW up to `yellow`, RED above. `green` is also the target an attainment is measured against.
    """

    __tablename__ = "indicator"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=100)
    description: str | None = Field(default=None, max_length=1000)
    module_id: int = Field(foreign_key="indicator_module.id")
    scenario_id: int = Field(foreign_key="indicator_scenario.id", index=True)
    unit: str = Field(sa_column=Column(String(10), nullable=False))
    direction: str = Field(sa_column=Column(String(10), nullable=False))
    source: str = Field(sa_column=Column(String(10), nullable=False))
    computation: str | None = Field(default=None, max_length=60)  # a name in domain/indicators/computations
    period: str = Field(sa_column=Column(String(10), nullable=False))  # MONTH, QUARTER or YEAR
    org_types: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    green: Decimal = Field(sa_column=Column(Numeric(18, 4), nullable=False))
    yellow: Decimal = Field(sa_column=Column(Numeric(18, 4), nullable=False))
    weight: Decimal = Field(sa_column=Column(Numeric(8, 2), nullable=False))
    position: int = 0
    active: bool = True
    version: int = 1
    updated_by: int | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(default_factory=utcnow)


class IndicatorValue(SQLModel, table=True):
    """One indicator's value for one org and period: a computed snapshot, or a reported or imported value.

    A computed value keeps its numerator and denominator, so a snapshot explains itself after the data it
    came from has changed; `value` is None when there was nothing to measure (no denominator).
    """

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "organization_id", "period", name="uq_indicator_value"),
        Index("ix_indicator_value_org_path_period", "org_path", "period", postgresql_ops=_PATH_OPS),
        Index("ix_indicator_value_org_period", "organization_id", "period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="indicator.id")
    organization_id: int = Field(foreign_key="organization.id")
    org_path: str = Field(max_length=1000)
    period: str = Field(max_length=10)  # 2026, 2026Q3 or 2026-07
    value: Decimal | None = Field(default=None, sa_column=Column(Numeric(18, 4), nullable=True))
    numerator: Decimal | None = Field(default=None, sa_column=Column(Numeric(18, 4), nullable=True))
    denominator: Decimal | None = Field(default=None, sa_column=Column(Numeric(18, 4), nullable=True))
    level: str | None = Field(default=None, sa_column=Column(String(10), nullable=True))
    source: str = Field(sa_column=Column(String(10), nullable=False))
    note: str | None = Field(default=None, max_length=1000)
    recorded_by: int | None = Field(default=None, foreign_key="app_user.id")
    recorded_at: datetime = Field(default_factory=utcnow)
    version: int = 1


class IndicatorSnapshot(SQLModel, table=True):
    """One snapshot run of a period's computed values for the whole tree. A run taken after the period ended
    (`as_of` past its end) is final; runs while it is open are the round's refreshes, which the control
    center reads for a big subtree (domain/indicators/schedule.py)."""

    __tablename__ = "indicator_snapshot"
    __table_args__ = (Index("ix_indicator_snapshot_period", "period", "finished_at"),)

    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=10)
    as_of: date  # the day the computations counted up to
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime = Field(default_factory=utcnow)
    orgs: int = 0
    written: int = 0
    updated: int = 0
    unchanged: int = 0


class AlertRecord(SQLModel, table=True):
    """An alert as the latest scan found it (预警中心). Every area's alerts are gathered by a scheduled scan
    (`zhdj alerts scan`), so a whole tree's alerts read and count by index, not by recomputing every area."""

    __tablename__ = "alert_record"
    __table_args__ = (
        Index("ix_alert_record_org_path_level", "org_path", "level", postgresql_ops=_PATH_OPS),
        Index("ix_alert_record_sort", "severity", "due_on", "kind", "organization_id", "subject_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)  # kind:subject type:subject id:org id:title hash
    area: str = Field(sa_column=Column(String(20), nullable=False))
    kind: str = Field(sa_column=Column(String(40), nullable=False))
    level: str = Field(sa_column=Column(String(10), nullable=False))
    severity: int  # 0 red, 1 yellow, 2 green: the order of domain.alerts.Alert.sort_key
    title: str = Field(max_length=500)
    due_on: date
    organization_id: int = Field(foreign_key="organization.id")
    org_path: str = Field(max_length=1000)
    subject_type: str = Field(max_length=40)
    subject_id: int
    first_seen_at: datetime = Field(default_factory=utcnow)
    scanned_at: datetime = Field(default_factory=utcnow)


class AlertCount(SQLModel, table=True):
    """How many alerts of each level and kind an org has, rebuilt by each scan with its records: counting a
    whole tree's two million alerts takes a second (bench/), summing these rows a few milliseconds."""

    __tablename__ = "alert_count"
    __table_args__ = (Index("ix_alert_count_org_path", "org_path", postgresql_ops=_PATH_OPS),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    org_path: str = Field(max_length=1000)
    level: str = Field(sa_column=Column(String(10), nullable=False))
    kind: str = Field(sa_column=Column(String(40), nullable=False))
    alerts: int


class AlertAcknowledgement(SQLModel, table=True):
    """A response to an alert (处置): a note and a planned fix date. Kept by the alert's key, so it stays
    with the alert across scans; it never hides the alert, which leaves only when its cause is fixed."""

    __tablename__ = "alert_acknowledgement"
    __table_args__ = (Index("ix_alert_acknowledgement_key", "alert_key", "acknowledged_at"),)

    id: int | None = Field(default=None, primary_key=True)
    alert_key: str = Field(max_length=200)
    organization_id: int = Field(foreign_key="organization.id")
    org_path: str = Field(max_length=1000)
    note: str = Field(max_length=1000)
    planned_fix_on: date | None = None
    acknowledged_by: int = Field(foreign_key="app_user.id")
    acknowledged_at: datetime = Field(default_factory=utcnow)


class AlertScan(SQLModel, table=True):
    """One run of the alert scan: when, and what it found (the center shows how fresh its alerts are)."""

    __tablename__ = "alert_scan"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    alerts: int = 0
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
