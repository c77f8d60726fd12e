"""Task alerts of a subtree (issue 6), most severe and earliest first:

- TASK_OVERDUE, red: an assignment or a member's part past its due date and not accepted or cancelled
  (a submitted one still counts: it is not done until accepted).
- MILESTONE_MISSED, red: a key step of an item past its date, with the org-level assignment unfinished
  and the step not reported done. One alert per assignment and date (steps due the same day together).
- TASK_AT_RISK, yellow: open work (assigned, in progress, returned) not yet overdue, with
  at_risk_elapsed_percent of its time gone and progress under at_risk_progress_percent.
- APPROVAL_WAITING, yellow: a pending approval whose current step has waited more than
  approval_wait_working_days working days; its due date is the last day of the allowed wait.

Each kind is one SQL source, ordered and limited after the cursor (alert_reads); the page merges the
sources' heads. `today` is a parameter: nothing here reads a clock.
"""

import heapq
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, literal, not_, select
from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain.alerts import Alert, AlertLevel
from domain.approvals.enums import ApprovalStatus
from domain.approvals.models import ApprovalRequest
from domain.members.models import Member
from domain.orgs.models import Organization
from domain.tasks.alert_reads import Cursor, after_cursor, date_clauses, day_number, wait_anchor, wait_clauses
from domain.tasks.enums import OPEN, UNFINISHED, TaskAlertKind
from domain.tasks.models import Assignment, AssignmentMilestone, PlanMilestone
from domain.tasks.task_rules import TaskRules, latest_waiting_anchor, wait_deadline
from domain.tree import in_subtree

TABLES: dict[str, Any] = {
    m.__name__: m.__table__  # type: ignore[union-attr]
    for m in (Assignment, Organization, Member, PlanMilestone, AssignmentMilestone, ApprovalRequest)
}
A, ORG, MEMBER = TABLES["Assignment"].c, TABLES["Organization"].c, TABLES["Member"].c
STEP, DONE, REQ = TABLES["PlanMilestone"].c, TABLES["AssignmentMilestone"].c, TABLES["ApprovalRequest"].c
K = TaskAlertKind
LEVELS = {
    K.TASK_OVERDUE: AlertLevel.RED,
    K.MILESTONE_MISSED: AlertLevel.RED,
    K.TASK_AT_RISK: AlertLevel.YELLOW,
    K.APPROVAL_WAITING: AlertLevel.YELLOW,
}


@dataclass(frozen=True)
class Query:
    actor: Actor
    under_path: str
    rules: TaskRules
    today: date


def _assignments(q: Query) -> list[Any]:
    return [
        in_subtree(A.org_path, q.under_path),
        AUTHORIZER.path_filter(q.actor, A.org_path, Resource.TASK, Action.READ),
    ]


def _overdue(q: Query) -> Select[Any]:
    return (
        select(
            A.id, A.organization_id, A.title, A.due_on, A.parent_id, ORG.name.label("org"), MEMBER.name.label("member")
        )
        .join(TABLES["Organization"], ORG.id == A.organization_id)
        .outerjoin(TABLES["Member"], MEMBER.id == A.assignee_member_id)
        .where(*_assignments(q), A.status.in_(UNFINISHED), A.due_on < q.today)
    )


def _at_risk(q: Query) -> Select[Any]:
    elapsed = q.rules.at_risk_elapsed_percent
    # 100 * (today - start) >= elapsed * (due - start), rearranged so the columns stand alone (task_rules).
    enough_time_gone = elapsed * day_number(A.due_on) + (100 - elapsed) * day_number(A.starts_on) <= 100 * day_number(
        literal(q.today)
    )
    return (
        select(
            A.id,
            A.organization_id,
            A.title,
            A.due_on,
            A.parent_id,
            A.percent,
            ORG.name.label("org"),
            MEMBER.name.label("member"),
        )
        .join(TABLES["Organization"], ORG.id == A.organization_id)
        .outerjoin(TABLES["Member"], MEMBER.id == A.assignee_member_id)
        .where(
            *_assignments(q),
            A.status.in_(OPEN),
            A.due_on >= q.today,
            A.starts_on <= q.today,
            A.percent < q.rules.at_risk_progress_percent,
            enough_time_gone,
        )
    )


def _missed(q: Query) -> Select[Any]:
    done = select(DONE.id).where(DONE.assignment_id == A.id, DONE.milestone_id == STEP.id).exists()
    return (
        select(
            A.id,
            A.organization_id,
            A.title,
            STEP.due_on,
            ORG.name.label("org"),
            func.min(STEP.title).label("step"),
            func.count(STEP.id).label("steps"),
        )
        .join(TABLES["PlanMilestone"], STEP.item_id == A.item_id)
        .join(TABLES["Organization"], ORG.id == A.organization_id)
        .where(*_assignments(q), A.parent_id.is_(None), A.status.in_(UNFINISHED), STEP.due_on < q.today, not_(done))
        .group_by(A.id, A.organization_id, A.title, STEP.due_on, ORG.name)
    )


def _waiting(q: Query) -> Select[Any]:
    return (
        select(
            REQ.id,
            REQ.organization_id,
            REQ.title,
            REQ.step_started_at,
            wait_anchor(REQ.step_started_at).label("anchor"),
            ORG.name.label("org"),
        )
        .join(TABLES["Organization"], ORG.id == REQ.organization_id)
        .where(
            in_subtree(REQ.org_path, q.under_path),
            AUTHORIZER.path_filter(q.actor, REQ.org_path, Resource.TASK, Action.READ),
            REQ.status == ApprovalStatus.PENDING,
            wait_anchor(REQ.step_started_at) <= latest_waiting_anchor(q.today, q.rules.approval_wait_working_days),
        )
    )


def _who(row: Any) -> str:
    return f"{row.org}·{row.member}" if row.parent_id is not None else row.org


def _overdue_alert(row: Any, q: Query) -> Alert:
    title = f"{_who(row)}：任务“{row.title}”已超过完成期限 {row.due_on.isoformat()} 仍未完成"
    return Alert(AlertLevel.RED, K.TASK_OVERDUE, title, row.due_on, row.organization_id, "Assignment", row.id)


def _at_risk_alert(row: Any, q: Query) -> Alert:
    title = f"{_who(row)}：任务“{row.title}”时间已过大半，进度仅 {row.percent}%（期限 {row.due_on.isoformat()}）"
    return Alert(AlertLevel.YELLOW, K.TASK_AT_RISK, title, row.due_on, row.organization_id, "Assignment", row.id)


def _missed_alert(row: Any, q: Query) -> Alert:
    more = f"等 {row.steps} 个关键节点" if row.steps > 1 else "关键节点"
    title = f"{row.org}：任务“{row.title}”的“{row.step}”{more}已过期限 {row.due_on.isoformat()} 仍未完成"
    return Alert(AlertLevel.RED, K.MILESTONE_MISSED, title, row.due_on, row.organization_id, "Assignment", row.id)


def _waiting_alert(row: Any, q: Query) -> Alert:
    days = q.rules.approval_wait_working_days
    due = wait_deadline(row.anchor, days)
    title = f"{row.org}：“{row.title}”的审批已等待超过 {days} 个工作日（{due.isoformat()} 前应办结）"
    return Alert(AlertLevel.YELLOW, K.APPROVAL_WAITING, title, due, row.organization_id, "Approval", row.id)


def _order(kind: K, q: Query) -> tuple[dict[str, Any], Any, Any, list[Any]]:
    """Per source: its due-date clauses, org and subject columns, and ORDER BY."""
    if kind is K.APPROVAL_WAITING:
        anchor = wait_anchor(REQ.step_started_at)
        return wait_clauses(anchor, q.rules.approval_wait_working_days), REQ.organization_id, REQ.id, [anchor]
    due = STEP.due_on if kind is K.MILESTONE_MISSED else A.due_on
    return date_clauses(due), A.organization_id, A.id, [due]


SOURCES = {
    K.TASK_OVERDUE: (_overdue, _overdue_alert),
    K.MILESTONE_MISSED: (_missed, _missed_alert),
    K.TASK_AT_RISK: (_at_risk, _at_risk_alert),
    K.APPROVAL_WAITING: (_waiting, _waiting_alert),
}


def kinds_asked(level: AlertLevel | None, kind: K | None) -> list[K]:
    return [k for k in SOURCES if (kind is None or k is kind) and (level is None or LEVELS[k] is level)]


async def alert_page(
    session: AsyncSession, *, q: Query, kinds: list[K], cursor: Cursor | None, limit: int
) -> list[Alert]:
    """Up to `limit` alerts after the cursor, in Alert.sort_key order: `limit` from each source at most,
    merged. One statement per source asked for."""
    heads = []
    for kind in kinds:
        build, make = SOURCES[kind]
        clauses, org, subject, order = _order(kind, q)
        later = after_cursor(cursor, level=LEVELS[kind], kind=kind, org=org, subject=subject, **clauses)
        statement = build(q).where(later).order_by(*order, org, subject).limit(limit)
        heads.append([make(row, q) for row in await session.execute(statement)])
    return list(heapq.merge(*heads, key=Alert.sort_key))[:limit]


async def alert_count(session: AsyncSession, *, q: Query, kinds: list[K]) -> int:
    """All the sources' counts in one statement."""
    if not kinds:
        return 0
    counts = [select(func.count()).select_from(SOURCES[kind][0](q).subquery()).scalar_subquery() for kind in kinds]
    total: Any = counts[0]
    for count in counts[1:]:
        total = total + count
    return int((await session.execute(select(total))).scalar_one())
