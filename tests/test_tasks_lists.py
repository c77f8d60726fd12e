"""The library and plan list pages cost a fixed number of statements, however many rows and items."""

from domain.timeutil import today
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.mutation_support import accepted
from tests.tasks_plans_support import ADD_ITEMS, draft, item_input, library
from tests.tasks_support import task_tree

YEAR = today().year
TEMPLATES = """query($under: ID!) { taskTemplates(under: $under, first: 10) {
  totalCount nodes { id title version organization { name } } } }"""
PLANS = """query($under: ID!, $year: Int) { plans(under: $under, year: $year, first: 10) {
  totalCount nodes { id title status organization { name } approvals { id status }
    items { title budget executingOrganizations(first: 5) { nodes { name } } milestones { title } } } } }"""


async def test_library_and_plan_pages_cost_fixed_statements(api: Api, build: Builder, statements: StatementLog) -> None:
    tree = await task_tree(build)
    books, token = tree.ledger, tree.token(tree.ledger.org_admin)
    await library(api, tree)
    for n in range(3):
        plan = await draft(api, tree, YEAR, title=f"计划{n}")
        items = [item_input(tree, YEAR, title=f"任务{i}") for i in range(n + 1)]
        await accepted(api, build, ADD_ITEMS, {"planId": plan["id"], "version": plan["version"], "items": items}, token)
    under = {"under": gid("Organization", books.root.id)}

    statements.clear()
    templates = (await api.data(TEMPLATES, under, token))["taskTemplates"]
    assert templates["totalCount"] == 2
    # Signing in (the user, the grants), the org asked about, the page, its count, then the orgs in one batch.
    assert statements.count == 6, [" ".join(s.split())[:90] for s in statements.statements]

    statements.clear()
    plans = (await api.data(PLANS, {**under, "year": YEAR}, token))["plans"]
    assert sorted(len(p["items"]) for p in plans["nodes"]) == [1, 2, 3]
    # Signing in, the org, the page, its count; then one batch each: orgs, approvals, items, executing orgs,
    # milestones, whatever the number of plans and items.
    assert statements.count == 10, [" ".join(s.split())[:90] for s in statements.statements]
