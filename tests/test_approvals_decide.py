"""Deciding an approval through GraphQL: the plan of 集团党委 waits for a SECRETARY granted there (the default
route); approving it distributes its items, returning it sends it back to its author with the comment.
Every refusal has its exact code and field, writes nothing and leaves one audit record carrying the code."""

from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from authz.roles import Role
from domain.approvals.models import ApprovalDecision, ApprovalRequest
from domain.tasks.models import Assignment, Plan
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted, mutate, refused
from tests.tasks_support import TaskTree, sent_plan, task_tree

APPROVAL = """
  id status step pendingRole version subjectType title requestedAt decidedAt waitingWorkingDays subject { id }
  organization { name } pendingOrganization { name } requestedBy { username }
  steps { number role organization { name } decision { decision comment } }
  decisions { step role decision comment decidedAt decidedBy { username } organization { name } }
"""
DECIDE = f"""mutation($input: DecideApprovalInput!) {{
  decideApproval(input: $input) {{ approval {{ {APPROVAL} }} errors {{ field message code }} }}
}}"""
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Approval {{ {APPROVAL} }} }} }}"


async def request_of(tree: TaskTree, plan: Plan) -> ApprovalRequest:
    async with tree.build.sessions() as session:
        rows = await session.execute(select(ApprovalRequest).where(col(ApprovalRequest.subject_id) == plan.id))
        return rows.scalars().one()


async def plan_status(tree: TaskTree, plan: Plan) -> str:
    async with tree.build.sessions() as session:
        found = await session.get(Plan, plan.id, populate_existing=True)
        assert found is not None
        return found.status


def decision(request: ApprovalRequest, verdict: str = "APPROVE", **overrides: Any) -> dict[str, Any]:
    return {"approvalId": gid("Approval", request.id), "decision": verdict, **overrides}


async def test_the_secretary_approves_and_the_plan_takes_effect(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    plan = await sent_plan(tree)
    request = await request_of(tree, plan)
    # Waiting: the requester and the approver both see it, on the step it waits at.
    seen = (await api.data(NODE, {"id": gid("Approval", request.id)}, tree.token(tree.ledger.org_admin)))["node"]
    assert (seen["status"], seen["step"], seen["pendingRole"], seen["subjectType"]) == (
        "PENDING",
        1,
        "SECRETARY",
        "PLAN",
    )
    assert seen["pendingOrganization"] == {"name": "集团党委"} and seen["requestedBy"] == {"username": "org.admin"}
    assert seen["steps"] == [{"number": 1, "role": "SECRETARY", "organization": {"name": "集团党委"}, "decision": None}]
    assert seen["decisions"] == [] and seen["waitingWorkingDays"] == 0 and seen["decidedAt"] is None
    assert seen["subject"] == {"id": gid("Plan", plan.id)}

    payload = await accepted(
        api, tree.build, DECIDE, decision(request, comment=" 同意 ", step=1), tree.token(tree.root_secretary)
    )
    approval = payload["approval"]
    assert (approval["status"], approval["step"], approval["pendingRole"], approval["version"]) == (
        "APPROVED",
        1,
        None,
        2,
    )
    assert approval["decidedAt"] and approval["waitingWorkingDays"] is None
    assert approval["decisions"][0] | {"decidedAt": None} == {
        "step": 1,
        "role": "SECRETARY",
        "decision": "APPROVE",
        "comment": "同意",
        "decidedAt": None,
        "decidedBy": {"username": "root.secretary"},
        "organization": {"name": "集团党委"},
    }
    assert approval["steps"][0]["decision"] == {"decision": "APPROVE", "comment": "同意"}
    assert await plan_status(tree, plan) == "APPROVED"
    assert await tree.build.count(Assignment) == 2  # one for each executing branch
    records = await tree.build.audit_records()
    assert (records[-1].operation, records[-1].object_type, records[-1].object_id, records[-1].org_id) == (
        "decideApproval",
        "ApprovalRequest",
        request.id,
        tree.ledger.root.id,
    )
    assert records[-1].changes == {"step": 1, "decision": "APPROVE", "status": "APPROVED"}


async def test_a_returned_plan_goes_back_to_its_author_with_the_comment(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    plan = await sent_plan(tree)
    request = await request_of(tree, plan)
    comment = "预算偏高，\n请压减后再报"
    payload = await accepted(
        api, tree.build, DECIDE, decision(request, "RETURN", comment=comment), tree.token(tree.root_secretary)
    )
    assert payload["approval"]["status"] == "RETURNED"
    assert await plan_status(tree, plan) == "DRAFT"
    assert await tree.build.count(Assignment) == 0
    # The author reads the comment on the request.
    seen = (await api.data(NODE, {"id": gid("Approval", request.id)}, tree.token(tree.ledger.org_admin)))["node"]
    assert [(d["decision"], d["comment"]) for d in seen["decisions"]] == [("RETURN", comment)]
    # And on the plan itself, editable again.
    query = "query($id: ID!) { node(id: $id) { ... on Plan { status approvals { status decisions { comment } } } } }"
    found = (await api.data(query, {"id": gid("Plan", plan.id)}, tree.token(tree.ledger.org_admin)))["node"]
    assert found == {"status": "DRAFT", "approvals": [{"status": "RETURNED", "decisions": [{"comment": comment}]}]}


REFUSALS = [
    # (who, input overrides, code, field)
    ("org_admin", {}, "NOT_AN_APPROVER", ["approvalId"]),  # the requester, and the wrong role
    ("root_admin2", {}, "NOT_AN_APPROVER", ["approvalId"]),  # an ORG_ADMIN: the route asks for a SECRETARY
    ("secretary_elsewhere", {}, "NOT_AN_APPROVER", ["approvalId"]),  # a SECRETARY, of 第二党支部
    ("branch_secretary", {}, "NOT_FOUND", ["approvalId"]),  # cannot see 集团党委's request at all
    ("outsider", {}, "NOT_FOUND", ["approvalId"]),
    ("root_secretary", {"approvalId": "missing"}, "NOT_FOUND", ["approvalId"]),
    ("root_secretary", {"approvalId": gid("Plan", 1)}, "INVALID_ID", ["approvalId"]),
    ("root_secretary", {"step": 2}, "ALREADY_DECIDED", ["approvalId"]),  # not the step waiting
    ("root_secretary", {"decision": "RETURN"}, "REASON_REQUIRED", ["comment"]),
    ("root_secretary", {"decision": "RETURN", "comment": " \n "}, "REASON_REQUIRED", ["comment"]),
    ("root_secretary", {"comment": "意" * 1001}, "INVALID_TEXT", ["comment"]),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=[f"{r[2]}-{i}" for i, r in enumerate(REFUSALS)])
async def test_each_refusal_has_its_code_and_writes_nothing(
    api: Api, build: Builder, refusal: tuple[str, dict[str, Any], str, list[str] | None]
) -> None:
    who, overrides, code, field = refusal
    tree = await task_tree(build)
    book = tree.ledger
    users = {
        "org_admin": book.org_admin,
        "root_admin2": await tree.build.user("root.admin2", grants=[(Role.ORG_ADMIN, book.root, True)]),
        "secretary_elsewhere": await tree.build.user(
            "elsewhere", grants=[(Role.SECRETARY, book.branch2, True), (Role.AUDITOR, book.root, True)]
        ),
        "branch_secretary": book.secretary,
        "outsider": book.outsider,
        "root_secretary": tree.root_secretary,
    }
    request = await request_of(tree, await sent_plan(tree))
    values = decision(request, **overrides)
    if values["approvalId"] == "missing":
        values["approvalId"] = gid("Approval", 2**31 - 1)
    payload = await refused(
        api, tree.build, DECIDE, values, tree.token(users[who]), code=code, field=field, rows=tree.rows
    )
    assert payload["approval"] is None


async def test_one_cannot_approve_ones_own_request(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    both = await tree.build.user(
        "both", grants=[(Role.ORG_ADMIN, tree.ledger.root, True), (Role.SECRETARY, tree.ledger.root, True)]
    )
    request = await request_of(tree, await sent_plan(tree, by=both))
    await refused(
        api,
        tree.build,
        DECIDE,
        decision(request),
        tree.token(both),
        code="NOT_AN_APPROVER",
        field=["approvalId"],
        rows=tree.rows,
    )


async def test_a_decided_request_takes_no_second_decision(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    other = await tree.build.user("root.secretary2", grants=[(Role.SECRETARY, tree.ledger.root, True)])
    request = await request_of(tree, await sent_plan(tree))
    await accepted(api, tree.build, DECIDE, decision(request), tree.token(tree.root_secretary))
    for values in (decision(request), decision(request, step=1), decision(request, "RETURN", comment="晚了")):
        await refused(
            api,
            tree.build,
            DECIDE,
            values,
            tree.token(other),
            code="ALREADY_DECIDED",
            field=["approvalId"],
            rows=tree.rows,
        )
    async with tree.build.sessions() as session:
        rows = await session.execute(select(ApprovalDecision).where(col(ApprovalDecision.request_id) == request.id))
        assert len(rows.scalars().all()) == 1


async def test_payload_errors_leave_the_approval_empty(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    payload = await mutate(
        api, DECIDE, {"approvalId": gid("Approval", 2**31 - 1), "decision": "APPROVE"}, tree.token(tree.root_secretary)
    )
    assert payload == {
        "approval": None,
        "errors": [{"field": ["approvalId"], "message": payload["errors"][0]["message"], "code": "NOT_FOUND"}],
    }
