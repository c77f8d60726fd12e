"""How many SQL statements a page of members costs: pinned, and the same for 10 rows as for 50."""

import pytest

from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger, ledger

# Every request first loads its actor: the account, then the grants in force.
AUTHENTICATION = 2
PAGE = "query($u: ID!, $n: Int) { members(under: $u, first: $n) { %s } }"
FIELDS = "id name gender birthDate idNumber phone age partyStanding status specialState recordState version"
SHAPES = {
    # the under org's path, then one statement for the page
    "nodes": (f"nodes {{ {FIELDS} }}", 2),
    # and one count, only because it was asked for
    "nodes and totalCount": (f"totalCount nodes {{ {FIELDS} }}", 3),
    # and one batch for every organization and party group on the page
    "edges with orgs": (
        f"totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {FIELDS} "
        "organization { name path } partyGroup { name } } }",
        4,
    ),
}


async def fifty_five_members(book: Ledger) -> None:
    """55 members over two branches, every third of the first branch's in its group."""
    for i in range(55):
        org = book.branch if i % 2 else book.branch2
        group = book.group if org is book.branch and i % 3 == 0 else None
        await book.add(f"党员{i:02d}", f"{i:02d}1", org=org, group=group)


@pytest.mark.parametrize("shape", list(SHAPES))
async def test_a_page_of_members_costs_a_fixed_number_of_statements(
    api: Api, build: Builder, statements: StatementLog, shape: str
) -> None:
    book = await ledger(build)
    await fifty_five_members(book)
    selection, cost = SHAPES[shape]
    for user in (book.org_admin, book.auditor):
        for first in (50, 10):
            statements.clear()
            data = await api.data(
                PAGE % selection, {"u": gid("Organization", book.root.id), "n": first}, book.token(user)
            )
            page = data["members"]
            assert len(page.get("nodes") or page.get("edges")) == first
            assert statements.count == AUTHENTICATION + cost, (shape, first, statements.statements)
            member_statements = [s for s in statements.statements if "FROM member" in s]
            assert len(member_statements) == (2 if "totalCount" in selection else 1)


async def test_members_read_by_id_in_one_query_share_one_statement(
    api: Api, build: Builder, statements: StatementLog
) -> None:
    book = await ledger(build)
    ids = [gid("Member", (await book.add(f"党员{i}", f"{i}01")).id) for i in range(5)]
    aliases = " ".join(
        f'm{i}: member(id: "{member_id}") {{ name organization {{ name }} }}' for i, member_id in enumerate(ids)
    )
    statements.clear()
    data = await api.data(f"{{ {aliases} }}", token=book.token(book.org_admin))
    assert [data[f"m{i}"]["name"] for i in range(5)] == [f"党员{i}" for i in range(5)]
    # the members in one batch, then their organizations in one more
    assert statements.count == AUTHENTICATION + 2, statements.statements


async def test_nodes_of_many_members_share_one_statement(api: Api, build: Builder, statements: StatementLog) -> None:
    book = await ledger(build)
    ids = [gid("Member", (await book.add(f"党员{i}", f"{i}01")).id) for i in range(5)]
    query = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Member { name } } }"
    statements.clear()
    data = await api.data(query, {"ids": [*ids, gid("Member", 999999)]}, book.token(book.org_admin))
    assert [node and node["name"] for node in data["nodes"]] == [*(f"党员{i}" for i in range(5)), None]
    assert statements.count == AUTHENTICATION + 1, statements.statements
    body = await api.post(query, {"ids": [ids[0], "not-an-id"]}, book.token(book.org_admin))
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "INVALID_ID"
