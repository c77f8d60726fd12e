"""A plan's life: published into approval, returned and edited again, approved (its items distributed),
revised and approved again; and who sees it."""

from typing import Any

from domain.tasks.models import Assignment
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted, refused
from tests.tasks_plans_support import ADD_ITEMS, PUBLISH, REMOVE_ITEM, REVISE, UPDATE_ITEM, draft, item_input
from tests.tasks_support import TaskTree, task_tree

DECIDE = """mutation($input: DecideApprovalInput!) {
  decideApproval(input: $input) { approval { status } errors { field message code } }
}"""
PLAN = "query($id: ID!) { plan(id: $id) { id status revision version items { id title } } }"


async def _decide(api: Api, tree: TaskTree, approval_id: str, decision: str, comment: str | None = None) -> None:
    values = {"approvalId": approval_id, "decision": decision, "comment": comment}
    await accepted(api, tree.build, DECIDE, values, tree.token(tree.root_secretary))


async def _with_item(api: Api, tree: TaskTree) -> dict[str, Any]:
    year = today().year
    plan = await draft(api, tree, year)
    both = [gid("Organization", tree.ledger.branch.id), gid("Organization", tree.ledger.branch2.id)]
    values = {"planId": plan["id"], "version": 1, "items": [item_input(tree, year, executingOrganizationIds=both)]}
    payload = await accepted(api, tree.build, ADD_ITEMS, values, tree.token(tree.ledger.org_admin))
    result: dict[str, Any] = payload["plan"]
    return result


async def test_publish_return_edit_approve_revise(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    token, year = tree.token(tree.ledger.org_admin), today().year
    plan = await _with_item(api, tree)
    empty = await draft(api, tree, year, title="空计划")
    await refused(
        api, build, PUBLISH, {"planId": empty["id"], "version": 1}, token, code="PLAN_EMPTY", field=None, rows=tree.rows
    )
    sent = (await accepted(api, build, PUBLISH, {"planId": plan["id"], "version": 2}, token))["plan"]
    assert (sent["status"], sent["version"]) == ("PENDING", 3) and sent["publishedAt"]
    assert [(a["status"], a["title"]) for a in sent["approvals"]] == [("PENDING", "集团党委年度工作计划")]

    # Waiting for approval: nothing can change it, and it cannot be revised.
    more = {"planId": plan["id"], "version": 3, "items": [item_input(tree, year)]}
    for query, values, code in (
        (ADD_ITEMS, more, "PLAN_NOT_DRAFT"),
        (PUBLISH, {"planId": plan["id"], "version": 3}, "PLAN_NOT_DRAFT"),
        (REVISE, {"planId": plan["id"], "version": 3}, "INVALID_TRANSITION"),
        (REMOVE_ITEM, {"itemId": plan["items"][0]["id"], "version": 3}, "PLAN_NOT_DRAFT"),
    ):
        await refused(api, build, query, values, token, code=code, field=None, rows=tree.rows)

    # Returned: a draft again, editable, sent again as a new request.
    await _decide(api, tree, sent["approvals"][0]["id"], "RETURN", "请补充预算依据")
    back = (await api.data(PLAN, {"id": plan["id"]}, token))["plan"]
    assert (back["status"], back["version"]) == ("DRAFT", 4)
    edited = await accepted(api, build, ADD_ITEMS, {**more, "version": 4}, token)
    assert len(edited["plan"]["items"]) == 2
    again = (await accepted(api, build, PUBLISH, {"planId": plan["id"], "version": 5}, token))["plan"]
    assert [a["status"] for a in again["approvals"]] == ["RETURNED", "PENDING"]

    # Approved: in force, its items distributed to their executing orgs.
    await _decide(api, tree, again["approvals"][1]["id"], "APPROVE")
    approved = (await api.data(PLAN, {"id": plan["id"]}, token))["plan"]
    assert (approved["status"], approved["revision"], approved["version"]) == ("APPROVED", 1, 7)
    assert await build.count(Assignment) == 3
    await refused(
        api,
        build,
        REMOVE_ITEM,
        {"itemId": plan["items"][0]["id"], "version": 7},
        token,
        code="PLAN_NOT_DRAFT",
        field=None,
        rows=tree.rows,
    )

    # A revision: editable again; an item is cancelled with a reason, not deleted.
    revising = (await accepted(api, build, REVISE, {"planId": plan["id"], "version": 7}, token))["plan"]
    assert (revising["status"], revising["version"]) == ("REVISING", 8)
    dropped = edited["plan"]["items"][1]["id"]
    await refused(
        api,
        build,
        REMOVE_ITEM,
        {"itemId": dropped, "version": 8},
        token,
        code="REASON_REQUIRED",
        field=["reason"],
        rows=tree.rows,
    )
    cancelled = await accepted(
        api, build, REMOVE_ITEM, {"itemId": dropped, "version": 8, "reason": "并入其他任务"}, token
    )
    assert [i["title"] for i in cancelled["plan"]["items"]] == ["建设党员活动室"]
    await refused(
        api,
        build,
        UPDATE_ITEM,
        {"itemId": dropped, "version": 9, "item": item_input(tree, year)},
        token,
        code="INVALID_TRANSITION",
        field=["itemId"],
        rows=tree.rows,
    )
    every = await api.data(
        "query($id: ID!) { plan(id: $id) { items(includeCancelled: true) { title cancelReason } } }",
        {"id": plan["id"]},
        token,
    )
    assert every["plan"]["items"][1] == {"title": "建设党员活动室", "cancelReason": "并入其他任务"}
    third = (await accepted(api, build, PUBLISH, {"planId": plan["id"], "version": 9}, token))["plan"]
    await _decide(api, tree, third["approvals"][2]["id"], "APPROVE")
    final = (await api.data(PLAN, {"id": plan["id"]}, token))["plan"]
    assert (final["status"], final["revision"]) == ("APPROVED", 2)


async def test_a_returned_revision_stays_a_revision(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    token = tree.token(tree.ledger.org_admin)
    plan = await _with_item(api, tree)
    sent = (await accepted(api, build, PUBLISH, {"planId": plan["id"], "version": 2}, token))["plan"]
    await _decide(api, tree, sent["approvals"][0]["id"], "APPROVE")
    await accepted(api, build, REVISE, {"planId": plan["id"], "version": 4}, token)
    again = (await accepted(api, build, PUBLISH, {"planId": plan["id"], "version": 5}, token))["plan"]
    await _decide(api, tree, again["approvals"][1]["id"], "RETURN", "不同意")
    back = (await api.data(PLAN, {"id": plan["id"]}, token))["plan"]
    assert (back["status"], back["revision"]) == ("REVISING", 1)


async def test_a_branch_sees_the_items_it_executes_never_the_committee_plan(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    plan = await _with_item(api, tree)
    item_id = plan["items"][0]["id"]
    secretary = tree.token(tree.ledger.secretary)
    assert (await api.data(PLAN, {"id": plan["id"]}, secretary))["plan"] is None
    listed = """query($under: ID!) { plans(under: $under) { totalCount nodes { title } } }"""
    for under in (tree.ledger.root, tree.ledger.branch):
        found = (await api.data(listed, {"under": gid("Organization", under.id)}, secretary))["plans"]
        assert found == {"totalCount": 0, "nodes": []}
    node = "query($id: ID!) { node(id: $id) { ... on PlanItem { title plan { id } } } }"
    assert (await api.data(node, {"id": item_id}, secretary))["node"] == {"title": "建设党员活动室", "plan": None}
    assert (await api.data(node, {"id": item_id}, tree.token(tree.ledger.outsider)))["node"] is None
    admin = await api.data(
        listed, {"under": gid("Organization", tree.ledger.root.id)}, tree.token(tree.ledger.org_admin)
    )
    assert admin["plans"] == {"totalCount": 1, "nodes": [{"title": "集团党委年度工作计划"}]}
