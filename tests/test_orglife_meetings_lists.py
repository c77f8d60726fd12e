"""The `meetings` list: filters, keyset pages newest first, who sees which meetings, and what a page costs."""

from typing import Any

import pytest

from authz.roles import Role
from domain.orgs.models import Organization
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger, ledger
from tests.orglife_support import CHECKSUM, MEETINGS, correction, meeting_input, mutate, recorded, refused, topic

AUTHENTICATION = 2  # every request loads its actor: the account, then its grants


async def _record(api: Api, book: Ledger, org: Organization, held_on: str, **fields: Any) -> dict[str, Any]:
    payload = await mutate(
        api, "recordMeeting", meeting_input(org, heldOn=held_on, **fields), book.token(book.org_admin)
    )
    assert payload["errors"] == [], payload
    meeting: dict[str, Any] = payload["meeting"]
    return meeting


async def _list(api: Api, token: str, under: Organization, **variables: Any) -> dict[str, Any]:
    data = await api.data(MEETINGS, {"under": gid("Organization", under.id), **variables}, token)
    found: dict[str, Any] = data["meetings"]
    return found


def _titles(page: dict[str, Any]) -> list[str]:
    return [m["title"] for m in page["nodes"]]


async def test_meetings_are_filtered_and_paged_newest_first(api: Api, build: Builder) -> None:
    book = await ledger(build)
    await _record(api, book, book.branch, "2025-01-10", title="一月大会")
    await _record(api, book, book.branch, "2025-03-05", title="三月大会")
    await _record(api, book, book.branch, "2025-03-05", title="三月第二次", type="THEME_PARTY_DAY")
    await _record(api, book, book.group, "2025-02-01", title="小组会")
    await _record(api, book, book.branch2, "2025-04-01", title="二支部")
    await _record(api, book, book.root, "2025-05-01", title="党委会")
    token = book.token(book.org_admin)
    everything = await _list(api, token, book.root)
    # Newest first; on the same day, the later record first.
    assert _titles(everything) == ["党委会", "二支部", "三月第二次", "三月大会", "小组会", "一月大会"]
    assert everything["totalCount"] == 6
    assert _titles(await _list(api, token, book.branch)) == ["三月第二次", "三月大会", "小组会", "一月大会"]
    assert _titles(await _list(api, token, book.branch, type="BRANCH_GENERAL_MEETING")) == ["三月大会", "一月大会"]
    window = await _list(api, token, book.root, **{"from": "2025-02-01", "to": "2025-03-05"})
    assert (_titles(window), window["totalCount"]) == (["三月第二次", "三月大会", "小组会"], 3)
    seen, after = [], None
    while True:
        page = await _list(api, token, book.root, first=2, after=after)
        seen += _titles(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == _titles(everything)
    body = await api.post(MEETINGS, {"under": gid("Organization", book.root.id), "after": "bm90LWEtY3Vyc29y"}, token)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    body = await api.post(MEETINGS, {"under": gid("Organization", book.root.id), "first": 101}, token)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_PAGE_SIZE"


async def test_a_branch_sees_its_own_its_committee_all_and_a_sibling_none(api: Api, build: Builder) -> None:
    book = await ledger(build)
    own = await _record(api, book, book.branch, "2025-01-10", title="一支部")
    await _record(api, book, book.group, "2025-01-11", title="一支部小组")
    await _record(api, book, book.branch2, "2025-01-12", title="二支部")
    await _record(api, book, book.root, "2025-01-13", title="党委会")
    sibling = await build.user("sibling.secretary", grants=[(Role.SECRETARY, book.branch2, True)])
    seen = {
        "secretary": ["一支部小组", "一支部"],
        "org_admin": ["党委会", "二支部", "一支部小组", "一支部"],
        "auditor": ["党委会", "二支部", "一支部小组", "一支部"],
        "sibling": ["二支部"],
        "outsider": [],
        "member_user": [],
    }
    for who, titles in seen.items():
        user = sibling if who == "sibling" else getattr(book, who)
        token = book.token(user)
        assert _titles(await _list(api, token, book.root)) == titles, who
        found = await api.data("query($id: ID!) { meeting(id: $id) { title } }", {"id": own["id"]}, token)
        assert found["meeting"] == ({"title": "一支部"} if "一支部" in titles else None), who
    # The sibling's secretary can neither record for the branch nor correct its meeting: neither exists for her.
    token = book.token(sibling)
    await refused(api, build, meeting_input(book.branch), token, code="NOT_FOUND", field=["organizationId"])
    fix = correction(own, book.branch)
    await refused(api, build, fix, token, code="NOT_FOUND", field=["id"], operation="updateMeeting")
    # The auditor reads everything in scope and writes nothing.
    token = book.token(book.auditor)
    await refused(api, build, meeting_input(book.branch), token, code="FORBIDDEN", field=None)
    await refused(api, build, fix, token, code="FORBIDDEN", field=None, operation="updateMeeting")
    # The branch's secretary records for her branch and its group.
    await recorded(api, build, meeting_input(book.group), book.token(book.secretary))


PAGE = """query($under: ID!, $first: Int) { meetings(under: $under, first: $first) { totalCount nodes {
  id type heldOn title dueCount presentCount attendanceRate organization { name } host { name } recorder { name }
  lecturer { name } attendance { member { name } present absenceReason } agenda { position title studyTopics { title } }
  decisions { text passed } attachments { name checksum } revisions { version snapshot changedBy { username } }
} } }"""


@pytest.mark.parametrize("first", [3, 12])
async def test_a_page_of_meetings_costs_a_fixed_number_of_statements(
    api: Api, build: Builder, statements: StatementLog, first: int
) -> None:
    book = await ledger(build)
    members = [await book.add(f"党员{i}", f"{i:02d}1") for i in range(4)]
    ids = [gid("Member", m.id) for m in members]
    studied = gid("StudyTopic", await topic(build, book.root))
    fields: dict[str, Any] = {
        "hostId": ids[0],
        "recorderId": ids[1],
        "attendance": [{"memberId": i, "present": True} for i in ids[:3]],
        "agenda": [{"title": "第一议题", "studyTopicIds": [studied]}, {"title": "其他"}],
        "decisions": [{"text": "决定"}],
        "attachments": [{"name": "a.pdf", "size": 1, "checksum": CHECKSUM}],
    }
    token = book.token(book.org_admin)
    for day in range(1, 13):
        held_on = f"2025-03-{day:02d}"
        meeting = await _record(api, book, book.branch, held_on, **fields)
        fix = correction(meeting, book.branch, heldOn=held_on, place="改正地点", **fields)
        await recorded(api, build, fix, token, operation="updateMeeting")
    statements.clear()
    data = await api.data(
        PAGE, {"under": gid("Organization", book.root.id), "first": first}, book.token(book.org_admin)
    )
    nodes = data["meetings"]["nodes"]
    assert len(nodes) == first
    assert all(len(n["attendance"]) == 4 and n["revisions"] and n["agenda"][0]["studyTopics"] for n in nodes)
    assert all(n["host"] and n["revisions"][0]["changedBy"] for n in nodes)
    # the under org's path, the page, its count; then one batch each: organizations, attendance, agenda,
    # studies, topics, attachments, revisions, users; and members twice: the hosts and recorders with the
    # meetings, the attendees once the attendance is read
    assert statements.count == AUTHENTICATION + 3 + 10, statements.statements
