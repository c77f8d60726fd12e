"""Transfers inside the system (组织关系转接): the state machine, through the GraphQL endpoint."""

from datetime import timedelta

from sqlalchemy import select, update
from sqlmodel import col

from domain.members.models import Member, MemberTransfer
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.transfers_support import (
    MEMBER_QUERY,
    TRANSFERS_QUERY,
    World,
    accepted,
    decide,
    member,
    mutate,
    refused,
    request,
    world,
)


async def _requested(api: Api, build: Builder, w: World, seq: int = 1, name: str = "张三") -> tuple[Member, str]:
    someone = await member(build, w.admin_one, w.one, name, seq)
    transfer = await accepted(api, build, "requestTransfer", request(someone, w.two), w.admin_one, org=w.one)
    return someone, transfer["id"]


async def test_request_then_accept_moves_the_member_and_keeps_the_history(api: Api, build: Builder) -> None:
    w = await world(build)
    someone = await member(build, w.admin_one, w.one, "张三", 1, group=w.group)
    day = today()

    transfer = await accepted(api, build, "requestTransfer", request(someone, w.two), w.admin_one, org=w.one)
    assert transfer["kind"] == "INTERNAL" and transfer["status"] == "PENDING"
    assert transfer["letterValidDays"] == 30
    assert transfer["requestedOn"] == day.isoformat()
    assert transfer["expiresOn"] == (day + timedelta(days=30)).isoformat()
    assert transfer["duesPaidThrough"] == "2026-10-01"  # the month, stored as its first day
    assert (transfer["memberName"], transfer["fromOrganizationName"], transfer["toOrganizationName"]) == (
        "张三",
        "一支部",
        "二支部",
    )
    assert transfer["member"] == {"id": gid("Member", someone.id), "name": "张三"}
    assert transfer["toOrganization"] is None  # the sender reads no orgs outside its grants, names aside

    # Before accepting, the receiver sees the transfer and the member's name, not the member's record.
    data = await api.data(
        "query($id: ID!){ node(id: $id){ ... on Transfer { status memberName member { id } } } }",
        {"id": transfer["id"]},
        build.token(w.secretary_two),
    )
    assert data["node"] == {"status": "PENDING", "memberName": "张三", "member": None}

    done = await accepted(api, build, "acceptTransfer", decide(transfer["id"]), w.secretary_two, org=w.two)
    assert done["status"] == "ACCEPTED" and done["decidedAt"]
    assert done["member"] == {"id": gid("Member", someone.id), "name": "张三"}  # now the receiver's member

    async with build.sessions() as session:
        moved = await session.get(Member, someone.id)
        assert moved is not None
        assert (moved.organization_id, moved.party_group_id, moved.org_path, moved.version) == (
            w.two.id,
            None,
            w.two.path,
            someone.version + 1,
        )
    data = await api.data(MEMBER_QUERY, {"id": gid("Member", someone.id)}, build.token(w.admin_two))
    assert data["member"]["organization"] == {"id": gid("Organization", w.two.id)}
    assert [
        (s["organizationName"], s["startedOn"], s["endedOn"], s["reason"], s["reasonLabel"])
        for s in data["member"]["history"]
    ] == [
        ("一支部", "2010-07-01", day.isoformat(), "CREATED", "建档"),
        ("二支部", day.isoformat(), None, "TRANSFER", "系统内组织关系转接"),
    ]
    # The receiver reads the old org's name, not the org itself.
    assert [s["organization"] for s in data["member"]["history"]] == [None, {"id": gid("Organization", w.two.id)}]
    # The sender no longer sees the member.
    data = await api.data(MEMBER_QUERY, {"id": gid("Member", someone.id)}, build.token(w.admin_one))
    assert data["member"] is None


async def test_reject_needs_a_reason_and_leaves_the_member_where_they_are(api: Api, build: Builder) -> None:
    w = await world(build)
    someone, transfer_id = await _requested(api, build, w)
    for blank in ("", "   "):
        await refused(
            api,
            build,
            "rejectTransfer",
            decide(transfer_id, reason=blank),
            w.secretary_two,
            code="REASON_REQUIRED",
            field=["reason"],
        )
    done = await accepted(api, build, "rejectTransfer", decide(transfer_id, reason="材料不全"), w.admin_two, org=w.two)
    assert (done["status"], done["decisionReason"]) == ("REJECTED", "材料不全")
    async with build.sessions() as session:
        kept = await session.get(Member, someone.id)
        assert kept is not None and (kept.organization_id, kept.version) == (w.one.id, someone.version)
    # A rejected letter no longer holds the member: a new one can be issued.
    await accepted(api, build, "requestTransfer", request(someone, w.two), w.admin_one, org=w.one)


async def test_only_the_sender_cancels_before_a_decision(api: Api, build: Builder) -> None:
    w = await world(build)
    _, transfer_id = await _requested(api, build, w)
    await refused(api, build, "cancelTransfer", decide(transfer_id), w.secretary_two, code="FORBIDDEN", field=None)
    await refused(api, build, "cancelTransfer", decide(transfer_id), w.secretary_one, code="FORBIDDEN", field=None)
    await refused(
        api, build, "cancelTransfer", decide(transfer_id), w.secretary_three, code="NOT_FOUND", field=["transferId"]
    )
    done = await accepted(api, build, "cancelTransfer", decide(transfer_id), w.admin_one, org=w.one)
    assert done["status"] == "CANCELLED"
    await refused(
        api,
        build,
        "acceptTransfer",
        decide(transfer_id),
        w.secretary_two,
        code="TRANSFER_NOT_OPEN",
        field=["transferId"],
    )
    await refused(
        api, build, "cancelTransfer", decide(transfer_id), w.admin_one, code="TRANSFER_NOT_OPEN", field=["transferId"]
    )


async def test_a_decided_transfer_cannot_be_decided_again(api: Api, build: Builder) -> None:
    w = await world(build)
    _, transfer_id = await _requested(api, build, w)
    await accepted(api, build, "acceptTransfer", decide(transfer_id), w.secretary_two, org=w.two)
    for operation, extra in (("acceptTransfer", {}), ("rejectTransfer", {"reason": "迟了"})):
        await refused(
            api,
            build,
            operation,
            decide(transfer_id, **extra),
            w.admin_two,
            code="TRANSFER_NOT_OPEN",
            field=["transferId"],
        )


async def test_a_member_has_at_most_one_open_transfer(api: Api, build: Builder) -> None:
    w = await world(build)
    someone, _ = await _requested(api, build, w)
    await refused(
        api,
        build,
        "requestTransfer",
        request(someone, w.two),
        w.admin_one,
        code="TRANSFER_ALREADY_OPEN",
        field=["memberId"],
    )
    await refused(
        api,
        build,
        "requestTransfer",
        request(someone, w.three),
        w.admin_one,
        code="TRANSFER_ALREADY_OPEN",
        field=["memberId"],
    )


async def test_a_lapsed_letter_reads_expired_cannot_be_accepted_and_can_be_reissued(api: Api, build: Builder) -> None:
    w = await world(build)
    someone, transfer_id = await _requested(api, build, w)
    day = today()
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(MemberTransfer)
            .where(col(MemberTransfer.member_id) == someone.id)
            .values(requested_on=day - timedelta(days=31), expires_on=day - timedelta(days=1))
        )
    query = "query($id: ID!){ node(id: $id){ ... on Transfer { status } } }"
    data = await api.data(query, {"id": transfer_id}, build.token(w.secretary_two))
    assert data["node"] == {"status": "EXPIRED"}
    for status, count in (("EXPIRED", 1), ("PENDING", 0)):
        listed = await api.data(
            TRANSFERS_QUERY, {"under": gid("Organization", w.two.id), "status": status}, build.token(w.secretary_two)
        )
        assert listed["transfers"]["totalCount"] == count
    await refused(
        api,
        build,
        "acceptTransfer",
        decide(transfer_id),
        w.secretary_two,
        code="TRANSFER_EXPIRED",
        field=["transferId"],
    )
    await refused(
        api,
        build,
        "rejectTransfer",
        decide(transfer_id, reason="过期"),
        w.secretary_two,
        code="TRANSFER_EXPIRED",
        field=["transferId"],
    )

    again = await accepted(api, build, "requestTransfer", request(someone, w.two), w.admin_one, org=w.one)
    assert again["status"] == "PENDING" and again["id"] != transfer_id
    async with build.sessions() as session:
        statuses = (
            await session.execute(select(col(MemberTransfer.status)).order_by(col(MemberTransfer.id)))
        ).scalars()
        assert list(statuses) == ["EXPIRED", "PENDING"]
    await accepted(api, build, "acceptTransfer", decide(again["id"]), w.secretary_two, org=w.two)


async def test_a_letter_expires_the_day_after_its_last_valid_day(api: Api, build: Builder) -> None:
    w = await world(build)
    someone, transfer_id = await _requested(api, build, w)
    day = today()
    async with build.sessions() as session, session.begin():
        await session.execute(
            update(MemberTransfer)
            .where(col(MemberTransfer.member_id) == someone.id)
            .values(requested_on=day - timedelta(days=30), expires_on=day)
        )
    await accepted(api, build, "acceptTransfer", decide(transfer_id), w.secretary_two, org=w.two)


async def test_letter_validity_reason_and_destination_are_checked(api: Api, build: Builder) -> None:
    w = await world(build)
    someone = await member(build, w.admin_one, w.one, "张三", 1)
    for days in (0, 91, -5):
        await refused(
            api,
            build,
            "requestTransfer",
            request(someone, w.two, letterValidDays=days),
            w.admin_one,
            code="INVALID_LETTER_VALIDITY",
            field=["letterValidDays"],
        )
    await refused(
        api,
        build,
        "requestTransfer",
        request(someone, w.one),
        w.admin_one,
        code="TRANSFER_TO_SAME_ORG",
        field=["toOrganizationId"],
    )
    for not_a_branch in (w.root, w.group):
        await refused(
            api,
            build,
            "requestTransfer",
            request(someone, not_a_branch),
            w.admin_one,
            code="NOT_A_BRANCH",
            field=["toOrganizationId"],
        )
    missing = request(someone, w.two, toOrganizationId=gid("Organization", 999999))
    await refused(api, build, "requestTransfer", missing, w.admin_one, code="NOT_FOUND", field=["toOrganizationId"])
    await refused(
        api,
        build,
        "requestTransfer",
        request(someone, w.two, reason=" "),
        w.admin_one,
        code="REASON_REQUIRED",
        field=["reason"],
    )
    # The longest letter is allowed, and a destination outside the sender's grants is fine.
    done = await accepted(
        api, build, "requestTransfer", request(someone, w.three, letterValidDays=90), w.admin_one, org=w.one
    )
    assert done["expiresOn"] == (today() + timedelta(days=90)).isoformat()


async def test_who_may_send_and_who_may_decide(api: Api, build: Builder) -> None:
    w = await world(build)
    someone = await member(build, w.admin_one, w.one, "张三", 1)
    # The sender's SECRETARY reads the member but may not send them away.
    await refused(api, build, "requestTransfer", request(someone, w.two), w.secretary_one, code="FORBIDDEN", field=None)
    # Someone who cannot see the member learns nothing about them.
    await refused(
        api, build, "requestTransfer", request(someone, w.one), w.admin_two, code="NOT_FOUND", field=["memberId"]
    )

    transfer = await accepted(api, build, "requestTransfer", request(someone, w.two), w.admin_one, org=w.one)
    # A SECRETARY of an unrelated branch: not found. The sender itself may not decide for the receiver.
    await refused(
        api, build, "acceptTransfer", decide(transfer["id"]), w.secretary_three, code="NOT_FOUND", field=["transferId"]
    )
    await refused(api, build, "acceptTransfer", decide(transfer["id"]), w.admin_one, code="FORBIDDEN", field=None)
    await refused(
        api,
        build,
        "acceptTransfer",
        decide(gid("Transfer", 999999)),
        w.secretary_two,
        code="NOT_FOUND",
        field=["transferId"],
    )
    await refused(
        api,
        build,
        "acceptTransfer",
        decide(gid("Member", someone.id)),
        w.secretary_two,
        code="INVALID_ID",
        field=["transferId"],
    )
    # A committee's ORG_ADMIN decides for the branches below it.
    await accepted(api, build, "acceptTransfer", decide(transfer["id"]), w.committee_admin, org=w.two)


async def test_an_accepted_transfer_leaves_one_audit_record_naming_the_transfer(api: Api, build: Builder) -> None:
    w = await world(build)
    _, transfer_id = await _requested(api, build, w)
    before = len(await build.audit_records())
    payload = await mutate(api, build, "acceptTransfer", decide(transfer_id), w.secretary_two)
    assert payload["errors"] == []
    [record] = (await build.audit_records())[before:]
    assert (record.object_type, record.org_id, record.org_path) == ("MemberTransfer", w.two.id, w.two.path)
    assert record.changes is not None and record.changes["status"] == "ACCEPTED"
    assert record.changes["organization_id"] == {"from": w.one.id, "to": w.two.id}
