"""Party-building tasks through GraphQL, each next to its floor: `workPlan` of a branch by its secretary,
`planProgress` of the company plan by a root secretary, `myTodos` of a branch secretary and of a root
secretary.

The floor is the least SQL that fetches the same facts, straight to asyncpg, without the token and grant
look-ups the app also makes: for the work plan, the org's assignments of the year with their parts and the
parts' members (one statement); for progress, one sum over the plan's item tallies; for to-dos, the first
page of each list and the four counts. Paths are digits and slashes, rendered into the SQL as the app does.
"""

import random
from dataclasses import dataclass
from datetime import date

from api.ids import to_global_id
from bench.generate import Dataset, Org
from bench.measure import Sample, Statement
from bench.orglife_cases import LifeCase
from bench.orglife_measure import LifeHarness
from bench.tasks import TaskSet

PAGE = 20
WORK_PLAN = """query WorkPlan($org: ID!) {
  workPlan(organizationId: $org, year: %d) {
    id title status percent startsOn dueOn budget spent overspent
    parts { id title status dueOn assignee { name } }
  }
}"""
PLAN_PROGRESS = """query Progress($plan: ID!) {
  planProgress(planId: $plan) {
    total overdue acceptedOnTime onTimeRate budgetPlanned spent overspent byStatus { key value percent }
  }
}"""
MY_TODOS = f"""query Todos {{
  myTodos {{
    counts {{ approvals assignments returned toReview }}
    approvals(first: {PAGE}) {{ nodes {{ id title requestedAt }} pageInfo {{ hasNextPage endCursor }} }}
    assignments(first: {PAGE}) {{ nodes {{ id title status dueOn }} pageInfo {{ hasNextPage endCursor }} }}
    toReview(first: {PAGE}) {{ nodes {{ id title status dueOn }} pageInfo {{ hasNextPage endCursor }} }}
  }}
}}"""
EXPLAIN_MARKERS = ("task_assignment", "task_plan_item", "approval_request")
OPEN = "('ASSIGNED', 'IN_PROGRESS', 'RETURNED')"


@dataclass(frozen=True)
class TaskCase(LifeCase):
    pass


def work_plan_floor(org_id: int, year: int) -> tuple[Statement, ...]:
    return (
        (
            "SELECT a.id, a.parent_id, a.title, a.status, a.percent, a.starts_on, a.due_on, a.budget_fen, a.spent_fen,"
            " m.name FROM task_assignment a LEFT JOIN member m ON m.id = a.assignee_member_id"
            " WHERE a.organization_id = $1 AND a.year = $2 ORDER BY a.due_on, a.id",
            (org_id, year),
        ),
    )


def progress_floor(plan_id: int, today: date) -> tuple[Statement, ...]:
    unfinished = "assigned_count + in_progress_count + submitted_count + returned_count"
    counts = "assigned_count + in_progress_count + submitted_count + returned_count + accepted_count + cancelled_count"
    return (
        (
            "SELECT sum(assigned_count), sum(in_progress_count), sum(submitted_count), sum(returned_count),"
            f" sum(accepted_count), sum(cancelled_count), sum({counts}),"
            f" sum({unfinished}) FILTER (WHERE due_on < $2), sum(accepted_on_time_count),"
            " sum(budget_fen * (" + counts + " - cancelled_count)), sum(spent_fen)"
            " FROM task_plan_item WHERE plan_id = $1 AND cancelled_at IS NULL",
            (plan_id, today),
        ),
    )


def todos_floor(user_id: int, org: Org) -> tuple[Statement, ...]:
    """What waits for a secretary granted at `org` (subtree): approvals pending for a SECRETARY in the
    subtree not sent by them; the org's open work; submitted work of the org's plans and parts."""
    approvals = (
        "FROM approval_request WHERE status = 'PENDING' AND pending_role = 'SECRETARY'"
        f" AND pending_path LIKE '{org.path}%' AND requested_by <> $1"
    )
    work = f"FROM task_assignment WHERE organization_id = {org.id} AND parent_id IS NULL AND status IN {OPEN}"
    returned = f"FROM task_assignment WHERE organization_id = {org.id} AND parent_id IS NULL AND status = 'RETURNED'"
    review = (
        "FROM task_assignment WHERE status = 'SUBMITTED' AND ((parent_id IS NULL AND plan_id IN"
        f" (SELECT id FROM task_plan WHERE organization_id = {org.id}))"
        f" OR (parent_id IS NOT NULL AND organization_id = {org.id}))"
    )
    page = f"ORDER BY due_on, id LIMIT {PAGE + 1}"
    return (
        (f"SELECT id, title, requested_at {approvals} ORDER BY id LIMIT {PAGE + 1}", (user_id,)),
        (f"SELECT id, title, status, due_on {work} {page}", ()),
        (f"SELECT id, title, status, due_on {review} {page}", ()),
        (
            f"SELECT (SELECT count(*) {approvals}), (SELECT count(*) {work}), (SELECT count(*) {returned}),"
            f" (SELECT count(*) {review})",
            (user_id,),
        ),
    )


def build_task_cases(data: Dataset, tasks: TaskSet, per_case: int, seed: int = 17) -> list[TaskCase]:
    rng = random.Random(seed)
    root = data.orgs[0]
    branches = rng.sample(data.branch_secretaries, min(per_case, len(data.branch_secretaries)))
    roots = [(user, root) for user in data.root_secretaries]
    plan = to_global_id("Plan", tasks.root_plan)
    return [
        TaskCase(
            "workPlan of own branch, branch secretary",
            WORK_PLAN % tasks.year,
            "workPlan",
            [Sample(user, {"org": to_global_id("Organization", org.id)}) for user, org in branches],
            floors=tuple(work_plan_floor(org.id, tasks.year) for _, org in branches),
        ),
        TaskCase(
            "planProgress of the company plan, root secretary",
            PLAN_PROGRESS,
            "planProgress",
            [Sample(user, {"plan": plan}) for user, _ in roots],
            floors=tuple(progress_floor(tasks.root_plan, tasks.today) for _ in roots),
        ),
        TaskCase(
            "myTodos, branch secretary",
            MY_TODOS,
            "myTodos",
            [Sample(user, {}) for user, _ in branches],
            floors=tuple(todos_floor(user, org) for user, org in branches),
        ),
        TaskCase(
            "myTodos, root secretary",
            MY_TODOS,
            "myTodos",
            [Sample(user, {}) for user, _ in roots],
            floors=tuple(todos_floor(user, org) for user, org in roots),
        ),
    ]


class TaskHarness(LifeHarness):
    markers = EXPLAIN_MARKERS

    async def answer_size(self, case: LifeCase) -> int:
        """Rows the answer is about: the work plan's assignments, the plan's assignments, the to-dos."""
        sample = case.samples[0]
        headers = {"authorization": f"Bearer {self.tokens[sample.user_id]}"}
        body = await self.client.post(
            "/graphql", json={"query": case.query, "variables": sample.variables}, headers=headers
        )
        found = body.json()["data"][case.field]
        if case.field == "workPlan":
            return len(found) + sum(len(a["parts"]) for a in found)
        if case.field == "planProgress":
            return int(found["total"])
        return sum(int(v) for v in found["counts"].values())
