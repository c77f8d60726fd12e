"""recordLeaving (出党): a dated, reasoned record that closes the member's record, which stays, read-only."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlmodel import col

from domain.members.models import MemberOrgHistory, MemberTransfer
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.members_support import accepted, ledger, mutate, refused

LIST = """query($under: ID!, $filter: MemberFilter) {
  members(under: $under, first: 10, filter: $filter) { totalCount nodes { name recordState } }
}"""


async def test_leaving_closes_the_record_which_stays_readable_but_out_of_the_lists(api: Api, build: Builder) -> None:
    # given two members of 第一党支部
    book = await ledger(build)
    leaving = await book.add("孙丽", "108")
    await book.add("赵强", "107")
    token = book.token(book.org_admin)
    member_id = gid("Member", leaving.id)

    # when 孙丽 withdraws from the party
    member = await accepted(
        api,
        build,
        "recordLeaving",
        {"memberId": member_id, "kind": "WITHDRAWAL", "leftOn": "2024-05-20", "reason": " 本人申请退党 "},
        token,
    )

    # then the record is closed with the date, kind and reason, and a new version
    assert (member["recordState"], member["closedOn"], member["leavingKind"], member["leavingReason"]) == (
        "LEFT",
        "2024-05-20",
        "WITHDRAWAL",
        "本人申请退党",
    )
    assert member["version"] == 2 and member["name"] == "孙丽"
    async with build.sessions() as session:
        rows = await session.execute(select(MemberOrgHistory).where(col(MemberOrgHistory.member_id) == leaving.id))
        history = rows.scalars()
        assert [(h.organization_id, h.ended_on) for h in history] == [(book.branch.id, date(2024, 5, 20))]
    record = (await build.audit_records())[-1]
    assert (record.object_type, record.object_id, record.org_id) == ("Member", leaving.id, book.branch.id)
    assert record.changes == {
        "record_state": "LEFT",
        "leaving_kind": "WITHDRAWAL",
        "closed_on": "2024-05-20",
        "reason": "本人申请退党",
    }

    # and it is still there by ID, but not in the list nor its count, unless asked for
    data = await api.data("query($id: ID!) { member(id: $id) { recordState } }", {"id": member_id}, token)
    assert data["member"] == {"recordState": "LEFT"}
    under = gid("Organization", book.root.id)
    lists: dict[str, dict[str, list[str]] | None] = {
        "default": None,
        "left": {"recordStates": ["LEFT"]},
        "both": {"recordStates": ["ACTIVE", "LEFT"]},
        "all": {"recordStates": []},
    }
    seen = {}
    for key, flt in lists.items():
        page = (await api.data(LIST, {"under": under, "filter": flt}, token))["members"]
        seen[key] = (page["totalCount"], sorted(n["name"] for n in page["nodes"]))
    assert seen == {
        "default": (1, ["赵强"]),
        "left": (1, ["孙丽"]),
        "both": (2, ["孙丽", "赵强"]),
        "all": (2, ["孙丽", "赵强"]),
    }


async def test_a_closed_record_is_read_only(api: Api, build: Builder) -> None:
    book = await ledger(build)
    gone = await book.add("周明", "111")
    token = book.token(book.org_admin)
    member_id = gid("Member", gone.id)
    await accepted(
        api,
        build,
        "recordLeaving",
        {"memberId": member_id, "kind": "DEATH", "leftOn": today().isoformat(), "reason": "病故"},
        token,
    )
    await refused(
        api,
        build,
        "updateMember",
        {"id": member_id, "version": 2, "post": "顾问"},
        token,
        code="MEMBER_CLOSED",
        field=["id"],
    )
    again = {"memberId": member_id, "kind": "EXPULSION", "leftOn": today().isoformat(), "reason": "再次"}
    await refused(api, build, "recordLeaving", again, token, code="MEMBER_CLOSED", field=["memberId"])
    # the personal data of a closed record can still be revealed by those allowed to
    payload = await mutate(api, "revealMemberPersonalData", {"memberId": member_id}, token)
    assert payload["errors"] == [] and payload["idNumber"] is not None


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"reason": "  "}, "REASON_REQUIRED", ["reason"]),
        ({"reason": "理" * 501}, "TEXT_TOO_LONG", ["reason"]),
        ({"leftOn": "2015-06-30"}, "DATE_BEFORE_ADMISSION", ["leftOn"]),
        ({"leftOn": (today() + timedelta(days=1)).isoformat()}, "DATE_IN_FUTURE", ["leftOn"]),
        ({"memberId": gid("Member", 999999)}, "NOT_FOUND", ["memberId"]),
        ({"memberId": gid("Organization", 1)}, "INVALID_ID", ["memberId"]),
    ],
    ids=["no reason", "a long reason", "before admission", "in the future", "unknown member", "not a member ID"],
)
async def test_leaving_needs_a_reason_and_a_date_between_admission_and_today(
    api: Api, build: Builder, change: dict[str, str], code: str, field: list[str]
) -> None:
    book = await ledger(build)
    member = await book.add("吴刚", "112")  # joined on 2015-07-01
    input = {"memberId": gid("Member", member.id), "kind": "REMOVAL", "leftOn": "2024-01-01", "reason": "除名"}
    await refused(api, build, "recordLeaving", {**input, **change}, book.token(book.org_admin), code=code, field=field)


async def test_leaving_the_party_withdraws_an_open_transfer_letter(api: Api, build: Builder) -> None:
    # given a member with a transfer letter to 第二党支部 still open
    book = await ledger(build)
    leaving = await book.add("孙丽", "108")
    token = book.token(book.org_admin)
    requested = await api.data(
        """mutation($input: RequestTransferInput!) {
          requestTransfer(input: $input) { transfer { id status } errors { code } }
        }""",
        {
            "input": {
                "memberId": gid("Member", leaving.id),
                "toOrganizationId": gid("Organization", book.branch2.id),
                "reason": "工作调动",
            }
        },
        token,
    )
    assert requested["requestTransfer"]["transfer"]["status"] == "PENDING"

    # when the member leaves the party
    await accepted(
        api,
        build,
        "recordLeaving",
        {"memberId": gid("Member", leaving.id), "kind": "DEATH", "leftOn": today().isoformat(), "reason": "病故"},
        token,
    )

    # then the letter is withdrawn: nobody can accept a closed record's transfer any more
    async with build.sessions() as session:
        transfer = (await session.execute(select(MemberTransfer))).scalar_one()
    assert (transfer.status, transfer.decision_reason) == ("CANCELLED", "党员记录已关闭，转接自动撤回")
