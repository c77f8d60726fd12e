"""API.md's cost limit: a connection multiplies what it contains by `first`, fragments included."""

from tests.fixtures import Api, Builder

NESTED = "{ organizations(first: 100) { nodes { id name children(first: 100) { nodes { id name path } } } } }"
VIA_FRAGMENTS = """
fragment Child on Organization { id name path }
fragment Parent on Organization { id name children(first: 100) { nodes { ...Child } } }
{ organizations(first: 100) { nodes { ...Parent } } }
"""
AFFORDABLE = "{ organizations(first: 100) { nodes { id name children(first: 10) { nodes { id name } } } } }"


async def test_a_query_over_the_cost_limit_is_refused_before_it_runs(api: Api, build: Builder) -> None:
    token = build.token(await build.user("reader"))
    for query in (NESTED, VIA_FRAGMENTS):
        body = await api.post(query, token=token)
        assert body.get("data") is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["QUERY_TOO_COSTLY"]


async def test_a_query_within_the_cost_limit_runs(api: Api, build: Builder) -> None:
    token = build.token(await build.user("reader"))
    data = await api.data(AFFORDABLE, token=token)
    assert data == {"organizations": {"nodes": []}}
