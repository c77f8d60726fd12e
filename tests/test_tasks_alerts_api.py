"""taskAlerts through GraphQL (today is the real today): every kind in one list, most severe and earliest
first; pages merge the kinds without losing or repeating one; level and kind narrow it; each reader sees
the alerts of their own scope; a page costs a fixed number of statements."""

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.timeutil import today
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.tasks_alert_support import approved_plan, assignment, plan_item, waiting_request
from tests.tasks_support import TaskTree, task_tree

QUERY = """query($under: ID!, $level: AlertLevel, $kind: TaskAlertKind, $first: Int, $after: String) {
  taskAlerts(under: $under, level: $level, kind: $kind, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { level kind title dueOn organization { name } } } }"""


async def _alerts(api: Api, tree: TaskTree, user: Any, under: Any, **args: Any) -> dict[str, Any]:
    variables = {"under": gid("Organization", under.id), **args}
    result: dict[str, Any] = (await api.data(QUERY, variables, tree.token(user)))["taskAlerts"]
    return result


async def _scene(tree: TaskTree) -> None:
    """Two alerts of each kind but one in 集团党委's branches, and one overdue task outside it."""
    on = today()
    books = tree.ledger
    plan = await approved_plan(tree, on.year)
    late, _ = await plan_item(
        tree, plan, title="上报党建述职报告", starts_on=on - timedelta(days=40), due_on=on - timedelta(days=3)
    )
    risky, _ = await plan_item(
        tree, plan, title="开展主题党日", starts_on=on - timedelta(days=90), due_on=on + timedelta(days=5)
    )
    steps = (("制定方案", on - timedelta(days=2)),)
    stepped, _ = await plan_item(
        tree, plan, title="联建共建", starts_on=on - timedelta(days=10), due_on=on + timedelta(days=60), steps=steps
    )
    for org in (books.branch, books.branch2, books.other_branch):
        await assignment(tree, late, org, status="IN_PROGRESS", percent=30)
    await assignment(tree, risky, books.branch, status="IN_PROGRESS", percent=10)
    await assignment(tree, risky, books.branch2, status="ASSIGNED")
    await assignment(tree, stepped, books.branch, status="IN_PROGRESS", percent=5)
    await waiting_request(tree, books.branch2, title="第二党支部年度计划", since=datetime.now(UTC) - timedelta(days=30))


async def test_all_kinds_in_one_list_most_severe_first(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    await _scene(tree)
    found = await _alerts(api, tree, tree.ledger.org_admin, tree.ledger.root, first=100)
    kinds = [(n["level"], n["kind"], n["organization"]["name"]) for n in found["nodes"]]
    assert kinds == [
        ("RED", "TASK_OVERDUE", "第一党支部"),
        ("RED", "TASK_OVERDUE", "第二党支部"),
        ("RED", "MILESTONE_MISSED", "第一党支部"),
        ("YELLOW", "APPROVAL_WAITING", "第二党支部"),  # its wait ended weeks ago
        ("YELLOW", "TASK_AT_RISK", "第一党支部"),
        ("YELLOW", "TASK_AT_RISK", "第二党支部"),
    ]
    assert found["totalCount"] == 6 and not found["pageInfo"]["hasNextPage"]
    # Two at a time: the same alerts, none lost or repeated where the kinds meet.
    pages, after = [], None
    while True:
        page = await _alerts(api, tree, tree.ledger.org_admin, tree.ledger.root, first=2, after=after)
        pages += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == found["nodes"]


async def test_level_and_kind_narrow_the_list(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    await _scene(tree)
    admin, root = tree.ledger.org_admin, tree.ledger.root
    red = await _alerts(api, tree, admin, root, level="RED")
    assert [n["kind"] for n in red["nodes"]] == ["TASK_OVERDUE", "TASK_OVERDUE", "MILESTONE_MISSED"]
    assert red["totalCount"] == 3
    waiting = await _alerts(api, tree, admin, root, kind="APPROVAL_WAITING")
    assert waiting["nodes"][0]["title"].startswith("第二党支部：“第二党支部年度计划”的审批已等待超过 5 个工作日")
    assert (await _alerts(api, tree, admin, root, level="GREEN"))["nodes"] == []
    assert (await _alerts(api, tree, admin, root, level="RED", kind="TASK_AT_RISK"))["totalCount"] == 0


async def test_each_reader_sees_their_own_scope(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    await _scene(tree)
    books = tree.ledger
    mine = await _alerts(api, tree, books.secretary, books.root)
    assert {n["organization"]["name"] for n in mine["nodes"]} == {"第一党支部"} and mine["totalCount"] == 3
    assert (await _alerts(api, tree, books.secretary, books.branch2))["nodes"] == []
    assert (await _alerts(api, tree, tree.branch2_secretary, books.branch2))["totalCount"] == 3
    assert (await _alerts(api, tree, books.auditor, books.root))["totalCount"] == 6
    assert (await _alerts(api, tree, books.member_user, books.branch))["nodes"] == []  # no task permission
    outside = await _alerts(api, tree, books.outsider, books.root)
    assert outside["nodes"] == []
    other_root = await _alerts(api, tree, books.outsider, books.other_branch)
    assert [n["organization"]["name"] for n in other_root["nodes"]] == ["外单位支部"]


async def test_a_forged_cursor_is_refused(api: Api, build: Builder) -> None:
    tree = await task_tree(build)
    variables = {"under": gid("Organization", tree.ledger.root.id), "after": "bm90LWEtY3Vyc29y"}
    body = await api.post(QUERY, variables, tree.token(tree.ledger.org_admin))
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_a_page_costs_one_statement_a_kind(api: Api, build: Builder, statements: StatementLog) -> None:
    tree = await task_tree(build)
    await _scene(tree)
    statements.clear()
    await _alerts(api, tree, tree.ledger.org_admin, tree.ledger.root, first=3)
    # The user, their grants, the path, the rules, a select per kind, one count, the page's orgs.
    assert statements.count == 10, statements.statements
    statements.clear()
    await _alerts(api, tree, tree.ledger.org_admin, tree.ledger.root, first=3, kind="TASK_OVERDUE")
    assert statements.count == 7, statements.statements
