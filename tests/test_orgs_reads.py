"""The organizations page: SQL statements pinned (the same on both databases), keyset pagination, limits."""

import base64
import json

import pytest

from authz.roles import Role
from domain.orgs.models import Organization, OrgType
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.orgs_support import MALFORMED_IDS, admin_token

C, B, G = OrgType.COMMITTEE, OrgType.BRANCH, OrgType.GROUP
PLAIN = "id name type code path depth termYears termEndsOn version dissolvedOn"
PAGE = f"{{ organizations(first: 50) {{ nodes {{ {PLAIN} }} }} }}"
PAGE_WITH_TOTAL = f"{{ organizations(first: 50) {{ totalCount nodes {{ {PLAIN} }} }} }}"
PAGE_WITH_RELATIONS = f"""{{ organizations(first: 50) {{
  nodes {{ {PLAIN} parent {{ name }} children(first: 5) {{ nodes {{ name }} }} }}
}} }}"""
# Every request first loads its actor: the user, then their grants.
ACTOR = 2


async def a_forest(build: Builder, size: int, groups_per_branch: int = 2) -> list[Organization]:
    """`size` orgs: a committee, then branches 党支部00, 党支部01, ... each filled with groups in turn."""
    orgs = [await build.org("集团党委", C)]
    branches: list[Organization] = []
    groups = 0
    while len(orgs) < size:
        if not branches or groups == groups_per_branch:
            branches.append(await build.org(f"党支部{len(branches):02}", B, parent=orgs[0]))
            orgs.append(branches[-1])
            groups = 0
        else:
            groups += 1
            orgs.append(await build.org(f"党小组{groups}", G, parent=branches[-1]))
    return orgs


async def statements_for(api: Api, statements: StatementLog, query: str, token: str) -> int:
    statements.clear()
    data = await api.data(query, token=token)
    assert data["organizations"]["nodes"]
    return statements.count


async def test_a_plain_page_costs_one_statement_after_the_actor(
    api: Api, build: Builder, statements: StatementLog
) -> None:
    await a_forest(build, 28)
    token = await admin_token(build)
    assert await statements_for(api, statements, PAGE, token) == ACTOR + 1


async def test_total_count_costs_one_statement_more(api: Api, build: Builder, statements: StatementLog) -> None:
    await a_forest(build, 28)
    token = await admin_token(build)
    assert await statements_for(api, statements, PAGE_WITH_TOTAL, token) == ACTOR + 2


@pytest.mark.parametrize("size", [5, 30, 50])
async def test_parents_and_children_cost_the_same_whatever_the_page_size(
    api: Api, build: Builder, statements: StatementLog, size: int
) -> None:
    # given a forest of `size` orgs, every one of them on the page
    await a_forest(build, size)
    token = await admin_token(build)

    # when the page asks for every node's parent and first children
    statements.clear()
    data = await api.data(PAGE_WITH_RELATIONS, token=token)

    # then the page, one batch of parents and one batch of children: no statement per node
    assert statements.count == ACTOR + 3, statements.statements
    assert len(data["organizations"]["nodes"]) == size


@pytest.mark.parametrize("size", [5, 30])
async def test_every_count_on_the_page_is_one_batch_too(
    api: Api, build: Builder, statements: StatementLog, size: int
) -> None:
    await a_forest(build, size)
    query = f"""{{ organizations(first: 50) {{ totalCount
      nodes {{ {PLAIN} parent {{ name }} children(first: 5) {{ totalCount nodes {{ name }} }} }}
    }} }}"""
    # the page, its total, the parents, the children, the children's totals
    assert await statements_for(api, statements, query, await admin_token(build)) == ACTOR + 5


async def test_one_org_by_id_costs_one_statement(api: Api, build: Builder, statements: StatementLog) -> None:
    orgs = await a_forest(build, 4)
    token = await admin_token(build)
    statements.clear()
    data = await api.data(
        f"query($id: ID!) {{ organization(id: $id) {{ {PLAIN} }} }}", {"id": gid("Organization", orgs[1].id)}, token
    )
    assert data["organization"]["name"] == "党支部00"
    assert statements.count == ACTOR + 1


async def test_relations_on_the_page_are_right(api: Api, build: Builder) -> None:
    # given a committee with 7 branches of 1 group each; children come 5 at a time, by name
    await a_forest(build, 15, groups_per_branch=1)
    data = await api.data(PAGE_WITH_RELATIONS, token=await admin_token(build))
    nodes = {node["name"] + str(node["depth"]): node for node in data["organizations"]["nodes"]}
    assert nodes["集团党委0"]["parent"] is None
    assert [c["name"] for c in nodes["集团党委0"]["children"]["nodes"]] == [f"党支部{b:02}" for b in range(5)]
    assert nodes["党支部031"]["parent"] == {"name": "集团党委"}
    assert nodes["党支部031"]["children"]["nodes"] == [{"name": "党小组1"}]
    assert [n["children"]["nodes"] for n in data["organizations"]["nodes"] if n["type"] == "GROUP"] == [[]] * 7


async def test_the_same_page_costs_the_same_for_a_scoped_user(
    api: Api, build: Builder, statements: StatementLog
) -> None:
    # a secretary of the root committee's subtree: the scope is a predicate in the same statements
    orgs = await a_forest(build, 13)
    secretary = await build.user("secretary", grants=[(Role.SECRETARY, orgs[0], True)])
    assert await statements_for(api, statements, PAGE_WITH_RELATIONS, build.token(secretary)) == ACTOR + 3


async def test_a_scoped_user_sees_no_parent_above_their_grant(api: Api, build: Builder) -> None:
    # given a SECRETARY of the first branch only
    orgs = await a_forest(build, 7)
    branch = orgs[1]
    secretary = await build.user("secretary", grants=[(Role.SECRETARY, branch, True)])

    # when they read their page with parents and children
    data = await api.data(PAGE_WITH_RELATIONS, token=build.token(secretary))

    # then the committee above reads as null, and their branch's groups are there
    by_name = {node["name"]: node for node in data["organizations"]["nodes"]}
    assert sorted(by_name) == ["党小组1", "党小组2", "党支部00"]
    assert by_name["党支部00"]["parent"] is None
    assert by_name["党支部00"]["children"]["nodes"] == [{"name": "党小组1"}, {"name": "党小组2"}]
    assert by_name["党小组1"]["parent"] == {"name": "党支部00"}


async def test_first_and_after_walk_the_whole_list_without_gaps_or_repeats(api: Api, build: Builder) -> None:
    # given 22 orgs and pages of 5
    orgs = await a_forest(build, 22)
    token = await admin_token(build)
    query = """query($after: String) { organizations(first: 5, after: $after) {
      totalCount edges { cursor node { id path } } pageInfo { hasNextPage endCursor startCursor }
    } }"""

    # when a client follows endCursor until hasNextPage is false
    seen: list[str] = []
    paths: list[str] = []
    after, pages = None, 0
    while pages < 10:  # a bound, in case hasNextPage never turned false
        pages += 1
        page = (await api.data(query, {"after": after}, token))["organizations"]
        assert page["totalCount"] == len(orgs)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        paths += [edge["node"]["path"] for edge in page["edges"]]
        assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert len(page["edges"]) == 5
        after = page["pageInfo"]["endCursor"]

    # then every org came exactly once, in tree order (each after its parent), in 5 pages, the last holding 2
    assert len(seen) == len(set(seen)) == len(orgs) == 22
    assert set(seen) == {gid("Organization", org.id) for org in orgs}
    for position, path in enumerate(paths[1:], start=1):
        assert paths.index(path[: path.rstrip("/").rfind("/") + 1]) < position
    assert (pages, len(page["edges"])) == (5, 2)


async def test_children_are_paged_by_name_too(api: Api, build: Builder) -> None:
    orgs = await a_forest(build, 8, groups_per_branch=0)
    token = await admin_token(build)
    query = """query($id: ID!, $after: String) { organization(id: $id) {
      children(first: 3, after: $after) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } } }"""
    names: list[str] = []
    after = None
    while True:
        children = (await api.data(query, {"id": gid("Organization", orgs[0].id), "after": after}, token))[
            "organization"
        ]["children"]
        assert children["totalCount"] == 7
        names += [n["name"] for n in children["nodes"]]
        if not children["pageInfo"]["hasNextPage"]:
            break
        after = children["pageInfo"]["endCursor"]
    assert names == [f"党支部{b:02}" for b in range(7)]


@pytest.mark.parametrize("first", [101, 1000, -1])
async def test_a_page_size_out_of_range_is_a_top_level_error(api: Api, build: Builder, first: int) -> None:
    await a_forest(build, 4)
    token = await admin_token(build)
    for query, variables in [
        (f"{{ organizations(first: {first}) {{ nodes {{ name }} }} }}", {}),
        ("query($n: Int) { organizations(first: $n) { nodes { name } } }", {"n": first}),
        (
            "query($n: Int) { organizations(first: 1) { nodes { children(first: $n) { nodes { name } } } } }",
            {"n": first},
        ),
    ]:
        body = await api.post(query, variables, token)
        assert body["data"] is None, body
        assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_PAGE_SIZE"], body


async def test_a_hundred_is_the_largest_page(api: Api, build: Builder) -> None:
    await a_forest(build, 4)
    data = await api.data("{ organizations(first: 100) { nodes { name } } }", token=await admin_token(build))
    assert len(data["organizations"]["nodes"]) == 4


def _cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


@pytest.mark.parametrize("cursor", ["not a cursor", "%%%", _cursor({"path": "/1/"}), _cursor([]), "bnVsbA=="])
async def test_an_invalid_cursor_is_a_top_level_error(api: Api, build: Builder, cursor: str) -> None:
    await a_forest(build, 4)
    body = await api.post(
        "query($after: String) { organizations(first: 5, after: $after) { nodes { name } } }",
        {"after": cursor},
        await admin_token(build),
    )
    assert body["data"] is None, body
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_CURSOR"], body


@pytest.mark.parametrize("cursor", ["not a cursor", _cursor(["/1/"]), _cursor([{"a": 1}, 2]), _cursor(["x", "y"])])
async def test_an_invalid_children_cursor_is_a_top_level_error(api: Api, build: Builder, cursor: str) -> None:
    # a cursor from another list (organizations' carry a path only) is as invalid as garbage
    orgs = await a_forest(build, 4)
    body = await api.post(
        """query($id: ID!, $after: String) {
          organization(id: $id) { children(first: 5, after: $after) { nodes { name } } } }""",
        {"id": gid("Organization", orgs[0].id), "after": cursor},
        await admin_token(build),
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_CURSOR"], body


@pytest.mark.parametrize("bad_id", MALFORMED_IDS)
async def test_a_malformed_id_in_a_query_is_a_top_level_error(api: Api, build: Builder, bad_id: str) -> None:
    await a_forest(build, 4)
    token = await admin_token(build)
    for query in [
        "query($id: ID!) { organization(id: $id) { name } }",
        "query($id: ID!) { organizations(under: $id) { nodes { name } } }",
    ]:
        body = await api.post(query, {"id": bad_id}, token)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["INVALID_ID"], body


async def test_an_unknown_id_in_a_query_finds_nothing(api: Api, build: Builder) -> None:
    orgs = await a_forest(build, 4)
    unknown = gid("Organization", (orgs[-1].id or 0) + 1000)
    data = await api.data(
        "query($id: ID!) { organization(id: $id) { name } organizations(under: $id) { totalCount nodes { name } } }",
        {"id": unknown},
        await admin_token(build),
    )
    assert data == {"organization": None, "organizations": {"totalCount": 0, "nodes": []}}
