"""Drawing up a plan: items generated from ticked templates and entered by hand, edited, removed; every
refusal with its exact code and field, nothing written."""

from datetime import date, timedelta
from typing import Any

import pytest

from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted, refused
from tests.tasks_plans_support import (
    ADD_ITEMS,
    REMOVE_ITEM,
    UPDATE_ITEM,
    branches_under_root,
    draft,
    item_input,
    library,
)
from tests.tasks_support import TaskTree, task_tree


async def _generated(api: Api, tree: TaskTree) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    """A draft of 集团党委 with two items from templates (every branch) and one entered (第一党支部)."""
    year = today().year
    templates = await library(api, tree)
    plan = await draft(api, tree, year)
    member = await tree.ledger.add("李四", "201")
    values = {
        "planId": plan["id"],
        "version": plan["version"],
        "fromTemplates": {
            "templateIds": [t["id"] for t in templates],
            "startsOn": f"{year}-02-01",
            "executingOrgTypesUnder": branches_under_root(tree),
        },
        "items": [item_input(tree, year, executorMemberId=gid("Member", member.id))],
    }
    payload = await accepted(api, tree.build, ADD_ITEMS, values, tree.token(tree.ledger.org_admin))
    return payload["plan"], templates, year


async def test_items_come_from_two_templates_and_by_hand(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    plan, templates, year = await _generated(api, tree)
    assert (plan["status"], plan["version"], plan["revision"], plan["year"]) == ("DRAFT", 2, 0, year)
    first, second, own = plan["items"]
    start = date(year, 2, 1)
    # The 90-day template: its defaults, dates counted from the common start, its exact version recorded.
    assert (first["position"], first["title"], first["category"], first["objective"]) == (
        1,
        "开展联建共建活动",
        "JOINT_BUILDING",
        "签订共建协议，开展活动不少于 2 次",
    )
    assert (first["managingDepartment"], first["responsibleSection"]) == ("党委工作部", "组织科")
    assert (first["startsOn"], first["dueOn"]) == (start.isoformat(), (start + timedelta(days=90)).isoformat())
    assert first["milestones"] == [
        {"title": "签订协议", "dueOn": (start + timedelta(days=30)).isoformat()},
        {"title": "开展活动", "dueOn": (start + timedelta(days=90)).isoformat()},
    ]
    assert first["template"] == {"id": templates[0]["id"], "version": 1}
    assert (first["budget"], first["executorCount"], first["plannedBudget"]) == ("2000.50", 2, "4001.00")
    orgs = first["executingOrganizations"]
    assert orgs["totalCount"] == 2 and {o["name"] for o in orgs["nodes"]} == {"第一党支部", "第二党支部"}
    # The template without a duration runs to the end of the year, without budget or steps.
    assert (second["dueOn"], second["budget"], second["milestones"]) == (f"{year}-12-31", "0.00", [])
    # The item entered by hand.
    assert (own["position"], own["title"], own["template"], own["executorMember"]) == (
        3,
        "建设党员活动室",
        None,
        {"name": "李四"},
    )
    assert own["executingOrganizations"]["nodes"] == [{"name": "第一党支部"}]
    assert own["milestones"] == [{"title": "选址", "dueOn": f"{year}-03-31"}]
    assert (plan["plannedBudget"], plan["spent"]) == ("19001.00", "0.00")
    record = (await build.audit_records())[-1]
    assert (record.operation, record.object_type, record.org_id) == ("addPlanItems", "Plan", tree.ledger.root.id)
    assert record.changes is not None
    assert [i["title"] for i in record.changes["items_added"]] == ["开展联建共建活动", "学习第一议题", "建设党员活动室"]


async def test_a_draft_item_is_edited_and_removed(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    plan, _, year = await _generated(api, tree)
    token = tree.token(tree.ledger.org_admin)
    own = plan["items"][2]
    both = [gid("Organization", tree.ledger.branch.id), gid("Organization", tree.ledger.branch2.id)]
    changed = item_input(
        tree,
        year,
        title="建设党员活动阵地",
        budget="8000",
        executingOrganizationIds=both,
        executorUserId=gid("User", tree.ledger.secretary.id),
        milestones=[{"title": "选址定点", "dueOn": f"{year}-04-01"}, {"title": "验收", "dueOn": f"{year}-06-30"}],
    )
    payload = await accepted(api, build, UPDATE_ITEM, {"itemId": own["id"], "version": 2, "item": changed}, token)
    edited = payload["plan"]["items"][2]
    assert (edited["title"], edited["budget"], edited["executorCount"], edited["executorMember"]) == (
        "建设党员活动阵地",
        "8000.00",
        2,
        None,
    )
    assert edited["executorUser"] == {"username": "secretary"}
    assert [m["title"] for m in edited["milestones"]] == ["选址定点", "验收"]
    assert payload["plan"]["version"] == 3
    record = (await build.audit_records())[-1]
    assert (record.operation, record.object_type) == ("updatePlanItem", "PlanItem")
    assert record.changes is not None and record.changes["title"] == {
        "from": "建设党员活动室",
        "to": "建设党员活动阵地",
    }

    # A draft never approved loses a removed item outright, with its steps and executors.
    removed = await accepted(api, build, REMOVE_ITEM, {"itemId": plan["items"][0]["id"], "version": 3}, token)
    assert [i["title"] for i in removed["plan"]["items"]] == ["学习第一议题", "建设党员活动阵地"]
    assert removed["plan"]["plannedBudget"] == "16000.00"
    gone = await api.data("query($id: ID!) { node(id: $id) { id } }", {"id": plan["items"][0]["id"]}, token)
    assert gone["node"] is None


def _refusals(year: int) -> list[tuple[str, dict[str, Any], str, list[str] | None]]:
    item = "items", "0"
    return [
        ("org_admin", {"planId": gid("Plan", 999999)}, "NOT_FOUND", ["planId"]),
        ("org_admin", {"planId": gid("Organization", 1)}, "INVALID_ID", ["planId"]),
        ("secretary", {}, "NOT_FOUND", ["planId"]),  # a branch secretary never sees the committee's plan
        ("outsider", {}, "NOT_FOUND", ["planId"]),
        ("auditor", {}, "FORBIDDEN", None),
        ("org_admin", {"version": 9}, "STALE_VERSION", ["version"]),
        ("org_admin", {"items": []}, "INVALID_INPUT", ["items"]),
        ("org_admin", {"items": "201"}, "TOO_MANY_ITEMS", ["items"]),
        ("org_admin", {"title": " "}, "INVALID_TEXT", [*item, "title"]),
        ("org_admin", {"objective": "x" * 1001}, "INVALID_TEXT", [*item, "objective"]),
        ("org_admin", {"dueOn": f"{year}-02-28"}, "DUE_BEFORE_START", [*item, "dueOn"]),
        ("org_admin", {"startsOn": f"{year - 1}-12-31"}, "DATES_OUTSIDE_YEAR", [*item, "startsOn"]),
        (
            "org_admin",
            {"milestones": [{"title": "选址", "dueOn": f"{year}-07-01"}]},
            "MILESTONE_OUT_OF_RANGE",
            [*item, "milestones", "0", "dueOn"],
        ),
        ("org_admin", {"budget": "-5"}, "INVALID_AMOUNT", [*item, "budget"]),
        (
            "org_admin",
            {"executingOrganizationIds": ["other"]},
            "EXECUTOR_OUT_OF_SCOPE",
            [*item, "executingOrganizationIds", "0"],
        ),
        (
            "org_admin",
            {"executingOrganizationIds": [gid("Member", 1)]},
            "INVALID_ID",
            [*item, "executingOrganizationIds", "0"],
        ),
        ("org_admin", {"executingOrganizationIds": "101"}, "INVALID_INPUT", [*item, "executingOrganizationIds"]),
        ("org_admin", {"executingOrganizationIds": []}, "EXECUTOR_REQUIRED", [*item, "executingOrganizationIds"]),
        (
            "org_admin",
            {"executingOrganizationIds": [], "executingOrgTypesUnder": "groups under branch2"},
            "EXECUTOR_REQUIRED",
            [*item, "executingOrgTypesUnder", "orgTypes"],
        ),
        (
            "org_admin",
            {"executingOrgTypesUnder": "other"},
            "EXECUTOR_OUT_OF_SCOPE",
            [*item, "executingOrgTypesUnder", "organizationId"],
        ),
        (
            "org_admin",
            {"executorMemberId": gid("Member", 999999)},
            "EXECUTOR_OUT_OF_SCOPE",
            [*item, "executorMemberId"],
        ),
        ("org_admin", {"executorUserId": "outsider"}, "EXECUTOR_OUT_OF_SCOPE", [*item, "executorUserId"]),
        (
            "org_admin",
            {"executorMemberId": gid("Member", 1), "executorUserId": "outsider"},
            "INVALID_INPUT",
            [*item, "executorUserId"],
        ),
        ("org_admin", {"fromTemplates": "missing"}, "TEMPLATE_NOT_AVAILABLE", ["fromTemplates", "templateIds", "0"]),
        ("org_admin", {"fromTemplates": "last year"}, "DATES_OUTSIDE_YEAR", ["fromTemplates", "startsOn"]),
    ]


REFUSALS = _refusals(today().year)


def _values(tree: TaskTree, plan: dict[str, Any], year: int, overrides: dict[str, Any]) -> dict[str, Any]:
    """The input of one refusal: plan-level overrides, else the one item's, with names for what needs an id."""
    other = gid("Organization", tree.ledger.other_branch.id)
    names = {
        "other": other,
        "outsider": gid("User", tree.ledger.outsider.id),
        "groups under branch2": {"organizationId": gid("Organization", tree.ledger.branch2.id), "orgTypes": ["GROUP"]},
    }
    values: dict[str, Any] = {"planId": plan["id"], "version": plan["version"]}
    plan_level = {k: v for k, v in overrides.items() if k in ("planId", "version", "items", "fromTemplates")}
    item = item_input(tree, year, **{k: v for k, v in overrides.items() if k not in plan_level})
    for key in ("executorUserId",):
        if item.get(key) in names:
            item[key] = names[item[key]]
    if item.get("executingOrgTypesUnder") == "other":
        item["executingOrgTypesUnder"] = {"organizationId": other, "orgTypes": ["BRANCH"]}
    elif item.get("executingOrgTypesUnder") in names:
        item["executingOrgTypesUnder"] = names[item["executingOrgTypesUnder"]]
    if item["executingOrganizationIds"] == "101":
        item["executingOrganizationIds"] = [gid("Organization", i) for i in range(1, 102)]
    item["executingOrganizationIds"] = [names.get(i, i) for i in item["executingOrganizationIds"]]
    values["items"] = [item]
    values.update(plan_level)
    if values["items"] == "201":
        values["items"] = [item] * 201
    starts = {"missing": f"{year}-02-01", "last year": f"{year - 1}-02-01"}
    if values.get("fromTemplates") in starts:
        wanted = gid("TaskTemplate", 999999) if values["fromTemplates"] == "missing" else None
        values["fromTemplates"] = {
            "templateIds": [wanted or tree_templates(plan)],
            "startsOn": starts[values["fromTemplates"]],
            "executingOrgTypesUnder": branches_under_root(tree),
        }
        values["items"] = []
    return values


def tree_templates(plan: dict[str, Any]) -> str:
    template: str = plan["templateId"]
    return template


@pytest.mark.parametrize("refusal", REFUSALS, ids=[f"{r[2]}-{i}" for i, r in enumerate(REFUSALS)])
async def test_each_refusal_to_add_items_has_its_code_and_writes_nothing(
    api: Api, build: Builder, refusal: tuple[str, dict[str, Any], str, list[str] | None]
) -> None:
    who, overrides, code, field = refusal
    tree = await task_tree(build)
    year = today().year
    templates = await library(api, tree)
    plan = {**await draft(api, tree, year), "templateId": templates[0]["id"]}
    await refused(
        api,
        build,
        ADD_ITEMS,
        _values(tree, plan, year, overrides),
        tree.token(getattr(tree.ledger, who)),
        code=code,
        field=field,
        rows=tree.rows,
    )
