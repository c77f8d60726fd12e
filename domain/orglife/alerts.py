"""All organization-life alerts of a subtree in one list (issue 5, item 5): re-elections, required
meetings, study topics and members without organization life, most severe first.

Each kind is computed by its own area module; this only gathers them, so a screen (and later the control
center) asks once. `kinds` limits the work to the kinds asked for: members without organization life read
the attendance of the whole subtree, which a screen about meetings need not pay for.
"""

from collections.abc import Awaitable, Callable, Collection
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from domain.alerts import Alert
from domain.orglife.compliance_alerts import (
    MEETING_DUE_SOON,
    MEETING_MISSING,
    MEMBER_NO_ORG_LIFE,
    inactive_member_alerts,
    meeting_alerts,
)
from domain.orglife.rules import OrgLifeRules
from domain.orglife.study_alerts import DUE_SOON as STUDY_TOPIC_DUE_SOON
from domain.orglife.study_alerts import OVERDUE as STUDY_TOPIC_OVERDUE
from domain.orglife.study_alerts import study_alerts
from domain.orglife.term_reads import KIND as REELECTION_DUE
from domain.orglife.term_reads import reelection_alerts

Source = Callable[..., Awaitable[list[Alert]]]
SOURCES: tuple[tuple[frozenset[str], Source], ...] = (
    (frozenset({REELECTION_DUE}), reelection_alerts),
    (frozenset({MEETING_MISSING, MEETING_DUE_SOON}), meeting_alerts),
    (frozenset({STUDY_TOPIC_OVERDUE, STUDY_TOPIC_DUE_SOON}), study_alerts),
    (frozenset({MEMBER_NO_ORG_LIFE}), inactive_member_alerts),
)
KINDS = frozenset().union(*(kinds for kinds, _ in SOURCES))


async def org_life_alerts(
    session: AsyncSession,
    *,
    actor: Actor,
    under_path: str,
    rules: OrgLifeRules,
    today: date,
    kinds: Collection[str] | None = None,
) -> list[Alert]:
    found: list[Alert] = []
    for own, source in SOURCES:
        if kinds is None or own & set(kinds):
            alerts = await source(session, actor=actor, under_path=under_path, rules=rules, today=today)
            found += [a for a in alerts if kinds is None or a.kind in kinds]
    return sorted(found, key=Alert.sort_key)
