"""Who sees which study topics, the newest-first pages of studyTopics, and what a page and a coverage cost
in SQL statements (pinned, and the same for a small tree as for a larger one)."""

from datetime import date

import pytest

from domain.orgs.models import OrgType
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.orglife_study_support import StudyTree, studied, study_tree, topic

LIST = """query($u: ID!, $n: Int, $a: String) { studyTopics(under: $u, first: $n, after: $a) {
  totalCount pageInfo { hasNextPage endCursor } nodes { title issuedOn issuerName issuer { name } } } }"""
NODE = "query($id: ID!) { node(id: $id) { ... on StudyTopic { title issuerName issuer { name } } } }"
AUTHENTICATION = 2  # every request first loads its actor: the account, then the grants in force


async def _titles(api: Api, tree: StudyTree, under: object, who: str) -> list[str]:
    variables = {"u": gid("Organization", under.id), "n": 100}  # type: ignore[attr-defined]
    data = await api.data(LIST, variables, tree.token(who))
    return [t["title"] for t in data["studyTopics"]["nodes"]]


async def test_topics_reach_down_the_tree_and_nowhere_else(api: Api, build: Builder) -> None:
    tree = await study_tree(build)
    book = tree.book
    await topic(build, book.root, "集团的", date(2026, 11, 1))
    await topic(build, tree.sub, "二级党委的", date(2026, 11, 2))
    await topic(build, book.other_branch, "外单位的", date(2026, 11, 3))

    # The committee's ORG_ADMIN: its own topics and those issued inside its subtree, newest first.
    assert await _titles(api, tree, book.root, "org_admin") == ["二级党委的", "集团的"]
    # Under a branch: the topics that reach it (issued above it), not a sibling committee's.
    assert await _titles(api, tree, book.branch, "org_admin") == ["集团的"]
    assert await _titles(api, tree, tree.sub_branch, "org_admin") == ["二级党委的", "集团的"]
    # A branch secretary sees the topics issued above the branch, even listing from the top.
    assert await _titles(api, tree, book.branch, "secretary") == ["集团的"]
    assert await _titles(api, tree, book.root, "secretary") == ["集团的"]
    assert await _titles(api, tree, book.root, "sub_admin") == ["二级党委的", "集团的"]
    # A sibling committee's ORG_ADMIN sees none of them; a member without org-life rights sees nothing.
    assert await _titles(api, tree, book.root, "outsider") == []
    assert await _titles(api, tree, book.other_branch, "outsider") == ["外单位的"]
    assert await _titles(api, tree, book.root, "member_user") == []
    assert await _titles(api, tree, book.root, "admin") == ["二级党委的", "集团的"]


async def test_a_topic_by_id_names_its_issuer_even_where_the_issuer_is_out_of_sight(api: Api, build: Builder) -> None:
    tree = await study_tree(build)
    topic_id = gid("StudyTopic", await topic(build, tree.book.root, "集团的", date(2026, 11, 1)))
    seen = (await api.data(NODE, {"id": topic_id}, tree.token("secretary")))["node"]
    assert seen == {"title": "集团的", "issuerName": "集团党委", "issuer": None}
    assert (await api.data(NODE, {"id": topic_id}, tree.token("org_admin")))["node"]["issuer"] == {"name": "集团党委"}
    assert (await api.data(NODE, {"id": topic_id}, tree.token("outsider")))["node"] is None


async def test_pages_run_newest_first_with_ties_broken_by_id(api: Api, build: Builder) -> None:
    tree = await study_tree(build)
    ids = [await topic(build, tree.book.root, f"专题{i}", date(2026, 11, 1 + i // 2)) for i in range(5)]
    expected = ["专题4", "专题3", "专题2", "专题1", "专题0"]
    assert sorted(ids) == ids
    found, after = [], None
    while True:
        variables = {"u": gid("Organization", tree.book.root.id), "n": 2, "a": after}
        page = (await api.data(LIST, variables, tree.token("org_admin")))["studyTopics"]
        assert page["totalCount"] == 5
        found += [t["title"] for t in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert found == expected
    for bad in ("bm90LWpzb24=", "WyJub3QtYS1kYXRlIiwgMV0="):  # not JSON; a cursor of the right shape, no date
        body = await api.post(LIST, {"u": gid("Organization", tree.book.root.id), "a": bad}, tree.token("org_admin"))
        assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR", body


COVERAGE = """query($t: ID!, $u: ID!) { studyCoverage(topicId: $t, under: $u) {
  topic { title issuerName issuer { name } } expected studiedCount notStudiedCount percent
  studied(first: 100) { nodes { organization { name type path } heldOn } }
  notStudied(first: 100) { nodes { name type path } } } }"""


@pytest.mark.parametrize("extra_branches", [0, 30])
async def test_a_page_and_a_coverage_cost_a_fixed_number_of_statements(
    api: Api, build: Builder, statements: StatementLog, extra_branches: int
) -> None:
    tree = await study_tree(build)
    book = tree.book
    for i in range(extra_branches):
        branch = await build.org(f"新增支部{i:02d}", OrgType.BRANCH, parent=tree.general if i % 2 else tree.sub)
        if i % 3 == 0:
            await topic(build, tree.sub, f"二级专题{i}", date(2026, 10, 1))
        else:
            await studied(
                build, branch, await topic(build, book.root, f"专题{i}", date(2026, 10, 2)), date(2026, 10, 9)
            )
    topic_id = await topic(build, book.root, "学习全会精神", date(2026, 11, 2))
    for org in (book.root, book.branch, tree.general_one, tree.sub_branch):
        await studied(build, org, topic_id, date(2026, 11, 9))

    statements.clear()
    data = await api.data(LIST, {"u": gid("Organization", book.root.id), "n": 50}, tree.token("org_admin"))
    assert len(data["studyTopics"]["nodes"]) == 1 + extra_branches
    # the under org's path, the page (topics with their issuers' names), the count, one batch of issuers
    assert statements.count == AUTHENTICATION + 4, statements.statements

    statements.clear()
    variables = {"t": gid("StudyTopic", topic_id), "u": gid("Organization", book.root.id)}
    coverage = (await api.data(COVERAGE, variables, tree.token("org_admin")))["studyCoverage"]
    assert (coverage["expected"], coverage["studiedCount"]) == (8 + extra_branches, 4)
    # the under org's path, the topic, the expected orgs joined with their studies; the issuer is one of
    # the orgs read, primed into the loader, so it costs nothing more
    assert statements.count == AUTHENTICATION + 3, statements.statements
