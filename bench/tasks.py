"""A year of party-building tasks over the generated tree, by COPY for the plans and INSERT ... SELECT for
what fans out (issue 6: a plan reaches every branch).

- The company committee's plan for this year, approved: ROOT_ITEMS items, each executed by every living
  branch (about 10,000 at 50,000 orgs: some 2 million org-level assignments), with 2 key steps each.
- Each second-level committee's plan, approved: SUB_ITEMS items for the branches of its subtree.
- Assignments in a realistic mix by date: work due before today mostly accepted (a tenth late), some
  submitted, in progress (overdue), returned or cancelled; work under way mostly in progress; work not
  started yet assigned. Spending near the budget, some over it. A member's parts (2) on every 20th
  org-level assignment when the ledger holds members; one progress report per assignment with progress;
  review rows for every acceptance, return and cancellation; key steps done on finished work.
- The item tallies recomputed in SQL from the assignments after loading, as distribution.recount does.
- Pending approvals: 3 root plans waiting for the root's secretaries, and a plan of every fifth branch
  waiting for its secretary, sent 0 to 20 days ago (some past the 5-working-day alert).
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from time import perf_counter
from typing import Any

from authz.roles import Role
from bench.generate import Dataset, Org
from domain.orgs.models import OrgType
from domain.timeutil import today

ROOT_ITEMS = 200
SUB_ITEMS = 20
ROOT_PENDING = 3
BRANCH_PENDING_EVERY = 5
BUDGET_FEN = 500_000  # 5,000 yuan per branch and item
CATEGORIES = ("JOINT_BUILDING", "THEME_EDUCATION", "FIRST_AGENDA", "ORG_BUILDING", "MEMBER_EDUCATION", "INTEGRITY")


@dataclass
class TaskSet:
    year: int
    today: date
    root_plan: int
    plans: int = 0
    items: int = 0
    assignments: int = 0
    parts: int = 0
    reports: int = 0
    pending: int = 0
    seconds: float = 0.0
    vacuum_seconds: float = 0.0


def _first_grant(data: Dataset, role: Role, org: Org) -> int | None:
    return next(
        (g.user_id for g in data.grants if g.role is role and g.organization_id == org.id and not g.revoked), None
    )


def _item_dates(rng: random.Random, year: int) -> tuple[date, date]:
    start = date(year, 1, 1) + timedelta(days=rng.randrange(240))
    return start, min(start + timedelta(days=rng.randrange(30, 180)), date(year, 12, 31))


def plan_rows(data: Dataset, year: int, rng: random.Random) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """Plans, items, key steps and approval requests (the decided ones of approved plans, the pending)."""
    now, root = datetime.now(UTC), data.orgs[0]
    plans: list[Any] = []
    items: list[Any] = []
    steps: list[Any] = []
    requests: list[Any] = []

    def plan(org: Org, title: str, status: str, count: int, sent_days_ago: int) -> None:
        plan_id = len(plans) + 1
        approved = status == "APPROVED"
        sent = now - timedelta(days=sent_days_ago, hours=rng.randrange(24))
        author = _first_grant(data, Role.ORG_ADMIN, org) or _first_grant(data, Role.ORG_ADMIN, root)
        approved_at = now if approved else None
        plans.append(
            (plan_id, org.id, org.path, year, title, status, int(approved), sent, approved_at, 1, author, now, now)
        )
        for position in range(1, count + 1):
            start, due = _item_dates(rng, year)
            item_id = len(items) + 1
            category = CATEGORIES[item_id % len(CATEGORIES)]
            name = f"{title}任务{position}"
            items.append((item_id, plan_id, position, name, category, start, due, BUDGET_FEN, *TALLIES, now, now))
            span = (due - start).days
            for k in (1, 2):
                steps.append((len(steps) + 1, item_id, k, f"关键节点{k}", start + timedelta(days=span * k // 3)))
        status_of_request = "APPROVED" if approved else "PENDING"
        pending = (None, None, None) if approved else ("SECRETARY", org.id, org.path)
        steps_json = f'[{{"role": "SECRETARY", "levelsUp": 0, "organizationId": {org.id}}}]'
        subject = ("PLAN", plan_id, title, org.id, org.path, steps_json, 0, status_of_request)
        requests.append((len(requests) + 1, *subject, *pending, sent, author, sent, approved_at, 1))

    plan(root, f"{year}年集团党委党建工作计划", "APPROVED", ROOT_ITEMS, 60)
    for org in data.orgs:
        if org.depth == 1 and org.type is OrgType.COMMITTEE:
            plan(org, f"{year}年第{org.id}党委工作计划", "APPROVED", SUB_ITEMS, 50)
    for k in range(ROOT_PENDING):
        plan(root, f"{year}年专项工作计划{k + 1}", "PENDING", 5, rng.randrange(21))
    branches = [o for o in data.orgs if o.type is OrgType.BRANCH and not o.dissolved]
    for branch in branches[::BRANCH_PENDING_EVERY]:
        plan(branch, f"{year}年第{branch.id}党支部工作计划", "PENDING", 0, rng.randrange(21))
    return plans, items, steps, requests


ASSIGN = """
INSERT INTO task_plan_item_executor (item_id, organization_id)
SELECT i.id, o.id FROM task_plan_item i JOIN task_plan p ON p.id = i.plan_id AND p.status = 'APPROVED'
JOIN organization o ON o.path LIKE p.org_path || '%' AND o.type = 'BRANCH' AND o.dissolved_on IS NULL;

INSERT INTO task_assignment (plan_id, item_id, year, organization_id, org_path, title, starts_on, due_on, status,
  percent, budget_fen, spent_fen, submitted_at, accepted_on, return_reason, cancel_reason, version, created_at,
  updated_at)
SELECT plan_id, item_id, year, org_id, path, title, starts_on, due_on, status,
  CASE status WHEN 'ACCEPTED' THEN 100 WHEN 'SUBMITTED' THEN 100 WHEN 'RETURNED' THEN 80
    WHEN 'IN_PROGRESS' THEN 10 + (r2 * 80)::int ELSE 0 END,
  budget_fen,
  CASE status WHEN 'ACCEPTED' THEN (budget_fen * (0.7 + r2 * 0.4))::bigint WHEN 'SUBMITTED' THEN budget_fen * 9 / 10
    WHEN 'IN_PROGRESS' THEN (budget_fen * r2 * 0.8)::bigint WHEN 'RETURNED' THEN budget_fen / 2 ELSE 0 END,
  CASE WHEN status IN ('SUBMITTED', 'ACCEPTED') THEN now() END,
  CASE WHEN status = 'ACCEPTED' THEN CASE WHEN r2 < 0.9 THEN least(due_on - 3, $1::date)
    ELSE least(due_on + 7, $1::date) END END,
  CASE WHEN status = 'RETURNED' THEN '佐证材料不全，请补充' END,
  CASE WHEN status = 'CANCELLED' THEN '计划修订取消该任务' END,
  1, now(), now()
FROM (
  SELECT s.*, CASE
    WHEN starts_on > $1 THEN 'ASSIGNED'
    WHEN due_on < $1 THEN CASE WHEN r < 0.70 THEN 'ACCEPTED' WHEN r < 0.75 THEN 'SUBMITTED'
      WHEN r < 0.85 THEN 'IN_PROGRESS' WHEN r < 0.88 THEN 'RETURNED' WHEN r < 0.90 THEN 'CANCELLED' ELSE 'ASSIGNED' END
    ELSE CASE WHEN r < 0.10 THEN 'ACCEPTED' WHEN r < 0.18 THEN 'SUBMITTED' WHEN r < 0.70 THEN 'IN_PROGRESS'
      WHEN r < 0.73 THEN 'RETURNED' WHEN r < 0.74 THEN 'CANCELLED' ELSE 'ASSIGNED' END
  END AS status
  FROM (
    SELECT i.plan_id, i.id AS item_id, p.year, o.id AS org_id, o.path, i.title, i.starts_on, i.due_on,
      i.budget_fen, random() AS r, random() AS r2
    FROM task_plan_item_executor e JOIN task_plan_item i ON i.id = e.item_id JOIN task_plan p ON p.id = i.plan_id
    JOIN organization o ON o.id = e.organization_id
    ORDER BY o.id, i.id
  ) s
) t;
"""

PARTS = """
INSERT INTO task_assignment (plan_id, item_id, year, organization_id, org_path, parent_id, assignee_member_id,
  title, starts_on, due_on, note, status, percent, budget_fen, spent_fen, accepted_on, version, created_at,
  updated_at)
SELECT a.plan_id, a.item_id, a.year, a.organization_id, a.org_path, a.id, m.member_id, a.title, a.starts_on,
  greatest(a.starts_on, a.due_on - 5), '请按要求完成并上传佐证材料',
  CASE WHEN a.status IN ('ACCEPTED', 'SUBMITTED') THEN 'ACCEPTED' ELSE 'IN_PROGRESS' END,
  CASE WHEN a.status IN ('ACCEPTED', 'SUBMITTED') THEN 100 ELSE 50 END, 0, 0,
  CASE WHEN a.status IN ('ACCEPTED', 'SUBMITTED') THEN least(a.due_on - 5, $1::date) END, 1, now(), now()
FROM task_assignment a
JOIN (
  SELECT organization_id, min(id) AS member_id FROM member WHERE record_state = 'ACTIVE' GROUP BY 1
  UNION ALL
  SELECT organization_id, max(id) FROM member WHERE record_state = 'ACTIVE' GROUP BY 1 HAVING count(*) > 1
) m ON m.organization_id = a.organization_id
WHERE a.parent_id IS NULL AND a.id % 20 = 0 AND a.status <> 'CANCELLED';
"""

HISTORY = """
INSERT INTO task_progress_report (assignment_id, percent, note, spent_fen, evidence, reported_at)
SELECT id, percent, '按计划推进', spent_fen, '[]', now() FROM task_assignment WHERE percent > 0;

INSERT INTO task_assignment_review (assignment_id, outcome, reason, decided_at)
SELECT id, status, coalesce(return_reason, cancel_reason), now() FROM task_assignment
WHERE status IN ('ACCEPTED', 'RETURNED', 'CANCELLED');

INSERT INTO task_assignment_milestone (assignment_id, milestone_id, done_on)
SELECT a.id, m.id, least(m.due_on, $1::date) FROM task_assignment a JOIN task_milestone m ON m.item_id = a.item_id
WHERE a.parent_id IS NULL AND a.status IN ('ACCEPTED', 'SUBMITTED');

UPDATE task_plan_item i SET assigned_count = s.assigned, in_progress_count = s.in_progress,
  submitted_count = s.submitted, returned_count = s.returned, accepted_count = s.accepted,
  cancelled_count = s.cancelled, accepted_on_time_count = s.on_time, spent_fen = s.spent
FROM (
  SELECT item_id, count(*) FILTER (WHERE status = 'ASSIGNED') AS assigned,
    count(*) FILTER (WHERE status = 'IN_PROGRESS') AS in_progress,
    count(*) FILTER (WHERE status = 'SUBMITTED') AS submitted, count(*) FILTER (WHERE status = 'RETURNED') AS returned,
    count(*) FILTER (WHERE status = 'ACCEPTED') AS accepted, count(*) FILTER (WHERE status = 'CANCELLED') AS cancelled,
    count(*) FILTER (WHERE status = 'ACCEPTED' AND accepted_on <= due_on) AS on_time, sum(spent_fen) AS spent
  FROM task_assignment WHERE parent_id IS NULL GROUP BY item_id
) s WHERE s.item_id = i.id;
"""

PLAN_COLUMNS = [
    *("id", "organization_id", "org_path", "year", "title", "status", "revision", "published_at", "approved_at"),
    *("version", "created_by", "created_at", "updated_at"),
]
TALLY_COLUMNS = [
    *("assigned_count", "in_progress_count", "submitted_count", "returned_count", "accepted_count"),
    *("cancelled_count", "accepted_on_time_count", "spent_fen"),
]
TALLIES = (0,) * len(TALLY_COLUMNS)  # recomputed from the assignments once they are in
ITEM_COLUMNS = [
    *("id", "plan_id", "position", "title", "category", "starts_on", "due_on", "budget_fen", *TALLY_COLUMNS),
    *("created_at", "updated_at"),
]
STEP_COLUMNS = ["id", "item_id", "position", "title", "due_on"]
REQUEST_COLUMNS = [
    *("id", "subject_type", "subject_id", "title", "organization_id", "org_path", "steps", "step", "status"),
    *("pending_role", "pending_org_id", "pending_path", "step_started_at", "requested_by", "requested_at"),
    *("decided_at", "version"),
]
TABLES = [
    *("task_plan", "task_plan_item", "task_milestone", "task_plan_item_executor", "task_assignment"),
    *("task_progress_report", "task_assignment_review", "task_assignment_milestone", "approval_request"),
]


async def _statements(conn: Any, script: str, on: date) -> None:
    for statement in (s.strip() for s in script.split(";\n")):
        if statement:
            await conn.execute(statement, *([on] if "$1" in statement else []))


async def load(conn: Any, data: Dataset, *, with_members: bool, seed: int = 606) -> TaskSet:
    start, on = perf_counter(), today()
    rng = random.Random(seed)
    plans, items, steps, requests = plan_rows(data, on.year, rng)
    tasks = TaskSet(year=on.year, today=on, root_plan=1, plans=len(plans), items=len(items))
    async with conn.transaction():
        await conn.execute("SELECT setseed(0.606)")
        for table, rows, columns in (
            ("task_plan", plans, PLAN_COLUMNS),
            ("task_plan_item", items, ITEM_COLUMNS),
            ("task_milestone", steps, STEP_COLUMNS),
        ):
            await conn.copy_records_to_table(table, records=rows, columns=columns)
        await conn.executemany(
            f"INSERT INTO approval_request ({', '.join(REQUEST_COLUMNS)}) VALUES "
            f"({', '.join(f'${i}' for i in range(1, len(REQUEST_COLUMNS) + 1))})",
            requests,
        )
        await _statements(conn, ASSIGN, on)
        if with_members:
            await _statements(conn, PARTS, on)
        await _statements(conn, HISTORY, on)
        for table in TABLES:
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    tasks.assignments = await conn.fetchval("SELECT count(*) FROM task_assignment WHERE parent_id IS NULL")
    tasks.parts = await conn.fetchval("SELECT count(*) FROM task_assignment WHERE parent_id IS NOT NULL")
    tasks.reports = await conn.fetchval("SELECT count(*) FROM task_progress_report")
    tasks.pending = sum(1 for r in requests if r[8] == "PENDING")
    tasks.seconds = perf_counter() - start
    await conn.execute(f"VACUUM (ANALYZE) {', '.join(TABLES)}")
    tasks.vacuum_seconds = perf_counter() - start - tasks.seconds
    return tasks
