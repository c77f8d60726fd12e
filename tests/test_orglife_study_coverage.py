"""Coverage of a study topic against a hand-built tree: the expected orgs, who studied it (with the meeting
and date), who has not, the percentage; what each reader may see; and each org's unstudied topics."""

from datetime import date
from typing import Any

from api.node_queries import RESOLVERS
from domain.orglife.study_coverage import coverage_by_topic
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.orglife_study_support import StudyTree, studied, study_tree, topic

COVERAGE = """query($t: ID!, $u: ID!) { studyCoverage(topicId: $t, under: $u) {
  topic { id title issuerName } expected studiedCount notStudiedCount percent
  studied(first: 100) { nodes { organization { name } heldOn meeting { id } } }
  notStudied(first: 100) { nodes { name } } } }"""
UNSTUDIED = "query($o: ID!) { unstudiedTopics(organizationId: $o) { title dueOn } }"


async def _coverage(api: Api, tree: StudyTree, topic_id: int, under: Any, who: str) -> dict[str, Any]:
    variables = {"t": gid("StudyTopic", topic_id), "u": gid("Organization", under.id)}
    found: dict[str, Any] = (await api.data(COVERAGE, variables, tree.token(who)))["studyCoverage"]
    # The lists as plain lists (they come in pages: test_the_lists_come_in_pages).
    return {**found, "studied": found["studied"]["nodes"], "notStudied": found["notStudied"]["nodes"]}


def _meeting(meeting_id: int) -> dict[str, str] | None:
    # The meeting resolves once the meeting area registers its node type; until then it reads as absent.
    return {"id": gid("Meeting", meeting_id)} if "Meeting" in RESOLVERS else None


async def test_coverage_against_a_hand_built_tree(api: Api, build: Builder) -> None:
    tree = await study_tree(build)
    book = tree.book
    topic_id = await topic(build, book.root, "学习全会精神", date(2026, 11, 2), date(2026, 12, 31))
    other = await topic(build, book.root, "另一个专题", date(2026, 11, 2))
    root_meeting = await studied(build, book.root, topic_id, date(2026, 11, 5))  # the committee's own 党委会
    await studied(build, book.branch, topic_id, date(2026, 11, 20))
    first = await studied(build, book.branch, topic_id, date(2026, 11, 10))  # the earliest meeting counts
    general_one = await studied(build, tree.general_one, topic_id, date(2026, 11, 12))
    await studied(build, book.group, topic_id, date(2026, 11, 6))  # a group is not expected on its own
    await studied(build, tree.dissolved, topic_id, date(2026, 11, 6))  # nor a dissolved branch
    await studied(build, book.branch2, other, date(2026, 11, 6))  # another topic
    await studied(build, book.other_branch, topic_id, date(2026, 11, 6))  # outside the issuer's subtree

    whole = await _coverage(api, tree, topic_id, book.root, "org_admin")
    assert whole["topic"]["title"] == "学习全会精神" and whole["topic"]["issuerName"] == "集团党委"
    # Expected: the committee itself, 第一、第二党支部, 机关党总支 and its two branches, 二级党委 and its branch.
    studied_rows = [(s["organization"]["name"], s["heldOn"], s["meeting"]) for s in whole["studied"]]
    assert studied_rows == [
        ("集团党委", "2026-11-05", _meeting(root_meeting)),
        ("第一党支部", "2026-11-10", _meeting(first)),
        ("机关一支部", "2026-11-12", _meeting(general_one)),
    ]
    assert {o["name"] for o in whole["notStudied"]} == {
        "第二党支部",
        "机关党总支",
        "机关二支部",
        "二级党委",
        "二级支部",
    }
    assert (whole["expected"], whole["studiedCount"], whole["notStudiedCount"], whole["percent"]) == (8, 3, 5, 37.5)

    # Under the general branch: itself and its two branches, one studied: 33.3 %.
    part = await _coverage(api, tree, topic_id, tree.general, "org_admin")
    assert [o["name"] for o in part["notStudied"]] == ["机关党总支", "机关二支部"]
    assert (part["expected"], part["studiedCount"], part["percent"]) == (3, 1, 33.3)
    # Under a branch that studied it: 100 %; under its group: none expected, 0.0.
    assert (await _coverage(api, tree, topic_id, book.branch, "org_admin"))["percent"] == 100.0
    group = await _coverage(api, tree, topic_id, book.group, "org_admin")
    assert (group["expected"], group["percent"], group["studied"], group["notStudied"]) == (0, 0.0, [], [])
    # A topic of the lower committee, seen from the top: only the lower committee's subtree is expected.
    lower = await topic(build, tree.sub, "二级党委的专题", date(2026, 11, 3))
    await studied(build, tree.sub, lower, date(2026, 11, 4))
    sub = await _coverage(api, tree, lower, book.root, "org_admin")
    assert [s["organization"]["name"] for s in sub["studied"]] == ["二级党委"]
    assert ([o["name"] for o in sub["notStudied"]], sub["percent"]) == (["二级支部"], 50.0)
    # Under a subtree the topic does not reach: nothing expected.
    assert (await _coverage(api, tree, lower, book.branch, "org_admin"))["expected"] == 0


async def test_a_branch_sees_its_own_its_committee_all_and_a_sibling_none(api: Api, build: Builder) -> None:
    tree = await study_tree(build)
    book = tree.book
    topic_id = await topic(build, book.root, "学习全会精神", date(2026, 11, 2))
    await studied(build, book.branch, topic_id, date(2026, 11, 10))
    await studied(build, tree.sub_branch, topic_id, date(2026, 11, 10))

    own = await _coverage(api, tree, topic_id, book.root, "secretary")
    assert ([s["organization"]["name"] for s in own["studied"]], own["notStudied"], own["percent"]) == (
        ["第一党支部"],
        [],
        100.0,
    )
    second = await _coverage(api, tree, topic_id, book.root, "secretary2")
    assert (second["studied"], [o["name"] for o in second["notStudied"]]) == ([], ["第二党支部"])
    lower = await _coverage(api, tree, topic_id, book.root, "sub_admin")
    assert ([s["organization"]["name"] for s in lower["studied"]], [o["name"] for o in lower["notStudied"]]) == (
        ["二级支部"],
        ["二级党委"],
    )
    auditor = await _coverage(api, tree, topic_id, book.root, "auditor")
    assert (auditor["expected"], auditor["studiedCount"]) == (8, 2)
    # A sibling committee does not see the topic at all; neither does a member without org-life rights.
    for who in ("outsider", "member_user"):
        variables = {"t": gid("StudyTopic", topic_id), "u": gid("Organization", book.root.id)}
        body = await api.post(COVERAGE, variables, tree.token(who))
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND", body
    body = await api.post(
        COVERAGE, {"t": gid("Member", 1), "u": gid("Organization", book.root.id)}, book.token(book.org_admin)
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ID"


async def test_the_topics_an_org_has_not_studied_yet(api: Api, build: Builder) -> None:
    tree = await study_tree(build)
    book = tree.book
    later = await topic(build, book.root, "期限晚的", date(2026, 11, 1), date(2026, 12, 10))
    await topic(build, book.root, "期限早的", date(2026, 11, 5), date(2026, 11, 30))
    await topic(build, book.root, "无期限的", date(2026, 10, 1))
    await topic(build, tree.sub, "二级党委的", date(2026, 11, 1), date(2026, 12, 5))
    await topic(build, book.other_branch, "外单位的", date(2026, 11, 1))  # not issued above anyone here
    await studied(build, book.branch, later, date(2026, 11, 10))

    async def unstudied(org: Any, who: str = "org_admin") -> list[tuple[str, str | None]]:
        data = await api.data(UNSTUDIED, {"o": gid("Organization", org.id)}, tree.token(who))
        return [(t["title"], t["dueOn"]) for t in data["unstudiedTopics"]]

    assert await unstudied(book.branch) == [("期限早的", "2026-11-30"), ("无期限的", None)]
    assert await unstudied(book.branch2, "secretary2") == [
        ("期限早的", "2026-11-30"),
        ("期限晚的", "2026-12-10"),
        ("无期限的", None),
    ]
    assert [title for title, _ in await unstudied(tree.sub_branch)] == [
        "期限早的",
        "二级党委的",
        "期限晚的",
        "无期限的",
    ]
    # The issuing committee itself studies its own topics in its 党委会.
    assert [title for title, _ in await unstudied(tree.sub, "sub_admin")] == [
        "期限早的",
        "二级党委的",
        "期限晚的",
        "无期限的",
    ]
    for who, org in (("outsider", book.branch2), ("secretary", book.branch2), ("org_admin", book.other_branch)):
        body = await api.post(UNSTUDIED, {"o": gid("Organization", org.id)}, tree.token(who))
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND", (who, body)


async def test_first_agenda_coverage_per_topic_for_the_chart(build: Builder) -> None:
    tree = await study_tree(build)
    book = tree.book
    old = await topic(build, book.root, "去年的专题", date(2025, 3, 1))
    new = await topic(build, book.root, "今年的专题", date(2026, 2, 1))
    lower = await topic(build, tree.sub, "二级党委的专题", date(2026, 3, 1))
    await topic(build, book.other_branch, "外单位的专题", date(2026, 3, 1))
    for org in (book.root, book.branch, book.branch2):
        await studied(build, org, new, date(2026, 2, 10))
    await studied(build, tree.sub_branch, lower, date(2026, 3, 10))
    await studied(build, book.group, old, date(2025, 3, 10))  # a group's study does not count
    admin, secretary = await book.actor(book.org_admin), await book.actor(book.secretary)
    async with build.sessions() as session:
        bars = await coverage_by_topic(session, actor=admin, under_path=book.root.path)
        this_year = await coverage_by_topic(session, actor=admin, under_path=book.root.path, year=2026)
        branch = await coverage_by_topic(session, actor=secretary, under_path=book.root.path)
    assert [(b.topic_id, b.title, b.expected, b.studied, b.percent) for b in bars] == [
        (old, "去年的专题", 8, 0, 0.0),
        (new, "今年的专题", 8, 3, 37.5),
        (lower, "二级党委的专题", 2, 1, 50.0),
    ]
    assert [b.topic_id for b in this_year] == [new, lower]
    # The branch secretary: the committee's topics, over the one branch they read.
    assert [(b.topic_id, b.expected, b.studied) for b in branch] == [(old, 1, 0), (new, 1, 1)]


async def test_the_chart_costs_three_statements(build: Builder, statements: StatementLog) -> None:
    tree = await study_tree(build)
    book = tree.book
    for i in range(4):
        topic_id = await topic(build, book.root if i % 2 else tree.sub, f"专题{i}", date(2026, 11, 1))
        await studied(build, tree.sub_branch, topic_id, date(2026, 11, 2))
    actor = await book.actor(book.org_admin)
    async with build.sessions() as session:
        statements.clear()
        bars = await coverage_by_topic(session, actor=actor, under_path=book.root.path)
    assert [(b.expected, b.studied) for b in bars] == [(2, 1), (8, 1), (2, 1), (8, 1)]
    assert statements.count == 3, statements.statements


PAGES = """query($t: ID!, $u: ID!, $a: String) { studyCoverage(topicId: $t, under: $u) {
  studiedCount notStudiedCount studied(first: 2) { nodes { organization { name } } }
  notStudied(first: 2, after: $a) { totalCount pageInfo { hasNextPage endCursor } nodes { name path } } } }"""


async def test_the_lists_come_in_pages(api: Api, build: Builder) -> None:
    tree = await study_tree(build)
    book = tree.book
    topic_id = await topic(build, book.root, "学习全会精神", date(2026, 11, 2))
    await studied(build, book.root, topic_id, date(2026, 11, 5))
    variables = {"t": gid("StudyTopic", topic_id), "u": gid("Organization", book.root.id)}
    seen: list[str] = []
    after = None
    while True:
        found = (await api.data(PAGES, {**variables, "a": after}, tree.token("org_admin")))["studyCoverage"]
        page = found["notStudied"]
        seen += [o["path"] for o in page["nodes"]]
        assert len(page["nodes"]) <= 2 and page["totalCount"] == found["notStudiedCount"] == 7
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 7 and seen == sorted(seen)  # every org once, in tree order
    assert [s["organization"]["name"] for s in found["studied"]["nodes"]] == ["集团党委"]
    body = await api.post(PAGES, {**variables, "a": "bm90LWpzb24="}, tree.token("org_admin"))
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
