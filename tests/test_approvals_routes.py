"""Approval routes (审批流程): an org sets the steps for a type of subject, its subtree inherits them, a request
follows the route of its moment, and a route of two steps asks for two different people."""

from typing import Any

import pytest

from authz.roles import Role
from domain.approvals import routes
from domain.approvals.rules import RouteStep
from domain.errors import DomainError
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted, refused
from tests.tasks_support import TaskTree, sent_plan, task_tree
from tests.test_approvals_decide import DECIDE, decision, plan_status, request_of

ROUTE = """organization { name } subjectType steps { role levelsUp organization { name } }
  isDefault version definedBy { name }"""
SET = f"""mutation($input: SetApprovalRouteInput!) {{
  setApprovalRoute(input: $input) {{ route {{ {ROUTE} }} errors {{ field message code }} }}
}}"""
GET = f"query($org: ID!) {{ approvalRoute(organizationId: $org, subjectType: PLAN) {{ {ROUTE} }} }}"
TWO_STEPS = [{"role": "SECRETARY", "levelsUp": 0}, {"role": "ORG_ADMIN", "levelsUp": 0}]


def route_input(tree: TaskTree, steps: list[dict[str, Any]] = TWO_STEPS, **overrides: Any) -> dict[str, Any]:
    return {
        "organizationId": gid("Organization", tree.ledger.root.id),
        "subjectType": "PLAN",
        "steps": steps,
    } | overrides


async def route_of(api: Api, tree: TaskTree, org_id: int | None) -> dict[str, Any]:
    data = await api.data(GET, {"org": gid("Organization", org_id)}, tree.token(tree.ledger.org_admin))
    route: dict[str, Any] = data["approvalRoute"]
    return route


async def test_without_a_route_the_orgs_own_secretary_approves(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    assert await route_of(api, tree, tree.ledger.branch.id) == {
        "organization": {"name": "第一党支部"},
        "subjectType": "PLAN",
        "steps": [{"role": "SECRETARY", "levelsUp": 0, "organization": {"name": "第一党支部"}}],
        "isDefault": True,
        "version": None,
        "definedBy": None,
    }


async def test_a_route_set_at_the_committee_serves_its_subtree(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    token = tree.token(tree.ledger.org_admin)
    payload = await accepted(api, build, SET, route_input(tree), token)
    assert payload["route"]["version"] == 1 and payload["route"]["definedBy"] == {"name": "集团党委"}
    records = await build.audit_records()
    assert (records[-1].operation, records[-1].object_type, records[-1].org_id) == (
        "setApprovalRoute",
        "ApprovalRoute",
        tree.ledger.root.id,
    )
    assert (records[-1].changes or {})["steps"] == {"from": [{"role": "SECRETARY", "levelsUp": 0}], "to": TWO_STEPS}
    # A branch inherits it: its own secretary, then its own ORG_ADMIN; it has no route of its own to version.
    assert await route_of(api, tree, tree.ledger.branch.id) == {
        "organization": {"name": "第一党支部"},
        "subjectType": "PLAN",
        "steps": [
            {"role": "SECRETARY", "levelsUp": 0, "organization": {"name": "第一党支部"}},
            {"role": "ORG_ADMIN", "levelsUp": 0, "organization": {"name": "第一党支部"}},
        ],
        "isDefault": False,
        "version": None,
        "definedBy": {"name": "集团党委"},
    }
    # The branch sets its own, climbing one level: the committee's secretary decides after the branch's.
    climb = [{"role": "SECRETARY", "levelsUp": 0}, {"role": "SECRETARY", "levelsUp": 1}]
    branch = gid("Organization", tree.ledger.branch.id)
    own = await accepted(api, build, SET, route_input(tree, climb, organizationId=branch), token)
    assert [s["organization"]["name"] for s in own["route"]["steps"]] == ["第一党支部", "集团党委"]
    assert own["route"]["definedBy"] == {"name": "第一党支部"} and own["route"]["version"] == 1
    # Replacing needs the version read; the group below the branch follows the nearest route.
    again = await accepted(api, build, SET, route_input(tree, [{"role": "ORG_ADMIN", "levelsUp": 0}], version=1), token)
    assert again["route"]["version"] == 2
    group = await route_of(api, tree, tree.ledger.group.id)
    assert group["definedBy"] == {"name": "第一党支部"} and len(group["steps"]) == 2


ROUTE_REFUSALS = [
    # (who, input overrides, code, field)
    ("org_admin", {"steps": []}, "INVALID_ROUTE", ["steps"]),
    ("org_admin", {"steps": [{"role": "SECRETARY", "levelsUp": 0}] * 6}, "INVALID_ROUTE", ["steps"]),
    ("org_admin", {"steps": [{"role": "MEMBER", "levelsUp": 0}]}, "INVALID_ROUTE", ["steps", "0", "role"]),
    ("org_admin", {"steps": [{"role": "ADMIN", "levelsUp": 0}]}, "INVALID_ROUTE", ["steps", "0", "role"]),
    (
        "org_admin",
        {"steps": [*TWO_STEPS[:1], {"role": "SECRETARY", "levelsUp": 1}]},
        "INVALID_ROUTE",
        ["steps", "1", "levelsUp"],
    ),
    ("org_admin", {"steps": [{"role": "SECRETARY", "levelsUp": -1}]}, "INVALID_ROUTE", ["steps", "0", "levelsUp"]),
    ("org_admin", {"version": 7}, "STALE_VERSION", ["version"]),
    ("root_secretary", {}, "FORBIDDEN", None),  # a secretary approves; the party-affairs worker sets routes
    ("auditor", {}, "FORBIDDEN", None),
    ("secretary", {}, "NOT_FOUND", ["organizationId"]),  # a branch secretary cannot see the committee
    ("outsider", {}, "NOT_FOUND", ["organizationId"]),
    ("org_admin", {"organizationId": gid("Organization", 2**31 - 1)}, "NOT_FOUND", ["organizationId"]),
    ("org_admin", {"organizationId": gid("Member", 1)}, "INVALID_ID", ["organizationId"]),
]


@pytest.mark.parametrize("refusal", ROUTE_REFUSALS, ids=[f"{r[2]}-{i}" for i, r in enumerate(ROUTE_REFUSALS)])
async def test_each_route_refusal_has_its_code_and_writes_nothing(
    api: Api, build: Builder, refusal: tuple[str, dict[str, Any], str, list[str] | None]
) -> None:
    who, overrides, code, field = refusal
    tree = await task_tree(build)
    await accepted(api, build, SET, route_input(tree), tree.token(tree.ledger.org_admin))  # version 1 stands
    user = tree.root_secretary if who == "root_secretary" else getattr(tree.ledger, who)
    values = route_input(tree, **overrides)
    await refused(api, build, SET, values, tree.token(user), code=code, field=field, rows=tree.rows)


async def test_an_unknown_subject_type_is_refused_by_the_engine(build: Builder) -> None:
    # The schema names only the types it knows; the engine guards its own door too.
    tree = await task_tree(build)
    actor = await tree.ledger.actor(tree.ledger.org_admin)
    async with build.sessions() as session:
        with pytest.raises(DomainError) as raised:
            await routes.set_route(
                session,
                actor=actor,
                organization_id=tree.ledger.root.id,  # type: ignore[arg-type]
                subject_type="TRANSFER",
                steps=(RouteStep(Role.SECRETARY, 0),),
                version=None,
            )
    assert (raised.value.code, raised.value.field) == ("UNKNOWN_SUBJECT_TYPE", ["subjectType"])


async def test_two_steps_ask_for_two_people_in_order(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    await accepted(api, build, SET, route_input(tree), tree.token(book.org_admin))
    plan = await sent_plan(tree)
    request = await request_of(tree, plan)
    # The route changes after the plan is sent: the request keeps the steps it was sent with.
    await accepted(api, build, SET, route_input(tree, TWO_STEPS[:1], version=1), tree.token(book.org_admin))
    first = await accepted(api, build, DECIDE, decision(request, step=1), tree.token(tree.root_secretary))
    approval = first["approval"]
    assert (approval["status"], approval["step"], approval["pendingRole"]) == ("PENDING", 2, "ORG_ADMIN")
    assert [s["decision"] and s["decision"]["decision"] for s in approval["steps"]] == ["APPROVE", None]
    assert await plan_status(tree, plan) == "PENDING"
    # The first step's approver, made ORG_ADMIN too, still cannot decide the second; nor can the requester.
    both = await build.user("both", grants=[(Role.SECRETARY, book.root, True), (Role.ORG_ADMIN, book.root, True)])
    for user in (book.org_admin, tree.root_secretary):
        await refused(
            api,
            build,
            DECIDE,
            decision(request),
            tree.token(user),
            code="NOT_AN_APPROVER",
            field=["approvalId"],
            rows=tree.rows,
        )
    # A stale view of step 1 is refused rather than applied to step 2.
    await refused(
        api,
        build,
        DECIDE,
        decision(request, step=1),
        tree.token(both),
        code="ALREADY_DECIDED",
        field=["approvalId"],
        rows=tree.rows,
    )
    last = await accepted(api, build, DECIDE, decision(request, step=2), tree.token(both))
    assert (last["approval"]["status"], last["approval"]["step"]) == ("APPROVED", 2)
    assert [d["decidedBy"]["username"] for d in last["approval"]["decisions"]] == ["root.secretary", "both"]
    assert await plan_status(tree, plan) == "APPROVED"


async def test_an_approver_above_sees_the_request_only_while_it_waits_for_them(api: Api, build: Builder) -> None:
    # A route climbing from the branch to a committee secretary whose grant covers the committee node alone.
    tree = await task_tree(build)
    book = tree.ledger
    climb = [{"role": "SECRETARY", "levelsUp": 1}]
    branch = gid("Organization", book.branch.id)
    await accepted(api, build, SET, route_input(tree, climb, organizationId=branch), tree.token(book.org_admin))
    node_only = await build.user("committee.only", grants=[(Role.SECRETARY, book.root, False)])
    request = await request_of(tree, await sent_plan(tree, org=book.branch))
    query = "query($id: ID!) { node(id: $id) { ... on Approval { status title } } }"
    seen = await api.data(query, {"id": gid("Approval", request.id)}, tree.token(node_only))
    assert seen["node"] == {"status": "PENDING", "title": "年度党建工作计划"}
    payload = await accepted(api, build, DECIDE, decision(request), tree.token(node_only))
    assert payload["approval"]["status"] == "APPROVED"
    assert (await api.data(query, {"id": gid("Approval", request.id)}, tree.token(node_only)))["node"] is None
