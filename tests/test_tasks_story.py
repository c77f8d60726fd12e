"""The brief's story end to end, through GraphQL only: a committee's party-affairs worker builds a plan from
two templates of the task library and publishes it; the committee's secretary approves it from their
to-dos; both branches find their assignments on their work-plan pages; one branch splits its assignment to
two members, who report; the branch submits; the committee accepts one branch's work and returns the
other's; the plan's progress and budget add up."""

from datetime import date, timedelta
from typing import Any

from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger
from tests.mutation_support import accepted
from tests.tasks_plans_support import ADD_ITEMS, CREATE_PLAN, PUBLISH, library
from tests.tasks_support import TaskTree, task_tree

TODAY = today()
YEAR = TODAY.year
ERRORS = "errors { field message code }"
FIELDS = "id title status percent dueOn budget spent overspent version returnReason organization { name }"
SPLIT = f"""mutation($input: SplitAssignmentInput!) {{ splitAssignment(input: $input) {{
  assignment {{ {FIELDS} parts {{ id version assignee {{ name }} }} }} {ERRORS} }} }}"""
REPORT = f"""mutation($input: ReportProgressInput!) {{
  reportProgress(input: $input) {{ assignment {{ {FIELDS} }} {ERRORS} }} }}"""
SUBMIT = f"""mutation($input: AssignmentIdInput!) {{
  submitAssignment(input: $input) {{ assignment {{ {FIELDS} }} {ERRORS} }} }}"""
ACCEPT = f"""mutation($input: AssignmentIdInput!) {{
  acceptAssignment(input: $input) {{ assignment {{ {FIELDS} acceptedOn }} {ERRORS} }} }}"""
RETURN = f"""mutation($input: ReturnAssignmentInput!) {{
  returnAssignment(input: $input) {{ assignment {{ {FIELDS} }} {ERRORS} }} }}"""
DECIDE = f"""mutation($input: DecideApprovalInput!) {{
  decideApproval(input: $input) {{ approval {{ id status subject {{ ... on Plan {{ status }} }} }} {ERRORS} }} }}"""
WORK_PLAN = f"query($org: ID!, $year: Int!) {{ workPlan(organizationId: $org, year: $year) {{ {FIELDS} }} }}"
TODOS = """{ myTodos {
  approvals(first: 10) { totalCount nodes { id title } }
  assignments(first: 10) { totalCount nodes { id title } }
  returned(first: 10) { totalCount nodes { id } }
  toReview(first: 10) { totalCount nodes { id } } } }"""
PROGRESS = """query($plan: ID!) { planProgress(planId: $plan) {
  total overdue acceptedOnTime onTimeRate budgetPlanned spent overspent byStatus { key value } } }"""


async def _member_with_account(tree: TaskTree, name: str, seq: str, username: str) -> tuple[str, str]:
    """A full member of 第一党支部 who signs in with their own account: (member id, token)."""
    books: Ledger = tree.ledger
    member = await books.add(name, seq)
    user = await tree.build.user(username)
    await books.link(member, user)
    return gid("Member", member.id), tree.token(user)


async def _work_plan(api: Api, tree: TaskTree, org_id: int | None, token: str) -> list[dict[str, Any]]:
    data = await api.data(WORK_PLAN, {"org": gid("Organization", org_id), "year": YEAR}, token)
    found: list[dict[str, Any]] = data["workPlan"]
    return found


async def test_plan_from_library_to_acceptance(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    books = tree.ledger
    admin, secretary = tree.token(books.org_admin), tree.token(tree.root_secretary)
    branch_token, branch2_token = tree.token(books.secretary), tree.token(tree.branch2_secretary)

    # The party-affairs worker ticks two templates and generates the plan in one call, then publishes it.
    templates = await library(api, tree)
    plan = (
        await accepted(
            api,
            build,
            CREATE_PLAN,
            {"organizationId": gid("Organization", books.root.id), "year": YEAR, "title": f"{YEAR}年党建工作计划"},
            admin,
        )
    )["plan"]
    # Started ten days ago (within the year), so the 90-day template falls due after today: accepted on time.
    starts = max(date(YEAR, 1, 1), TODAY - timedelta(days=10)).isoformat()
    branches = [gid("Organization", books.branch.id), gid("Organization", books.branch2.id)]
    from_templates = {"templateIds": [t["id"] for t in templates], "startsOn": starts}
    plan = (
        await accepted(
            api,
            build,
            ADD_ITEMS,
            {
                "planId": plan["id"],
                "version": plan["version"],
                "fromTemplates": {**from_templates, "executingOrganizationIds": branches},
            },
            admin,
        )
    )["plan"]
    assert [i["title"] for i in plan["items"]] == ["开展联建共建活动", "学习第一议题"]
    plan = (await accepted(api, build, PUBLISH, {"planId": plan["id"], "version": plan["version"]}, admin))["plan"]
    assert plan["status"] == "PENDING"

    # The secretary finds it among their to-dos, and approves it.
    todos = (await api.data(TODOS, token=secretary))["myTodos"]
    assert [n["title"] for n in todos["approvals"]["nodes"]] == [f"{YEAR}年党建工作计划"]
    approval = todos["approvals"]["nodes"][0]["id"]
    decided = await accepted(api, build, DECIDE, {"approvalId": approval, "decision": "APPROVE"}, secretary)
    assert decided["approval"]["status"] == "APPROVED"
    assert decided["approval"]["subject"] == {"status": "APPROVED"}
    assert (await api.data(TODOS, token=secretary))["myTodos"]["approvals"]["totalCount"] == 0

    # Each branch sees exactly its own two assignments, and not the other's page.
    mine = await _work_plan(api, tree, books.branch.id, branch_token)
    theirs = await _work_plan(api, tree, books.branch2.id, branch2_token)
    assert (
        sorted(a["title"] for a in mine) == sorted(a["title"] for a in theirs) == sorted(t["title"] for t in templates)
    )
    assert {a["organization"]["name"] for a in mine} == {"第一党支部"}
    assert {a["status"] for a in mine + theirs} == {"ASSIGNED"}
    assert not {a["id"] for a in mine} & {a["id"] for a in theirs}
    outside = await api.post(WORK_PLAN, {"org": gid("Organization", books.branch2.id), "year": YEAR}, branch_token)
    assert not (outside.get("data") or {}).get("workPlan")
    assert (await api.data(TODOS, token=branch_token))["myTodos"]["assignments"]["totalCount"] == 2

    # 第一党支部 splits the joint-building task between two members, who report their part and submit it.
    joint = next(a for a in mine if a["title"] == "开展联建共建活动")
    m1, m1_token = await _member_with_account(tree, "张三", "301", "zhang.san")
    m2, m2_token = await _member_with_account(tree, "李四", "302", "li.si")
    due = joint["dueOn"]
    split = await accepted(
        api,
        build,
        SPLIT,
        {
            "assignmentId": joint["id"],
            "version": joint["version"],
            "parts": [
                {"assigneeMemberId": m1, "dueOn": due, "note": "对接共建单位"},
                {"assigneeMemberId": m2, "dueOn": due},
            ],
        },
        branch_token,
    )
    parts = {p["assignee"]["name"]: p for p in split["assignment"]["parts"]}
    for name, token in (("张三", m1_token), ("李四", m2_token)):
        part = parts[name]
        reported = await accepted(
            api,
            build,
            REPORT,
            {"assignmentId": part["id"], "version": part["version"], "percent": 100, "note": "已完成", "spent": "300"},
            token,
        )
        done = reported["assignment"]
        assert (done["status"], done["percent"], done["spent"]) == ("IN_PROGRESS", 100, "300.00")
        submitted = await accepted(api, build, SUBMIT, {"assignmentId": part["id"], "version": done["version"]}, token)
        accepted_part = await accepted(
            api,
            build,
            ACCEPT,
            {"assignmentId": part["id"], "version": submitted["assignment"]["version"]},
            branch_token,
        )
        assert accepted_part["assignment"]["status"] == "ACCEPTED"

    # The branch reports the whole task (the members' spending is already in it) and submits it.
    current = next(a for a in await _work_plan(api, tree, books.branch.id, branch_token) if a["id"] == joint["id"])
    assert current["spent"] == "600.00"
    reported = await accepted(
        api,
        build,
        REPORT,
        {"assignmentId": joint["id"], "version": current["version"], "percent": 100, "spent": "1000"},
        branch_token,
    )
    assert reported["assignment"]["spent"] == "1600.00"
    ours = await accepted(
        api, build, SUBMIT, {"assignmentId": joint["id"], "version": reported["assignment"]["version"]}, branch_token
    )

    # 第二党支部 reports its joint-building task over budget (allowed, flagged) and submits it.
    other = next(a for a in theirs if a["title"] == "开展联建共建活动")
    reported = await accepted(
        api,
        build,
        REPORT,
        {"assignmentId": other["id"], "version": other["version"], "percent": 100, "spent": "2500"},
        branch2_token,
    )
    assert reported["assignment"]["overspent"] is True
    others = await accepted(
        api, build, SUBMIT, {"assignmentId": other["id"], "version": reported["assignment"]["version"]}, branch2_token
    )

    # The issuer reviews: 第一党支部's work is accepted, 第二党支部's returned with the reason.
    reviews = (await api.data(TODOS, token=admin))["myTodos"]["toReview"]
    assert {n["id"] for n in reviews["nodes"]} == {joint["id"], other["id"]}
    done = await accepted(
        api, build, ACCEPT, {"assignmentId": joint["id"], "version": ours["assignment"]["version"]}, admin
    )
    assert (done["assignment"]["status"], done["assignment"]["acceptedOn"]) == ("ACCEPTED", TODAY.isoformat())
    back = await accepted(
        api,
        build,
        RETURN,
        {"assignmentId": other["id"], "version": others["assignment"]["version"], "reason": "缺少共建协议扫描件"},
        admin,
    )
    assert (back["assignment"]["status"], back["assignment"]["returnReason"]) == ("RETURNED", "缺少共建协议扫描件")
    assert [n["id"] for n in (await api.data(TODOS, token=branch2_token))["myTodos"]["returned"]["nodes"]] == [
        other["id"]
    ]

    # The plan's progress: 4 assignments, one accepted on time; the budgets and spending add up.
    progress = (await api.data(PROGRESS, {"plan": plan["id"]}, admin))["planProgress"]
    by_status = {p["key"]: p["value"] for p in progress["byStatus"]}
    assert by_status["ACCEPTED"] == 1 and by_status["RETURNED"] == 1 and by_status["ASSIGNED"] == 2
    assert (progress["total"], progress["acceptedOnTime"]) == (4, 1)
    # The joint-building template budgets 2000.50 per branch; the study template has no budget.
    assert progress["budgetPlanned"] == "4001.00"
    assert progress["spent"] == "4100.00"
    assert progress["overspent"] is True
