"""Progress of a plan (from its items' tallies) and of an org's year (counted live): statuses as a chart
series, overdue work, the on-time rate, budget against spending; and who may read them."""

from typing import Any

from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted
from tests.tasks_assignment_support import (
    ACCEPT,
    CANCEL,
    PAST,
    REPORT,
    SUBMIT,
    YEAR,
    ItemSpec,
    approved_plan,
    assignments,
    tallies_match_live_counts,
)
from tests.tasks_support import TaskTree, task_tree

FIELDS = "byStatus { key label value percent } total overdue acceptedOnTime onTimeRate budgetPlanned spent overspent"
PLAN_PROGRESS = f"query($id: ID!) {{ planProgress(planId: $id) {{ {FIELDS} }} }}"
ORG_PROGRESS = (
    f"query($org: ID!, $year: Int!) {{ organizationProgress(organizationId: $org, year: $year) {{ {FIELDS} }} }}"
)


def _counts(progress: dict[str, Any]) -> dict[str, int]:
    return {p["key"]: p["value"] for p in progress["byStatus"] if p["value"]}


async def _year_of_work(api: Api, tree: TaskTree) -> Any:
    """党课 (1,000 yuan each, due later) and 述职 (500 yuan each, overdue) for both branches: 第一党支部 does
    党课 on time and spends 1,200 yuan on it; 第二党支部 does 述职 late; 第一党支部's 述职 is in progress
    (overdue); the committee cancels 第二党支部's 党课."""
    book = tree.ledger
    plan = await approved_plan(
        tree,
        [
            ItemSpec("党课", [book.branch, book.branch2], budget_fen=100_000),
            ItemSpec("述职", [book.branch, book.branch2], budget_fen=50_000, due_on=PAST),
        ],
    )
    lesson, lesson2, review, review2 = await assignments(build := tree.build, plan)
    branch, committee = tree.token(book.secretary), tree.token(tree.root_secretary)
    branch2 = tree.token(tree.branch2_secretary)

    def ref(a: Any) -> str:
        return gid("Assignment", a.id)

    await accepted(
        api, build, REPORT, {"assignmentId": ref(lesson), "version": 1, "percent": 100, "spent": "1200"}, branch
    )
    await accepted(api, build, SUBMIT, {"assignmentId": ref(lesson), "version": 2}, branch)
    await accepted(api, build, ACCEPT, {"assignmentId": ref(lesson), "version": 3}, committee)
    await accepted(api, build, SUBMIT, {"assignmentId": ref(review2), "version": 1}, branch2)
    await accepted(api, build, ACCEPT, {"assignmentId": ref(review2), "version": 2}, committee)
    await accepted(api, build, REPORT, {"assignmentId": ref(review), "version": 1, "percent": 40}, branch)
    await accepted(api, build, CANCEL, {"assignmentId": ref(lesson2), "version": 1, "reason": "合并开展"}, committee)
    await tallies_match_live_counts(build, plan)
    return plan, review


async def test_a_plans_progress_adds_up_its_items(api: Api, build: Builder, statements: StatementLog) -> None:
    tree = await task_tree(build)
    plan, review = await _year_of_work(api, tree)
    statements.clear()
    progress = (await api.data(PLAN_PROGRESS, {"id": gid("Plan", plan.id)}, tree.token(tree.root_secretary)))[
        "planProgress"
    ]
    assert statements.count == 4  # signing in (2), the plan, one sum over its items
    assert _counts(progress) == {"IN_PROGRESS": 1, "ACCEPTED": 2, "CANCELLED": 1}
    assert [p["percent"] for p in progress["byStatus"]] == [0.0, 25.0, 0.0, 0.0, 50.0, 25.0]
    assert progress["byStatus"][1]["label"] == "进行中"
    # Accepted on time 1 of (2 accepted + 1 overdue); the cancelled 党课 leaves the budget.
    assert (progress["total"], progress["overdue"], progress["acceptedOnTime"], progress["onTimeRate"]) == (
        4,
        1,
        1,
        33.3,
    )
    assert (progress["budgetPlanned"], progress["spent"], progress["overspent"]) == ("2000.00", "1200.00", False)
    # 900 more on 述职 takes the plan over its budget: allowed, flagged.
    more = {"assignmentId": gid("Assignment", review.id), "version": 2, "percent": 60, "spent": "900"}
    await accepted(api, build, REPORT, more, tree.token(tree.ledger.secretary))
    again = (await api.data(PLAN_PROGRESS, {"id": gid("Plan", plan.id)}, tree.token(tree.ledger.org_admin)))[
        "planProgress"
    ]
    assert (again["spent"], again["overspent"]) == ("2100.00", True)
    # The org-wide count, live over the assignments, says the same for the committee's year.
    whole = (
        await api.data(
            ORG_PROGRESS,
            {"org": gid("Organization", tree.ledger.root.id), "year": YEAR},
            tree.token(tree.root_secretary),
        )
    )["organizationProgress"]
    assert whole == again


async def test_an_orgs_year_and_who_may_read_progress(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    plan, _ = await _year_of_work(api, tree)
    mine = (
        await api.data(
            ORG_PROGRESS, {"org": gid("Organization", book.branch.id), "year": YEAR}, tree.token(book.secretary)
        )
    )["organizationProgress"]
    assert _counts(mine) == {"IN_PROGRESS": 1, "ACCEPTED": 1}
    assert (mine["total"], mine["overdue"], mine["acceptedOnTime"], mine["onTimeRate"]) == (2, 1, 1, 50.0)
    assert (mine["budgetPlanned"], mine["spent"], mine["overspent"]) == ("1500.00", "1200.00", False)
    empty = (
        await api.data(
            ORG_PROGRESS, {"org": gid("Organization", book.branch.id), "year": YEAR + 1}, tree.token(book.secretary)
        )
    )["organizationProgress"]
    assert (empty["total"], empty["onTimeRate"], empty["budgetPlanned"]) == (0, None, "0.00")
    for query, variables, who in (
        (PLAN_PROGRESS, {"id": gid("Plan", plan.id)}, book.secretary),  # a branch does not read the committee's plan
        (ORG_PROGRESS, {"org": gid("Organization", book.branch2.id), "year": YEAR}, book.secretary),
        (ORG_PROGRESS, {"org": gid("Organization", book.branch.id), "year": YEAR}, book.member_user),
        (PLAN_PROGRESS, {"id": gid("Plan", plan.id)}, book.outsider),
    ):
        body = await api.post(query, variables, tree.token(who))
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND" and body["data"] is None
