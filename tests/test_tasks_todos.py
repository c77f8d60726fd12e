"""myTodos: what waits for each person. 集团党委's plan is sent (its secretary approves), then distributed to
第一党支部 and 第二党支部; their work moves along by rows set here (the transitions have their own tests), and
each person's to-dos follow: approvals, their orgs' open work and their own parts, returned work, and
submitted work they review. A page costs the same statements however much waits."""

from typing import Any

import pytest
from sqlalchemy import select, update
from sqlmodel import col

from authz.roles import Role
from domain.approvals.models import ApprovalRequest
from domain.tasks.models import Assignment
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted
from tests.tasks_support import TaskTree, sent_plan, task_tree

AUTHENTICATION = 2  # every request first loads its actor: the account, then the grants in force
PARTS = ("approvals", "assignments", "returned", "toReview")
PAGE = "totalCount pageInfo { hasNextPage endCursor }"
TODOS = f"""query($first: Int) {{ myTodos {{
  approvals(first: $first) {{ {PAGE} nodes {{ id title status pendingRole }} }}
  assignments(first: $first) {{ {PAGE} nodes {{ id title status dueOn organization {{ name }} }} }}
  returned(first: $first) {{ {PAGE} nodes {{ id title status }} }}
  toReview(first: $first) {{ {PAGE} nodes {{ id title status }} }}
  counts {{ approvals assignments returned toReview }}
}} }}"""
APPROVALS = f"""query($first: Int, $after: String) {{ myTodos {{
  approvals(first: $first, after: $after) {{ {PAGE} nodes {{ title }} }}
}} }}"""
DECIDE = """mutation($input: DecideApprovalInput!) { decideApproval(input: $input) { errors { code } } }"""


async def todos(api: Api, tree: TaskTree, user: Any, **page: Any) -> dict[str, Any]:
    found: dict[str, Any] = (await api.data(TODOS, page, tree.token(user)))["myTodos"]
    return found


def titles(found: dict[str, Any]) -> dict[str, list[str]]:
    """Each part's items as `title@org` (approvals: the title), in the order listed."""
    return {
        part: [
            n["title"] + (f"@{n['organization']['name']}" if n.get("organization") else "")
            for n in found[part]["nodes"]
        ]
        for part in PARTS
    }


async def approved_plan(api: Api, tree: TaskTree) -> dict[str, Assignment]:
    """集团党委's plan approved by its secretary: the org-level assignments by org name."""
    plan = await sent_plan(tree, title="集团计划")
    async with tree.build.sessions() as session:
        request_id = await session.scalar(
            select(col(ApprovalRequest.id)).where(col(ApprovalRequest.subject_id) == plan.id)
        )
    await accepted(
        api,
        tree.build,
        DECIDE,
        {"approvalId": gid("Approval", request_id), "decision": "APPROVE"},
        tree.token(tree.root_secretary),
    )
    async with tree.build.sessions() as session:
        rows = (await session.execute(select(Assignment).where(col(Assignment.plan_id) == plan.id))).scalars()
        by_org = {a.organization_id: a for a in rows}
    return {"第一党支部": by_org[tree.ledger.branch.id], "第二党支部": by_org[tree.ledger.branch2.id]}  # type: ignore[index]


async def set_status(tree: TaskTree, assignment: Assignment, status: str) -> None:
    async with tree.build.sessions() as session, session.begin():
        await session.execute(update(Assignment).where(col(Assignment.id) == assignment.id).values(status=status))


async def add_part(tree: TaskTree, whole: Assignment, member_id: int, status: str = "ASSIGNED") -> Assignment:
    part = Assignment(
        plan_id=whole.plan_id,
        item_id=whole.item_id,
        year=whole.year,
        organization_id=whole.organization_id,
        org_path=whole.org_path,
        parent_id=whole.id,
        assignee_member_id=member_id,
        title="组织一次主题党日",
        starts_on=whole.starts_on,
        due_on=whole.starts_on,  # sooner than the whole: listed first
        status=status,
    )
    async with tree.build.sessions() as session, session.begin():
        session.add(part)
    return part


async def test_approvals_wait_for_the_approvers_not_the_requester(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    await sent_plan(tree, title="集团计划")
    await sent_plan(tree, org=book.branch, title="一支部计划")
    # The committee's secretary holds the role over the whole subtree: both plans wait for them.
    assert titles(await todos(api, tree, tree.root_secretary))["approvals"] == ["集团计划", "一支部计划"]
    assert titles(await todos(api, tree, book.secretary))["approvals"] == ["一支部计划"]
    for nobody in (book.org_admin, tree.branch2_secretary, book.auditor, book.member_user, book.outsider):
        found = await todos(api, tree, nobody)
        assert found["approvals"]["totalCount"] == 0 and found["counts"]["approvals"] == 0
    # Pages of one, oldest first.
    token = tree.token(tree.root_secretary)
    first = (await api.data(APPROVALS, {"first": 1}, token))["myTodos"]["approvals"]
    assert (first["totalCount"], first["pageInfo"]["hasNextPage"]) == (2, True)
    after = first["pageInfo"]["endCursor"]
    rest = (await api.data(APPROVALS, {"first": 1, "after": after}, token))["myTodos"]["approvals"]
    assert [n["title"] for n in rest["nodes"]] == ["一支部计划"] and not rest["pageInfo"]["hasNextPage"]


async def test_each_person_sees_their_orgs_work_their_parts_and_what_they_review(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    work = await approved_plan(api, tree)
    mine = titles(await todos(api, tree, book.secretary))
    assert mine == {"approvals": [], "assignments": ["开展主题党日活动@第一党支部"], "returned": [], "toReview": []}
    assert titles(await todos(api, tree, tree.branch2_secretary))["assignments"] == ["开展主题党日活动@第二党支部"]
    # Nothing is the committee's own to do: its grant is on its own node, the work on the branches'.
    assert titles(await todos(api, tree, book.org_admin))["assignments"] == []

    # 第一党支部's work comes back; 第二党支部 submits its own for the committee to review.
    await set_status(tree, work["第一党支部"], "RETURNED")
    await set_status(tree, work["第二党支部"], "SUBMITTED")
    member = await book.add("李四", "201")
    await book.link(member, book.member_user)
    assert member.id is not None
    part = await add_part(tree, work["第一党支部"], member.id)
    assert titles(await todos(api, tree, book.secretary)) == {
        "approvals": [],
        "assignments": ["开展主题党日活动@第一党支部"],
        "returned": ["开展主题党日活动"],
        "toReview": [],
    }
    assert titles(await todos(api, tree, book.member_user))["assignments"] == ["组织一次主题党日@第一党支部"]
    assert titles(await todos(api, tree, tree.branch2_secretary))["assignments"] == []
    for reviewer in (book.org_admin, tree.root_secretary):
        assert titles(await todos(api, tree, reviewer))["toReview"] == ["开展主题党日活动"]
    assert titles(await todos(api, tree, tree.branch2_secretary))["toReview"] == []  # not its own issuer

    # The member submits the part: the branch reviews it; the member has nothing left to do.
    await set_status(tree, part, "SUBMITTED")
    mine_now = await todos(api, tree, book.secretary)
    assert titles(mine_now)["toReview"] == ["组织一次主题党日"]
    assert mine_now["counts"] == {"approvals": 0, "assignments": 1, "returned": 1, "toReview": 1}
    assert (await todos(api, tree, book.member_user))["counts"] == {
        "approvals": 0,
        "assignments": 0,
        "returned": 0,
        "toReview": 0,
    }


@pytest.mark.parametrize("extra", [0, 3])
async def test_the_todos_cost_a_fixed_number_of_statements(
    api: Api, build: Builder, statements: StatementLog, extra: int
) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    both = await build.user(
        "branch.both", grants=[(Role.SECRETARY, book.branch, True), (Role.ORG_ADMIN, book.branch, False)]
    )
    for i in range(extra + 1):
        await sent_plan(tree, org=book.branch, title=f"一支部计划{i}")
    work = await approved_plan(api, tree)
    await set_status(tree, work["第一党支部"], "RETURNED")
    statements.clear()
    found = await todos(api, tree, both, first=100)
    assert found["counts"] == {"approvals": extra + 1, "assignments": 1, "returned": 1, "toReview": 0}
    # A page and a count per part (work to review is two sets, plans' work and members' parts, a page each,
    # after the issuer's plans are read), one statement for all the badge numbers, and the assignments'
    # organizations in one batch.
    assert statements.count == AUTHENTICATION + 6 + 4 + 1 + 1, statements.statements
