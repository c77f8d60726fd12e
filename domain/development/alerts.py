"""Development alerts (DOMAIN.md, Member development; issue 4): what is due for each open file, and how urgent.

Each open file has at most one deadline at a time, by its stage:
- APPLICANT, not yet talked to: the talk (step 2) is due a month after the application; YELLOW during that
  month, RED after it.
- ACTIVIST: a review (step 6) is due every 6 months from designation or the last review; YELLOW within the
  review window before it, RED after it.
- TARGET, voted in by the branch (step 15) but not approved (17): RED past the approval limit, else GREEN.
- PROBATIONARY: the conversion decision is due when probation ends; YELLOW from the conversion window
  before, RED once the end date has passed without a decision (on the end date itself it is still due,
  not late: conversion may be approved that day).
The computation takes `today` as a parameter and reads no clock.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.alerts import Alert, AlertLevel
from domain.development import reads
from domain.development.enums import STEP_LABELS, DevelopmentStage, DevelopmentStep
from domain.development.rules import DevelopmentRules, probation_ends_on
from domain.timeutil import add_months
from domain.tree import in_subtree

S = DevelopmentStep
KINDS = {
    S.APPLICANT_TALK: "DEVELOPMENT_TALK_DUE",
    S.ACTIVIST_REVIEW: "DEVELOPMENT_REVIEW_DUE",
    S.ADMISSION_APPROVAL: "DEVELOPMENT_APPROVAL_OVERDUE",
    S.CONVERSION_APPROVAL: "DEVELOPMENT_CONVERSION_DUE",
}
OPEN = (DevelopmentStage.APPLICANT, DevelopmentStage.ACTIVIST, DevelopmentStage.TARGET, DevelopmentStage.PROBATIONARY)
_DATES = (S.APPLICANT_TALK, S.ACTIVIST_DESIGNATION, S.ACTIVIST_REVIEW, S.ADMISSION_VOTE, S.ADMISSION_APPROVAL)


@dataclass(frozen=True)
class FileFacts:
    """What the alerts need to know of one file: its stage and the dates of some steps (None: not recorded)."""

    file_id: int
    org_id: int
    name: str
    stage: DevelopmentStage
    applied_on: date
    talk_on: date | None = None
    activist_on: date | None = None
    last_review_on: date | None = None
    meeting_on: date | None = None
    approved_on: date | None = None
    extension_months: int | None = None


def _level(today: date, due: date, yellow_days: int | None) -> AlertLevel:
    """RED after the due date; YELLOW within `yellow_days` before it (None: from the start); else GREEN."""
    if today > due:
        return AlertLevel.RED
    if yellow_days is None or today >= due - timedelta(days=yellow_days):
        return AlertLevel.YELLOW
    return AlertLevel.GREEN


def due_for(facts: FileFacts, rules: DevelopmentRules) -> tuple[DevelopmentStep, date, int | None] | None:
    """The step due next, its due date and its yellow window in days (None: yellow all along)."""
    if facts.stage == DevelopmentStage.APPLICANT and facts.talk_on is None:
        return S.APPLICANT_TALK, add_months(facts.applied_on, rules.talk_within_months), None
    if facts.stage == DevelopmentStage.ACTIVIST and facts.activist_on is not None:
        anchor = max(facts.activist_on, facts.last_review_on or facts.activist_on)
        return S.ACTIVIST_REVIEW, add_months(anchor, rules.review_every_months), rules.review_alert_days
    if facts.stage == DevelopmentStage.TARGET and facts.meeting_on is not None and facts.approved_on is None:
        return S.ADMISSION_APPROVAL, add_months(facts.meeting_on, rules.approval_max_months), 0
    if facts.stage == DevelopmentStage.PROBATIONARY and facts.meeting_on is not None:
        ends = probation_ends_on(facts.meeting_on, facts.extension_months, rules)
        return S.CONVERSION_APPROVAL, ends, rules.conversion_alert_days
    return None


def alert_for(facts: FileFacts, rules: DevelopmentRules, today: date) -> Alert | None:
    due = due_for(facts, rules)
    if due is None:
        return None
    step, due_on, window = due
    level = _level(today, due_on, window)
    if step is S.ADMISSION_APPROVAL and level is AlertLevel.YELLOW:
        level = AlertLevel.GREEN  # approval has no yellow stage: it is on track until it is overdue
    return Alert(
        level=level,
        kind=KINDS[step],
        title=f"{facts.name}：{STEP_LABELS[step]}，应于 {due_on.isoformat()} 前完成",
        due_on=due_on,
        org_id=facts.org_id,
        subject_type="DevelopmentFile",
        subject_id=facts.file_id,
    )


def _facts_statement(actor: Actor, under_path: str) -> Any:
    files, steps = reads.F, reads.STEPS
    dated = [func.max(case((steps.step == step, steps.done_on))).label(step.lower()) for step in _DATES]
    keys = (files.id, files.organization_id, files.name, files.stage, files.applied_on, files.extension_months)
    return (
        select(*keys, *dated)
        .select_from(reads.TABLE.outerjoin(steps.file_id.table, steps.file_id == files.id))
        .where(
            AUTHORIZER.path_filter(actor, files.org_path, Resource.DEVELOPMENT, Action.READ),
            in_subtree(files.org_path, under_path),
            files.stage.in_([str(stage) for stage in OPEN]),
        )
        .group_by(*keys)
    )


async def development_alerts(
    session: AsyncSession, *, actor: Actor, under_path: str, rules: DevelopmentRules, today: date
) -> Sequence[Alert]:
    """Every alert of the open files under `under_path` that the actor may read, most severe first.

    One statement gathers the facts; the levels are computed here, since the due dates depend on the
    configurable rules (calendar months) that SQL on both databases cannot add alike. Open files are few
    next to members; a subtree with very many would keep due dates on the file instead.
    """
    found = []
    for row in await session.execute(_facts_statement(actor, under_path)):
        facts = FileFacts(
            file_id=row.id,
            org_id=row.organization_id,
            name=row.name,
            stage=DevelopmentStage(row.stage),
            applied_on=row.applied_on,
            talk_on=row.applicant_talk,
            activist_on=row.activist_designation,
            last_review_on=row.activist_review,
            meeting_on=row.admission_vote,
            approved_on=row.admission_approval,
            extension_months=row.extension_months,
        )
        alert = alert_for(facts, rules, today)
        if alert is not None:
            found.append(alert)
    return sorted(found, key=Alert.sort_key)
