"""Chart data of organization life for a subtree and period (issue 5, item 6).

- Held vs required per meeting type: over the orgs of meeting_compliance, `required` counts the required
  (org, period) pairs of the type, `held` those held; `rate` held / required in percent, None when nothing
  was required. One entry per meeting type that has a frequency requirement, in MeetingType order.
- Attendance distribution: the meetings held in the period whose members due were recorded (due_count > 0),
  by present_count / due_count, in five buckets: BELOW_60 (< 60 %), FROM_60 (60 % to < 80 %), FROM_80
  (80 % to < 90 %), FROM_90 (90 % to < 100 %), FULL (100 %). Compared in integers (present * 100 against
  due * bound), so a meeting at exactly 80 % falls in FROM_80 on both databases.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.charts import Point, rate, series
from domain.orglife.compliance import evaluate_subtree, evaluator
from domain.orglife.compliance_reads import MEETINGS
from domain.orglife.enums import MEETING_TYPE_LABELS, MeetingType
from domain.orglife.periods import asked_range
from domain.tree import in_subtree

BUCKETS = (
    ("BELOW_60", "低于60%"),
    ("FROM_60", "60%至80%"),
    ("FROM_80", "80%至90%"),
    ("FROM_90", "90%至100%（不含）"),
    ("FULL", "100%"),
)


@dataclass(frozen=True)
class MeetingTypeTally:
    meeting_type: MeetingType
    label: str
    required: int
    held: int
    rate: float | None


async def held_vs_required(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    year: int,
    quarter: int | None = None,
    month: int | None = None,
    today: date,
) -> list[MeetingTypeTally]:
    asked = asked_range(year, quarter, month)
    engine = await evaluator(session, asked=asked, today=today)
    required: dict[MeetingType, int] = {r.meeting_type: 0 for r in engine.requirements}
    held = dict.fromkeys(required, 0)
    for org in await evaluate_subtree(
        session, actor=actor, under_path=under_path, asked=asked, today=today, engine=engine
    ):
        for item in org.items:
            required[item.meeting_type] += item.required
            held[item.meeting_type] += item.held
    return [
        MeetingTypeTally(kind, MEETING_TYPE_LABELS[kind], required[kind], held[kind], rate(held[kind], required[kind]))
        for kind in MeetingType
        if kind in required
    ]


async def attendance_distribution(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    year: int,
    quarter: int | None = None,
    month: int | None = None,
) -> list[Point]:
    asked = asked_range(year, quarter, month)
    m = MEETINGS.c
    ratio = m.present_count * 100
    bucket = case(
        (ratio >= m.due_count * 100, "FULL"),
        (ratio >= m.due_count * 90, "FROM_90"),
        (ratio >= m.due_count * 80, "FROM_80"),
        (ratio >= m.due_count * 60, "FROM_60"),
        else_="BELOW_60",
    ).label("bucket")
    statement = (
        select(bucket, func.count())
        .where(
            AUTHORIZER.path_filter(actor, m.org_path, Resource.ORG_LIFE, Action.READ),
            in_subtree(m.org_path, under_path),
            m.month_index >= asked.first_month,
            m.month_index <= asked.last_month,
            m.due_count > 0,
        )
        .group_by(bucket)
    )
    counts = {key: int(n) for key, n in await session.execute(statement)}
    return series([(key, label, counts.get(key, 0)) for key, label in BUCKETS])
