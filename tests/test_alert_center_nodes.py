"""Alerts of the center as Relay nodes: `node(id:)` returns an alert only within the reader's alert scope,
and an alert's subject resolves to the object it is about, a red indicator alert's to the indicator."""

from typing import Any

from tests.alert_center_support import alert_tree, center, run_scan
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid

NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on CenterAlert { kind level title organization { name } } } }"""
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
SUBJECTS = """query($under: ID!) { alerts(under: $under, first: 100) { nodes { kind
  subject { __typename id ... on Indicator { code name } } } } }"""


async def _node(api: Api, token: str, id: str) -> Any:
    return (await api.data(NODE, {"id": id}, token))["node"]


async def test_an_alert_is_a_node_within_the_readers_alert_scope(api: Api, build: Builder) -> None:
    at = await alert_tree(api, build)
    book = at.book
    await run_scan(build, at.day)
    everything = (await center(api, book.token(book.org_admin), book.root))["nodes"]
    red = next(n for n in everything if n["kind"] == "INDICATOR_RED")  # of 第二党支部
    own = next(n for n in everything if n["kind"] == "TASK_OVERDUE")  # of 第一党支部
    shown = {"__typename": "CenterAlert", "id": red["id"], "kind": red["kind"], "level": red["level"]}
    expected = shown | {"title": red["title"], "organization": {"name": "第二党支部"}}
    assert await _node(api, book.token(book.org_admin), red["id"]) == expected
    assert await _node(api, book.token(at.tree.branch2_secretary), red["id"]) == expected
    assert await _node(api, book.token(book.auditor), red["id"]) == expected  # auditors read alerts too
    # Outside the reader's alert scope an alert reads exactly as one whose cause is gone.
    assert await _node(api, book.token(book.secretary), red["id"]) is None
    assert (await _node(api, book.token(book.secretary), own["id"]))["id"] == own["id"]
    assert await _node(api, book.token(book.member_user), own["id"]) is None  # members see no alerts
    assert await _node(api, book.token(book.outsider), red["id"]) is None
    assert await _node(api, book.token(book.org_admin), gid("CenterAlert", 10**9)) is None


async def test_alerts_by_id_share_one_statement(api: Api, build: Builder, statements: StatementLog) -> None:
    at = await alert_tree(api, build)
    book = at.book
    await run_scan(build, at.day)
    token = book.token(book.secretary)
    everything = (await center(api, book.token(book.org_admin), book.root))["nodes"]
    mine = [n["id"] for n in everything if n["organization"]["name"] == "第一党支部"]
    theirs = next(n["id"] for n in everything if n["organization"]["name"] == "第二党支部")
    assert len(mine) >= 2
    statements.clear()
    found = (await api.data(NODES, {"ids": [*mine, theirs]}, token))["nodes"]
    assert found == [*({"id": i} for i in mine), None]
    assert statements.count == 3, statements.statements  # sign-in (user, grants), then the alerts at once


async def test_every_subject_resolves_and_a_red_indicator_alerts_is_the_indicator(api: Api, build: Builder) -> None:
    at = await alert_tree(api, build)
    book = at.book
    await run_scan(build, at.day)
    variables = {"under": gid("Organization", book.root.id)}
    nodes = (await api.data(SUBJECTS, variables, book.token(book.org_admin)))["alerts"]["nodes"]
    assert nodes and [n["kind"] for n in nodes if n["subject"] is None] == []  # every subject type has a resolver
    (red,) = [n for n in nodes if n["kind"] == "INDICATOR_RED"]
    assert red["subject"] == {
        "__typename": "Indicator",
        "id": gid("Indicator", at.indicator.id),
        "code": "MEETING_COMPLIANCE",
        "name": "三会一课按期召开率",
    }
    # The catalog is everyone's to read: the branch's secretary sees the indicator behind their own alert.
    mine = (await api.data(SUBJECTS, variables, book.token(at.tree.branch2_secretary)))["alerts"]["nodes"]
    assert [n["subject"] for n in mine if n["kind"] == "INDICATOR_RED"] == [red["subject"]]
