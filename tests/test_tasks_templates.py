"""The task library (任务库): a committee keeps versioned templates; its subtree sees them; every refusal has
its exact code and field and writes nothing."""

from typing import Any

import pytest

from domain.orgs.models import OrgType
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted, refused
from tests.tasks_plans_support import CREATE_TEMPLATE, UPDATE_TEMPLATE, library, template_input
from tests.tasks_support import task_tree

LIST = """query($under: ID!, $first: Int, $after: String) {
  taskTemplates(under: $under, first: $first, after: $after) {
    totalCount nodes { title version current } pageInfo { hasNextPage endCursor }
  }
}"""


async def test_a_committee_keeps_templates_and_editing_adds_a_version(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    first, second = await library(api, tree)
    assert (first["version"], first["current"], first["lineageId"]) == (1, True, first["id"])
    assert first["defaultBudget"] == "2000.50" and first["organization"]["name"] == "集团党委"
    assert first["defaultMilestones"] == [
        {"title": "签订协议", "offsetDays": 30},
        {"title": "开展活动", "offsetDays": 90},
    ]
    assert (second["defaultBudget"], second["defaultDurationDays"], second["description"]) == (None, None, None)
    records = await build.audit_records()
    assert (records[-1].operation, records[-1].object_type, records[-1].org_id) == (
        "createTaskTemplate",
        "TaskTemplate",
        tree.ledger.root.id,
    )

    token = tree.token(tree.ledger.org_admin)
    changed = template_input(tree, title="开展联建共建活动（2.0）", defaultBudget="3000")
    del changed["organizationId"]
    payload = await accepted(api, build, UPDATE_TEMPLATE, {**changed, "templateId": first["id"], "version": 1}, token)
    new = payload["template"]
    assert (new["version"], new["current"], new["lineageId"], new["defaultBudget"]) == (2, True, first["id"], "3000.00")
    assert new["id"] != first["id"]
    old = (
        await api.data(
            "query($id: ID!) { node(id: $id) { ... on TaskTemplate { current supersededAt } } }",
            {"id": first["id"]},
            token,
        )
    )["node"]
    assert old["current"] is False and old["supersededAt"]

    # Only current versions are listed; the old one is still readable by id (plan items keep it).
    listed = (await api.data(LIST, {"under": gid("Organization", tree.ledger.root.id)}, token))["taskTemplates"]
    assert listed["totalCount"] == 2
    assert [(n["title"], n["version"]) for n in listed["nodes"]] == [
        ("开展联建共建活动（2.0）", 2),
        ("学习第一议题", 1),
    ]

    # Editing the superseded version, or with a stale version number, is refused with the current version.
    for target, version in ((first["id"], 1), (new["id"], 1)):
        await refused(
            api,
            build,
            UPDATE_TEMPLATE,
            {**changed, "templateId": target, "version": version},
            token,
            code="STALE_VERSION",
            field=["version"],
            rows=tree.rows,
        )


async def test_the_library_serves_the_committee_and_its_subtree(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    await library(api, tree)
    sub = await build.org("二级党委", OrgType.COMMITTEE, parent=tree.ledger.root)
    await accepted(
        api,
        build,
        CREATE_TEMPLATE,
        template_input(tree, organizationId=gid("Organization", sub.id), title="二级党委的模板"),
        tree.token(tree.ledger.org_admin),
    )
    branch = gid("Organization", tree.ledger.branch.id)
    root = gid("Organization", tree.ledger.root.id)

    async def titles(user: Any, under: str) -> list[str]:
        found = (await api.data(LIST, {"under": under}, tree.token(user)))["taskTemplates"]
        return [n["title"] for n in found["nodes"]]

    # A branch secretary draws on its committee's library (above it), not on a sibling committee's.
    assert await titles(tree.ledger.secretary, branch) == ["开展联建共建活动", "学习第一议题"]
    assert await titles(tree.ledger.secretary, root) == ["开展联建共建活动", "学习第一议题"]
    # At the committee: its own library and those below it.
    assert await titles(tree.ledger.org_admin, root) == ["开展联建共建活动", "学习第一议题", "二级党委的模板"]
    assert await titles(tree.ledger.org_admin, branch) == ["开展联建共建活动", "学习第一议题"]
    # Outside the tree, or with no task grant at all: nothing.
    assert await titles(tree.ledger.outsider, root) == []
    assert await titles(tree.ledger.member_user, branch) == []
    # Pages of one.
    page = (await api.data(LIST, {"under": root, "first": 1}, tree.token(tree.ledger.org_admin)))["taskTemplates"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await api.data(
        LIST, {"under": root, "first": 5, "after": page["pageInfo"]["endCursor"]}, tree.token(tree.ledger.org_admin)
    )
    assert [n["title"] for n in rest["taskTemplates"]["nodes"]] == ["学习第一议题", "二级党委的模板"]


REFUSALS = [
    # (who, input overrides, code, field)
    ("org_admin", {"organizationId": gid("Organization", 999999)}, "NOT_FOUND", ["organizationId"]),
    ("org_admin", {"organizationId": gid("Member", 1)}, "INVALID_ID", ["organizationId"]),
    ("secretary", {}, "NOT_FOUND", ["organizationId"]),  # a branch secretary cannot see the committee's tasks
    ("outsider", {}, "NOT_FOUND", ["organizationId"]),
    ("auditor", {}, "FORBIDDEN", None),
    ("org_admin", {"organizationId": "branch"}, "LIBRARY_NOT_A_COMMITTEE", ["organizationId"]),
    ("org_admin", {"title": "  "}, "INVALID_TEXT", ["title"]),
    ("org_admin", {"title": "x" * 201}, "INVALID_TEXT", ["title"]),
    ("org_admin", {"defaultDepartment": "部\n门"}, "INVALID_TEXT", ["defaultDepartment"]),
    ("org_admin", {"defaultBudget": "-1"}, "INVALID_AMOUNT", ["defaultBudget"]),
    ("org_admin", {"defaultBudget": "1.001"}, "INVALID_AMOUNT", ["defaultBudget"]),
    ("org_admin", {"defaultDurationDays": 0}, "INVALID_INPUT", ["defaultDurationDays"]),
    ("org_admin", {"defaultDurationDays": 367}, "INVALID_INPUT", ["defaultDurationDays"]),
    (
        "org_admin",
        {"defaultMilestones": [{"title": "a", "offsetDays": 0}, {"title": "b", "offsetDays": 91}]},
        "MILESTONE_OUT_OF_RANGE",
        ["defaultMilestones", "1", "offsetDays"],
    ),
    (
        "org_admin",
        {"defaultMilestones": [{"title": "a", "offsetDays": -1}]},
        "MILESTONE_OUT_OF_RANGE",
        ["defaultMilestones", "0", "offsetDays"],
    ),
    (
        "org_admin",
        {"defaultMilestones": [{"title": " ", "offsetDays": 1}]},
        "INVALID_TEXT",
        ["defaultMilestones", "0", "title"],
    ),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=[f"{r[2]}-{i}" for i, r in enumerate(REFUSALS)])
async def test_each_template_refusal_has_its_code_and_writes_nothing(
    api: Api, build: Builder, refusal: tuple[str, dict[str, Any], str, list[str] | None]
) -> None:
    who, overrides, code, field = refusal
    tree = await task_tree(build)
    values = template_input(tree, **overrides)
    if values["organizationId"] == "branch":
        values["organizationId"] = gid("Organization", tree.ledger.branch.id)
    await refused(
        api,
        build,
        CREATE_TEMPLATE,
        values,
        tree.token(getattr(tree.ledger, who)),
        code=code,
        field=field,
        rows=tree.rows,
    )
