"""Study-topic alerts (issue 5): an org expected to study a topic with a deadline and has not yet.

RED once the deadline has passed (today > due_on); YELLOW from `study_alert_days` before it to the deadline
itself, both inclusive (on the due date it can still be studied in time); nothing earlier. A topic studied
late clears its alert: the record shows the date, the alert is about what is still missing.

Only deadlines no older than ALERT_HORIZON_DAYS are alerted: a topic left unstudied for over a year is a
matter for the coverage report, not a standing red light, and the window keeps the work bounded. The
computation takes `today` as a parameter and reads no clock; it costs one statement.
"""

from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from domain.alerts import Alert, AlertLevel
from domain.orglife import study_reads
from domain.orglife.rules import OrgLifeRules
from domain.orglife.study_coverage import ORG_TABLE, ORGS, STUDIES, TOPICS, expected_orgs

ALERT_HORIZON_DAYS = 365
OVERDUE = "STUDY_TOPIC_OVERDUE"
DUE_SOON = "STUDY_TOPIC_DUE_SOON"


def alert_level(due_on: date, today: date, alert_days: int) -> AlertLevel | None:
    """RED after the deadline, YELLOW within `alert_days` before it (inclusive), else no alert."""
    if today > due_on:
        return AlertLevel.RED
    if today >= due_on - timedelta(days=alert_days):
        return AlertLevel.YELLOW
    return None


def alert_for(*, org_id: int, org_name: str, topic_id: int, title: str, due_on: date, level: AlertLevel) -> Alert:
    if level is AlertLevel.RED:
        text = f"{org_name}：第一议题“{title}”已超过期限 {due_on.isoformat()} 仍未学习"
    else:
        text = f"{org_name}：第一议题“{title}”尚未学习，应于 {due_on.isoformat()} 前完成"
    return Alert(
        level=level,
        kind=OVERDUE if level is AlertLevel.RED else DUE_SOON,
        title=text,
        due_on=due_on,
        org_id=org_id,
        subject_type="StudyTopic",
        subject_id=topic_id,
    )


async def study_alerts(
    session: AsyncSession, *, actor: Actor, under_path: str, rules: OrgLifeRules, today: date
) -> list[Alert]:
    """For every expected org under `under_path` (in the actor's scope) and every topic reaching it whose
    deadline is in the alert window and which it has not studied: one alert, most severe first.

    One statement pairs the topics in the window with the expected orgs of their subtrees and keeps the
    pairs without a study (an anti-join on the (org, topic) index): only the alerts cross the wire, not the
    studies, which for a whole tree run to hundreds of thousands of rows.
    """
    unstudied = ~exists().where(STUDIES.organization_id == ORGS.id, STUDIES.topic_id == TOPICS.id)
    statement = (
        select(ORGS.id, ORGS.name, TOPICS.id.label("topic_id"), TOPICS.title, TOPICS.due_on)
        .select_from(ORG_TABLE.join(study_reads.TOPIC_TABLE, ORGS.path.like(TOPICS.issuer_path + "%")))
        .where(
            *expected_orgs(actor, under_path),
            study_reads.topic_visible(actor),
            study_reads.reaching_or_inside(under_path),
            TOPICS.due_on >= today - timedelta(days=ALERT_HORIZON_DAYS),
            TOPICS.due_on <= today + timedelta(days=rules.study_alert_days),
            unstudied,
        )
    )
    found = []
    for row in await session.execute(statement):
        level = alert_level(row.due_on, today, rules.study_alert_days)
        if level is not None:
            found.append(
                alert_for(
                    org_id=row.id,
                    org_name=row.name,
                    topic_id=row.topic_id,
                    title=row.title,
                    due_on=row.due_on,
                    level=level,
                )
            )
    return sorted(found, key=Alert.sort_key)
