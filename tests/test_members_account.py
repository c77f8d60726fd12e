"""linkMemberAccount: a member's own account, through which they see their own record in clear."""

from typing import Any

from tests.fixtures import Api, Builder, gid
from tests.members_support import ledger

LINK = """mutation($input: LinkMemberAccountInput!) {
  linkMemberAccount(input: $input) { member { id version } errors { field code } }
}"""
OWN = "query($id: ID!) { member(id: $id) { idNumber phone } }"


async def link(api: Api, token: str, member_id: int | None, user_id: int | None) -> dict[str, Any]:
    variables = {"memberId": gid("Member", member_id), "userId": gid("User", user_id) if user_id else None}
    data = await api.data(LINK, {"input": variables}, token)
    payload: dict[str, Any] = data["linkMemberAccount"]
    return payload


async def test_a_linked_member_sees_their_own_record_in_clear_until_unlinked(api: Api, build: Builder) -> None:
    # given a member and their account, not linked yet
    book = await ledger(build)
    member = await book.add("刘志强", "101")
    own_token = book.token(book.member_user)
    assert await api.data(OWN, {"id": gid("Member", member.id)}, own_token) == {"member": None}

    # when the party-affairs worker links the account
    payload = await link(api, book.token(book.org_admin), member.id, book.member_user.id)

    # then the member reads their own ID number and phone in clear
    assert payload["errors"] == [] and payload["member"]["version"] == 2
    seen = (await api.data(OWN, {"id": gid("Member", member.id)}, own_token))["member"]
    assert "*" not in seen["idNumber"] and "*" not in seen["phone"]
    trail = (await build.audit_records())[-1]
    assert (trail.operation, trail.result, trail.changes) == (
        "linkMemberAccount",
        "OK",
        {"user_id": {"from": None, "to": book.member_user.id}},
    )

    # and after unlinking, not any more
    assert (await link(api, book.token(book.org_admin), member.id, None))["errors"] == []
    assert await api.data(OWN, {"id": gid("Member", member.id)}, own_token) == {"member": None}


async def test_one_account_links_one_record_and_only_a_ledger_keeper_links(api: Api, build: Builder) -> None:
    book = await ledger(build)
    first = await book.add("刘志强", "101")
    second = await book.add("王建国", "103")
    admin_token = book.token(book.org_admin)
    assert (await link(api, admin_token, first.id, book.member_user.id))["errors"] == []

    # a second record for the same account is refused by the database's unique constraint
    refused = await link(api, admin_token, second.id, book.member_user.id)
    assert refused == {"member": None, "errors": [{"field": ["userId"], "code": "ACCOUNT_ALREADY_LINKED"}]}

    # a secretary reads the ledger but does not keep it; an unknown account is not found
    by_secretary = await link(api, book.token(book.secretary), second.id, book.secretary.id)
    assert [e["code"] for e in by_secretary["errors"]] == ["FORBIDDEN"]
    unknown = await link(api, admin_token, second.id, 999_999)
    assert unknown["errors"] == [{"field": ["userId"], "code": "NOT_FOUND"}]
