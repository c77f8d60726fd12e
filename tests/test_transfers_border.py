"""Transfers across the system's border, the transfer list, and members' org histories, through GraphQL."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from domain.members.models import Member, MemberTransfer
from domain.timeutil import today
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid
from tests.transfers_support import (
    MEMBER_QUERY,
    TRANSFERS_QUERY,
    accepted,
    actor_of,
    decide,
    id_number,
    member,
    refused,
    request,
    world,
)


def out(someone: Member, **extra: Any) -> dict[str, Any]:
    return {
        "memberId": gid("Member", someone.id),
        "letterNumber": "组转字〔2026〕第 17 号",
        "outsideUnit": "某市某区机关工委",
        "reason": "调往外单位工作",
        "transferredOn": "2026-11-02",
        **extra,
    }


def arrival(branch_id: int | None, **extra: Any) -> dict[str, Any]:
    return {
        "organizationId": gid("Organization", branch_id),
        "name": "李四",
        "gender": "FEMALE",
        "ethnicity": "HUI",
        "birthDate": "1990-02-03",
        "idNumber": id_number(40, date(1990, 2, 3), male=False),
        "category": "EMPLOYED",
        "joinedOn": "2014-06-30",
        "convertedOn": "2015-06-30",
        "status": "FULL",
        "letterNumber": "外组字第 8 号",
        "outsideUnit": "某省某厅机关党委",
        "reason": "调入本单位",
        "arrivedOn": "2026-11-03",
        "duesPaidThrough": "2026-10-31",
        **extra,
    }


async def test_transfer_out_closes_the_record_with_a_dated_history(api: Api, build: Builder) -> None:
    w = await world(build)
    someone = await member(build, w.admin_one, w.one, "张三", 1)
    closed = await accepted(api, build, "transferOut", out(someone), w.admin_one, org=w.one)
    assert (closed["recordState"], closed["closedOn"], closed["version"]) == ("TRANSFERRED_OUT", "2026-11-02", 2)
    assert [
        (s["organizationName"], s["outsideUnit"], s["startedOn"], s["endedOn"], s["reason"]) for s in closed["history"]
    ] == [
        ("一支部", None, "2010-07-01", "2026-11-02", "CREATED"),
        (None, "某市某区机关工委", "2026-11-02", None, "TRANSFER_OUT"),
    ]
    async with build.sessions() as session:
        [row] = (await session.execute(select(MemberTransfer))).scalars()
        assert (row.kind, row.status, row.from_org_id, row.to_org_id, row.letter_number) == (
            "OUT",
            "COMPLETED",
            w.one.id,
            None,
            "组转字〔2026〕第 17 号",
        )
    # Closed: read-only from now on, for transfers as for everything else.
    await refused(
        api, build, "requestTransfer", request(someone, w.two), w.admin_one, code="MEMBER_CLOSED", field=["memberId"]
    )
    await refused(api, build, "transferOut", out(someone), w.admin_one, code="MEMBER_CLOSED", field=["memberId"])
    data = await api.data(TRANSFERS_QUERY, {"under": gid("Organization", w.one.id)}, build.token(w.admin_one))
    assert data["transfers"]["nodes"][0] == {
        "id": gid("Transfer", row.id),
        "kind": "OUT",
        "status": "COMPLETED",
        "memberName": "张三",
    }


async def test_transfer_out_refusals(api: Api, build: Builder) -> None:
    w = await world(build)
    someone = await member(build, w.admin_one, w.one, "张三", 1)
    for extra, code, field in (
        ({"letterNumber": " "}, "LETTER_DETAILS_REQUIRED", ["letterNumber"]),
        ({"outsideUnit": ""}, "LETTER_DETAILS_REQUIRED", ["outsideUnit"]),
        ({"reason": ""}, "REASON_REQUIRED", ["reason"]),
        ({"transferredOn": (today() + timedelta(days=1)).isoformat()}, "DATE_IN_FUTURE", ["transferredOn"]),
        ({"transferredOn": "2009-01-01"}, "DATE_BEFORE_ADMISSION", ["transferredOn"]),
        ({"letterValidDays": 91}, "INVALID_LETTER_VALIDITY", ["letterValidDays"]),
    ):
        await refused(api, build, "transferOut", out(someone, **extra), w.admin_one, code=code, field=field)
    await refused(api, build, "transferOut", out(someone), w.secretary_one, code="FORBIDDEN", field=None)
    await refused(api, build, "transferOut", out(someone), w.secretary_two, code="NOT_FOUND", field=["memberId"])
    # A letter inside the system must be withdrawn before the member leaves it.
    await accepted(api, build, "requestTransfer", request(someone, w.two), w.admin_one, org=w.one)
    await refused(
        api, build, "transferOut", out(someone), w.admin_one, code="TRANSFER_ALREADY_OPEN", field=["memberId"]
    )


async def test_transfer_in_creates_a_valid_member_from_the_letter(api: Api, build: Builder) -> None:
    w = await world(build)
    created = await accepted(api, build, "transferIn", arrival(w.two.id), w.admin_two, org=w.two)
    assert (created["name"], created["recordState"], created["organization"]) == (
        "李四",
        "ACTIVE",
        {"id": gid("Organization", w.two.id)},
    )
    assert [
        (s["organizationName"], s["outsideUnit"], s["startedOn"], s["endedOn"], s["reason"]) for s in created["history"]
    ] == [
        ("二支部", "某省某厅机关党委", "2026-11-03", None, "TRANSFER_IN"),
    ]
    async with build.sessions() as session:
        [row] = (await session.execute(select(MemberTransfer))).scalars()
        assert (row.kind, row.status, row.from_org_id, row.to_org_id, row.dues_paid_through) == (
            "IN",
            "COMPLETED",
            None,
            w.two.id,
            date(2026, 10, 1),
        )
        stored = await session.get(Member, row.member_id)
        clear = id_number(40, date(1990, 2, 3), male=False)
        assert stored is not None and stored.id_number_masked == f"{clear[:6]}********{clear[-4:]}"
        assert clear.encode() not in stored.id_number_cipher  # encrypted at rest, like any member's
    # A COMPLETED record is not open: nobody decides or cancels it.
    transfer_id = gid("Transfer", row.id)
    await refused(
        api, build, "cancelTransfer", decide(transfer_id), w.admin_two, code="TRANSFER_NOT_OPEN", field=["transferId"]
    )
    # The arrived member can be sent on inside the system like anyone else.
    someone = await _member_by_name(build, "李四")
    await accepted(api, build, "requestTransfer", request(someone, w.one), w.admin_two, org=w.two)


async def _member_by_name(build: Builder, name: str) -> Member:
    async with build.sessions() as session:
        found = (await session.execute(select(Member).where(col(Member.name) == name))).scalar_one()
        return found


async def test_transfer_in_refusals(api: Api, build: Builder) -> None:
    w = await world(build)
    good = id_number(40, date(1990, 2, 3), male=False)
    bad_check = good[:17] + ("1" if good[17] == "0" else "0")
    for extra, code, field in (
        ({"idNumber": bad_check}, "INVALID_ID_NUMBER", ["idNumber"]),
        ({"birthDate": "1990-02-04"}, "ID_NUMBER_MISMATCH", ["birthDate"]),
        ({"gender": "MALE"}, "ID_NUMBER_MISMATCH", ["gender"]),
        ({"letterNumber": ""}, "LETTER_DETAILS_REQUIRED", ["letterNumber"]),
        ({"reason": " "}, "REASON_REQUIRED", ["reason"]),
        ({"arrivedOn": "2014-01-01"}, "DATE_BEFORE_ADMISSION", ["arrivedOn"]),
        ({"arrivedOn": (today() + timedelta(days=1)).isoformat()}, "DATE_IN_FUTURE", ["arrivedOn"]),
    ):
        await refused(api, build, "transferIn", arrival(w.two.id, **extra), w.admin_two, code=code, field=field)
    await refused(api, build, "transferIn", arrival(w.two.id), w.secretary_two, code="FORBIDDEN", field=None)
    await refused(api, build, "transferIn", arrival(w.two.id), w.admin_one, code="NOT_FOUND", field=["organizationId"])
    # One member per ID number across the whole system, whichever door they come in by.
    existing = await member(build, w.admin_one, w.one, "张三", 1)
    async with build.sessions() as session:
        assert await session.get(Member, existing.id) is not None
    duplicate = arrival(w.two.id, idNumber=id_number(1), birthDate="1985-06-15", gender="MALE")
    await refused(api, build, "transferIn", duplicate, w.admin_two, code="DUPLICATE_ID_NUMBER", field=["idNumber"])


async def test_the_transfer_list_is_scoped_filtered_and_paged(api: Api, build: Builder) -> None:
    w = await world(build)
    ids = []
    for seq in range(1, 4):
        someone = await member(build, w.admin_one, w.one, f"党员{seq}", seq)
        ids.append(
            (await accepted(api, build, "requestTransfer", request(someone, w.two), w.admin_one, org=w.one))["id"]
        )
    await accepted(api, build, "cancelTransfer", decide(ids[0]), w.admin_one, org=w.one)

    async def page(user: Any, under: Any, **variables: Any) -> dict[str, Any]:
        data = await api.data(TRANSFERS_QUERY, {"under": gid("Organization", under.id), **variables}, build.token(user))
        result: dict[str, Any] = data["transfers"]
        return result

    first = await page(w.secretary_two, w.root, first=2)
    assert (first["totalCount"], first["pageInfo"]["hasNextPage"]) == (3, True)
    assert [n["id"] for n in first["nodes"]] == [ids[2], ids[1]]  # newest first
    rest = await page(w.secretary_two, w.root, first=2, after=first["pageInfo"]["endCursor"])
    assert ([n["id"] for n in rest["nodes"]], rest["pageInfo"]["hasNextPage"]) == ([ids[0]], False)

    pending = await page(w.admin_one, w.one, status="PENDING")
    assert (pending["totalCount"], [n["id"] for n in pending["nodes"]]) == (2, [ids[2], ids[1]])
    cancelled = await page(w.admin_one, w.one, status="CANCELLED")
    assert [n["status"] for n in cancelled["nodes"]] == ["CANCELLED"]
    # Outside the subtree, or outside the grants, nothing.
    assert (await page(w.secretary_three, w.three))["totalCount"] == 0
    assert (await page(w.secretary_three, w.root))["totalCount"] == 0
    assert (await page(w.admin_one, w.three))["totalCount"] == 0
    body = await api.post(
        TRANSFERS_QUERY, {"under": gid("Organization", w.root.id), "after": "bad"}, build.token(w.admin_one)
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_histories_of_a_page_are_read_in_one_statement(
    api: Api, build: Builder, statements: StatementLog
) -> None:
    w = await world(build)
    for seq in range(1, 6):
        someone = await member(build, w.admin_one, w.one, f"党员{seq}", seq)
        transfer = await accepted(api, build, "requestTransfer", request(someone, w.two), w.admin_one, org=w.one)
        await accepted(api, build, "acceptTransfer", decide(transfer["id"]), w.admin_two, org=w.two)
    statements.clear()
    data = await api.data(
        "query($under: ID!){ members(under: $under, first: 10){ nodes { name history { organizationName reason } } } }",
        {"under": gid("Organization", w.two.id)},
        build.token(w.admin_two),
    )
    assert len(data["members"]["nodes"]) == 5
    assert all([s["reason"] for s in n["history"]] == ["CREATED", "TRANSFER"] for n in data["members"]["nodes"])
    assert len([s for s in statements.statements if "member_org_history" in s]) == 1
    one = await api.data(MEMBER_QUERY, {"id": gid("Member", someone.id)}, build.token(w.admin_two))
    assert [s["organizationName"] for s in one["member"]["history"]] == ["一支部", "二支部"]


async def test_the_list_scope_agrees_with_the_point_check_for_every_role(api: Api, build: Builder) -> None:
    from authz.roles import Role
    from domain.members.transfers import may_see

    w = await world(build)
    a = await member(build, w.admin_one, w.one, "甲", 1)
    b = await member(build, w.admin_one, w.one, "乙", 2)
    c = await member(build, w.admin_one, w.one, "丙", 3)
    await accepted(api, build, "requestTransfer", request(a, w.two), w.admin_one, org=w.one)
    await accepted(api, build, "requestTransfer", request(b, w.three), w.admin_one, org=w.one)
    await accepted(api, build, "transferOut", out(c), w.admin_one, org=w.one)
    await accepted(api, build, "transferIn", arrival(w.two.id), w.admin_two, org=w.two)
    users = [
        w.admin_one, w.secretary_one, w.admin_two, w.secretary_two, w.secretary_three, w.committee_admin,
        await build.user("auditor.root", [(Role.AUDITOR, w.root, True)]),
        await build.user("member.two", [(Role.MEMBER, w.two, True)]),
        await build.user("admin.global", [(Role.ADMIN, None, True)]),
        await build.user("secretary.one.node", [(Role.SECRETARY, w.one, False)]),
    ]  # fmt: skip
    paths = {org.id: org.path for org in (w.one, w.two, w.three)}
    async with build.sessions() as session:
        rows = list((await session.execute(select(MemberTransfer))).scalars())
    assert len(rows) == 4
    for user in users:
        listed: set[str] = set()
        for root in (w.root, w.other_root):
            data = await api.data(
                TRANSFERS_QUERY, {"under": gid("Organization", root.id), "first": 100}, build.token(user)
            )
            listed |= {node["id"] for node in data["transfers"]["nodes"]}
        actor = await actor_of(build, user)
        expected = {
            gid("Transfer", t.id)
            for t in rows
            if may_see(actor, paths.get(t.from_org_id or 0), paths.get(t.to_org_id or 0))
        }
        assert listed == expected, user.username
        for t in rows:
            data = await api.data(
                "query($id: ID!){ node(id: $id){ id } }", {"id": gid("Transfer", t.id)}, build.token(user)
            )
            assert (data["node"] is not None) == (gid("Transfer", t.id) in expected), user.username
