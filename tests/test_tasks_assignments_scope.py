"""Who sees which assignment: a branch its own, never another branch's; a member only their own part; and
the work-plan page at a fixed number of statements. The main path starts from a real plan: drafted,
published and approved through decideApproval."""

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from domain.approvals.models import ApprovalRequest
from domain.tasks import plan_items, plans
from domain.tasks.enums import TaskCategory
from domain.tasks.models import Plan
from domain.tasks.plan_rules import Executors, ItemFields, MilestoneFields
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted
from tests.tasks_assignment_support import (
    ASSIGNMENT_FIELDS,
    PAST,
    SOON,
    SPLIT,
    TODAY,
    YEAR,
    ItemSpec,
    approved_plan,
    assignments,
)
from tests.tasks_support import TaskTree, task_tree

WORK_PLAN = f"""query($org: ID!, $year: Int!) {{ workPlan(organizationId: $org, year: $year) {{
  {ASSIGNMENT_FIELDS} item {{ id title }} milestones {{ title doneOn }} reports {{ percent }}
  reviews {{ outcome }} }} }}"""
DECIDE = """mutation($input: DecideApprovalInput!) { decideApproval(input: $input) {
  approval { id status } errors { field message code } } }"""


async def _real_plan(api: Api, tree: TaskTree) -> Plan:
    """集团党委's plan, drafted and published by its ORG_ADMIN, approved by its SECRETARY over GraphQL."""
    book = tree.ledger
    admin = await book.actor(book.org_admin)
    both = Executors((book.branch.id, book.branch2.id))  # type: ignore[arg-type]
    fields = [
        ItemFields(
            title="学习贯彻全会精神",
            category=TaskCategory.FIRST_AGENDA,
            starts_on=TODAY - timedelta(days=60),
            due_on=SOON,
            executors=both,
            milestones=(MilestoneFields("集中学习", TODAY),),
        ),
        ItemFields(
            title="述职评议",
            category=TaskCategory.ORG_BUILDING,
            starts_on=TODAY - timedelta(days=60),
            due_on=PAST,
            executors=both,
        ),
    ]
    assert book.root.id is not None
    async with tree.build.sessions() as session, session.begin():
        plan = await plans.create_plan(
            session, actor=admin, organization_id=book.root.id, year=YEAR, title="年度计划", today=TODAY
        )
        assert plan.id is not None
        plan = await plan_items.add_items(
            session, actor=admin, plan_id=plan.id, version=plan.version, from_templates=None, items=fields, today=TODAY
        )
        assert plan.id is not None
        plan = await plans.publish_plan(session, actor=admin, plan_id=plan.id, version=plan.version, today=TODAY)
    async with tree.build.sessions() as session:
        request_id = await session.scalar(
            select(col(ApprovalRequest.id)).where(col(ApprovalRequest.subject_id) == plan.id)
        )
    decided = await accepted(
        api,
        tree.build,
        DECIDE,
        {"approvalId": gid("Approval", request_id), "decision": "APPROVE"},
        tree.token(tree.root_secretary),
    )
    assert decided["approval"]["status"] == "APPROVED"
    return plan


async def _work_plan(api: Api, tree: TaskTree, org: Any, token: str) -> Any:
    return await api.post(WORK_PLAN, {"org": gid("Organization", org.id), "year": YEAR}, token)


async def test_each_branch_sees_its_own_work_plan_and_never_another_branchs(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    await _real_plan(api, tree)
    body = await _work_plan(api, tree, book.branch, tree.token(book.secretary))
    rows = body["data"]["workPlan"]
    assert [(r["title"], r["dueOn"], r["status"], r["organization"]["name"], r["planTitle"]) for r in rows] == [
        ("述职评议", str(PAST), "ASSIGNED", "第一党支部", "年度计划"),
        ("学习贯彻全会精神", str(SOON), "ASSIGNED", "第一党支部", "年度计划"),
    ]
    assert rows[1]["item"]["title"] == "学习贯彻全会精神"
    assert rows[1]["milestones"] == [{"title": "集中学习", "doneOn": None}]
    for who, org in (
        (book.secretary, book.branch2),
        (tree.branch2_secretary, book.branch),
        (book.member_user, book.branch),
    ):
        refused = await _work_plan(api, tree, org, tree.token(who))
        assert refused["errors"][0]["extensions"]["code"] == "NOT_FOUND" and refused["data"] is None
    # Nor by id: another branch's assignment reads as absent.
    other = rows[0]["id"]
    data = await api.data("query($id: ID!) { node(id: $id) { id } }", {"id": other}, tree.token(tree.branch2_secretary))
    assert data["node"] is None
    # The branch reads its work, not the committee's plan; the committee reads both.
    plan_of = "query($id: ID!) { node(id: $id) { ... on Assignment { plan { title } } } }"
    assert (await api.data(plan_of, {"id": other}, tree.token(book.secretary)))["node"] == {"plan": None}
    seen = await api.data(plan_of, {"id": other}, tree.token(tree.root_secretary))
    assert seen["node"] == {"plan": {"title": "年度计划"}}
    # The committee sees both branches' work.
    committee = await _work_plan(api, tree, book.branch2, tree.token(tree.root_secretary))
    assert len(committee["data"]["workPlan"]) == 2


async def test_a_member_sees_only_their_own_part(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    mine = await book.add("李四", "120")
    await book.link(mine, book.member_user)
    other = await book.add("王五", "130")
    plan = await approved_plan(tree, [ItemSpec("党员教育", [book.branch])])
    (whole,) = await assignments(build, plan)
    split = {
        "assignmentId": gid("Assignment", whole.id),
        "version": 1,
        "parts": [{"assigneeMemberId": gid("Member", m.id), "dueOn": str(SOON)} for m in (mine, other)],
    }
    parts = (await accepted(api, build, SPLIT, split, tree.token(book.secretary)))["assignment"]["parts"]
    query = "query($id: ID!) { node(id: $id) { ... on Assignment { id title parent { id } } } }"
    token = tree.token(book.member_user)
    seen = [(await api.data(query, {"id": p["id"]}, token))["node"] for p in parts]
    own = next(p for p in parts if p["assignee"]["name"] == "李四")
    assert [s["id"] if s else None for s in seen] == [own["id"] if p is own else None for p in parts]
    # The whole is the branch's: the member does not read it.
    assert (await api.data(query, {"id": gid("Assignment", whole.id)}, token))["node"] is None


async def test_the_work_plan_costs_a_fixed_number_of_statements(
    api: Api, build: Builder, statements: StatementLog
) -> None:
    tree = await task_tree(build)
    book = tree.ledger
    members = [await book.add(f"党员{i}", f"1{i}0") for i in range(3)]
    specs = [ItemSpec(f"任务{i}", [book.branch, book.branch2], milestones=[("节点", SOON)]) for i in range(4)]
    plan = await approved_plan(tree, specs)
    for whole in [a for a in await assignments(build, plan) if a.organization_id == book.branch.id][:2]:
        split = {
            "assignmentId": gid("Assignment", whole.id),
            "version": 1,
            "parts": [{"assigneeMemberId": gid("Member", m.id), "dueOn": str(SOON)} for m in members],
        }
        await accepted(api, build, SPLIT, split, tree.token(book.secretary))
    statements.clear()
    body = await _work_plan(api, tree, book.branch, tree.token(book.secretary))
    assert len(body["data"]["workPlan"]) == 4 and sum(len(r["parts"]) for r in body["data"]["workPlan"]) == 6
    # Signing in (the user, the grants), the org, the rows, then one batch each: orgs, parts, members,
    # items, milestones, reports, reviews; however many assignments and parts.
    assert statements.count == 11, [" ".join(s.split())[:90] for s in statements.statements]
