"""Who may read, write and reveal member records: scope, roles, masks, the member's own record, reveal audits."""

import json
from typing import Any

import pytest

from domain.accounts.models import User
from domain.members.models import Member
from tests.fixtures import Api, Builder, gid
from tests.members_support import BIRTH, ID_NUMBER, PHONE, Ledger, accepted, ledger, member_input, mutate, refused

MEMBER = "query($id: ID!) { member(id: $id) { name idNumber phone } }"
NODE = "query($id: ID!) { node(id: $id) { ... on Member { name idNumber phone } } }"
LIST = "query($under: ID!) { members(under: $under) { totalCount nodes { name idNumber phone } } }"
MASKED = {"name": "张三", "idNumber": "510107********1234", "phone": "138****5678"}
CLEAR = {"name": "张三", "idNumber": ID_NUMBER, "phone": PHONE}


async def zhang_san(book: Ledger) -> Member:
    """张三 of 第一党支部, with the documented ID number and phone."""
    member = await book.add("张三", "123", birth=BIRTH)
    assert member.id_number_masked == MASKED["idNumber"]
    return member


async def reads(api: Api, book: Ledger, user: User, member_id: str) -> tuple[Any, Any, Any]:
    """What the user sees of one member through member(id:), node(id:) and the list of 集团党委."""
    token = book.token(user)
    one = (await api.data(MEMBER, {"id": member_id}, token))["member"]
    node = (await api.data(NODE, {"id": member_id}, token))["node"]
    page = (await api.data(LIST, {"under": gid("Organization", book.root.id)}, token))["members"]
    return one, node, page


@pytest.mark.parametrize("role", ["org_admin", "secretary", "auditor", "admin"])
async def test_every_reader_sees_the_personal_data_masked(api: Api, build: Builder, role: str) -> None:
    book = await ledger(build)
    member = await zhang_san(book)
    member_id = gid("Member", member.id)
    one, node, page = await reads(api, book, getattr(book, role), member_id)
    assert one == node == MASKED
    assert page == {"totalCount": 1, "nodes": [MASKED]}


async def test_a_member_sees_their_own_record_in_clear_and_nobody_elses(api: Api, build: Builder) -> None:
    # given 张三, linked to the member.user account, and 李四 in the same branch
    book = await ledger(build)
    own = await zhang_san(book)
    member_id = gid("Member", own.id)
    await book.link(own, book.member_user)
    other = await book.add("李四", "456")

    # when the member reads
    one, node, page = await reads(api, book, book.member_user, member_id)

    # then their own record is in clear everywhere, and 李四 does not exist for them
    assert one == node == CLEAR
    assert page == {"totalCount": 1, "nodes": [CLEAR]}
    token = book.token(book.member_user)
    assert (await api.data(MEMBER, {"id": gid("Member", other.id)}, token))["member"] is None
    assert (await api.data(NODE, {"id": gid("Member", other.id)}, token))["node"] is None

    # and the others still see 张三 masked
    assert (await api.data(MEMBER, {"id": member_id}, book.token(book.org_admin)))["member"] == MASKED


async def test_a_secretary_reads_but_may_not_write_the_ledger(api: Api, build: Builder) -> None:
    book = await ledger(build)
    member = await zhang_san(book)
    member_id = gid("Member", member.id)
    token = book.token(book.secretary)
    await refused(
        api, build, "createMember", member_input(book.branch, idNumber="x"), token, code="FORBIDDEN", field=None
    )
    await refused(
        api, build, "updateMember", {"id": member_id, "version": 1, "post": "书记"}, token, code="FORBIDDEN", field=None
    )
    leaving = {"memberId": member_id, "kind": "WITHDRAWAL", "leftOn": "2024-01-01", "reason": "本人申请"}
    await refused(api, build, "recordLeaving", leaving, token, code="FORBIDDEN", field=None)


async def test_an_admin_reads_the_ledger_masked_but_never_writes_it(api: Api, build: Builder) -> None:
    book = await ledger(build)
    member = await zhang_san(book)
    member_id = gid("Member", member.id)
    token = book.token(book.admin)
    one, _, _ = await reads(api, book, book.admin, member_id)
    assert one == MASKED
    await refused(api, build, "createMember", member_input(book.branch2), token, code="FORBIDDEN", field=None)
    await refused(
        api,
        build,
        "updateMember",
        {"id": member_id, "version": 1, "post": "管理员"},
        token,
        code="FORBIDDEN",
        field=None,
    )
    await refused(api, build, "revealMemberPersonalData", {"memberId": member_id}, token, code="FORBIDDEN", field=None)


async def test_outside_the_scope_a_member_reads_exactly_like_one_that_does_not_exist(api: Api, build: Builder) -> None:
    # given 张三 in 第一党支部, and the ORG_ADMIN of another committee
    book = await ledger(build)
    member = await zhang_san(book)
    member_id = gid("Member", member.id)
    missing = gid("Member", 999999)
    token = book.token(book.outsider)

    # then every door answers as it does for an ID that names nothing: same code, field and message
    async def answer(operation: str, input: dict[str, Any]) -> Any:
        return (await mutate(api, operation, input, token))["errors"]

    leaving = {"kind": "DEATH", "leftOn": "2024-01-01", "reason": "病故"}
    for operation, seen, unseen in (
        ("updateMember", {"id": member_id, "version": 1}, {"id": missing, "version": 1}),
        ("recordLeaving", {"memberId": member_id, **leaving}, {"memberId": missing, **leaving}),
        ("revealMemberPersonalData", {"memberId": member_id}, {"memberId": missing}),
        (
            "createMember",
            member_input(book.branch),
            member_input(book.branch, organizationId=gid("Organization", 999999)),
        ),
    ):
        errors = await answer(operation, seen)
        assert errors == await answer(operation, unseen), operation
        assert errors[0]["code"] == "NOT_FOUND"
    await refused(api, build, "updateMember", {"id": member_id, "version": 1}, token, code="NOT_FOUND", field=["id"])
    assert (await api.data(MEMBER, {"id": member_id}, token))["member"] is None
    page = (await api.data(LIST, {"under": gid("Organization", book.branch.id)}, token))["members"]
    assert page == {"totalCount": 0, "nodes": []}


async def test_reveal_gives_the_clear_values_and_audits_every_reveal_without_them(api: Api, build: Builder) -> None:
    # given 张三, and the ORG_ADMIN of 集团党委
    book = await ledger(build)
    member = await zhang_san(book)
    member_id = gid("Member", member.id)
    token = book.token(book.org_admin)
    before = len(await build.audit_records())

    # when they reveal twice
    for _ in range(2):
        payload = await mutate(api, "revealMemberPersonalData", {"memberId": member_id}, token)
        assert payload == {"idNumber": ID_NUMBER, "phone": PHONE, "errors": []}

    # then each reveal left its own record, naming the member and what was seen, never the values
    records = (await build.audit_records())[before:]
    assert [(r.operation, r.result, r.object_type, r.username) for r in records] == [
        ("revealMemberPersonalData", "OK", "Member", "org.admin")
    ] * 2
    assert (records[0].object_id, records[0].org_id) == (member.id, book.branch.id)
    assert records[0].changes == {"revealed": ["id_number", "phone"]}
    dumped = json.dumps([r.model_dump(mode="json") for r in records], ensure_ascii=False)
    for clear in (ID_NUMBER, PHONE, ID_NUMBER[6:14]):
        assert clear not in dumped


@pytest.mark.parametrize("role", ["secretary", "auditor"])
async def test_readers_without_the_reveal_permission_are_refused_and_audited(
    api: Api, build: Builder, role: str
) -> None:
    book = await ledger(build)
    member = await zhang_san(book)
    member_id = gid("Member", member.id)
    await refused(
        api,
        build,
        "revealMemberPersonalData",
        {"memberId": member_id},
        book.token(getattr(book, role)),
        code="FORBIDDEN",
        field=None,
    )


async def test_a_member_may_reveal_their_own_record_only(api: Api, build: Builder) -> None:
    book = await ledger(build)
    own = await zhang_san(book)
    await book.link(own, book.member_user)
    other = await book.add("李四", "456")
    token = book.token(book.member_user)
    payload = await mutate(api, "revealMemberPersonalData", {"memberId": gid("Member", own.id)}, token)
    assert payload == {"idNumber": ID_NUMBER, "phone": PHONE, "errors": []}
    await refused(
        api,
        build,
        "revealMemberPersonalData",
        {"memberId": gid("Member", other.id)},
        token,
        code="NOT_FOUND",
        field=["memberId"],
    )


async def test_an_org_admin_writes_anywhere_in_their_subtree(api: Api, build: Builder) -> None:
    book = await ledger(build)
    member = await accepted(api, build, "createMember", member_input(book.branch2), book.token(book.org_admin))
    assert member["organization"]["name"] == "第二党支部"
    body = await api.post(
        "mutation($input: CreateMemberInput!) { createMember(input: $input) { errors { code } } }",
        {"input": member_input(book.branch2)},
    )
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
