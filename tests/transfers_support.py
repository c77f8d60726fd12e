"""What the transfer tests share: a tree with people on both sides of a transfer, members made through the
domain service, the transfer mutations as a client sends them, and the proof that a refusal wrote nothing."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

from authz.actor import Actor, load_grants
from authz.roles import Role
from domain.accounts.models import User
from domain.members import service
from domain.members.enums import Category, Ethnicity, Gender, MemberStatus
from domain.members.models import Member
from domain.orgs.models import Organization, OrgType
from domain.personal_data import PersonalDataCipher, id_check_character
from tests.fixtures import Api, Builder, gid

TRANSFER_FIELDS = """
  id kind status memberName fromOrganizationName toOrganizationName outsideUnit letterNumber reason
  letterValidDays duesPaidThrough requestedOn expiresOn decidedAt decisionReason
  member { id name } fromOrganization { id } toOrganization { id }
"""
ERRORS = "errors { field message code }"
MEMBER_FIELDS = """
  id name recordState closedOn version organization { id }
  history { organizationName outsideUnit startedOn endedOn reason reasonLabel organization { id } }
"""
MUTATIONS = {
    name: f"mutation($input: {kind}!) {{ {name}(input: $input) {{ {result} {ERRORS} }} }}"
    for name, kind, result in (
        ("requestTransfer", "RequestTransferInput", f"transfer {{ {TRANSFER_FIELDS} }}"),
        ("acceptTransfer", "DecideTransferInput", f"transfer {{ {TRANSFER_FIELDS} }}"),
        ("rejectTransfer", "RejectTransferInput", f"transfer {{ {TRANSFER_FIELDS} }}"),
        ("cancelTransfer", "DecideTransferInput", f"transfer {{ {TRANSFER_FIELDS} }}"),
        ("transferOut", "TransferOutInput", f"member {{ {MEMBER_FIELDS} }}"),
        ("transferIn", "TransferInInput", f"member {{ {MEMBER_FIELDS} }}"),
    )
}
MEMBER_QUERY = f"query($id: ID!) {{ member(id: $id) {{ {MEMBER_FIELDS} }} }}"
TRANSFERS_QUERY = """
query($under: ID!, $status: TransferStatus, $first: Int, $after: String) {
  transfers(under: $under, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id kind status memberName }
  }
}"""
BIRTH = date(1985, 6, 15)


def id_number(seq: int, birth: date = BIRTH, male: bool = True) -> str:
    """A valid ID number: the sequence's last digit is odd for a man, even for a woman (GB 11643)."""
    body = f"510107{birth:%Y%m%d}{seq % 100:02d}{(seq % 5) * 2 + (1 if male else 0)}"
    return body + id_check_character(body)


@dataclass
class World:
    """集团党委 > 一支部 (> 一小组), 二支部; 外单位党委 > 三支部: people hold roles on each."""

    root: Organization
    one: Organization
    group: Organization
    two: Organization
    three: Organization
    other_root: Organization
    admin_one: User  # ORG_ADMIN of 一支部: writes its members, sends transfers
    secretary_one: User  # SECRETARY of 一支部: reads, decides what comes in, cannot send
    admin_two: User
    secretary_two: User  # SECRETARY of 二支部: decides what comes to 二支部
    secretary_three: User  # SECRETARY of an unrelated branch
    committee_admin: User  # ORG_ADMIN of 集团党委's whole subtree


async def world(build: Builder) -> World:
    root = await build.org("集团党委", OrgType.COMMITTEE)
    one = await build.org("一支部", parent=root)
    group = await build.org("一小组", OrgType.GROUP, parent=one)
    two = await build.org("二支部", parent=root)
    other_root = await build.org("外单位党委", OrgType.COMMITTEE)
    three = await build.org("三支部", parent=other_root)
    return World(
        root=root,
        one=one,
        group=group,
        two=two,
        three=three,
        other_root=other_root,
        admin_one=await build.user("admin.one", [(Role.ORG_ADMIN, one, True)]),
        secretary_one=await build.user("sec.one", [(Role.SECRETARY, one, True)]),
        admin_two=await build.user("admin.two", [(Role.ORG_ADMIN, two, True)]),
        secretary_two=await build.user("sec.two", [(Role.SECRETARY, two, True)]),
        secretary_three=await build.user("sec.three", [(Role.SECRETARY, three, True)]),
        committee_admin=await build.user("admin.root", [(Role.ORG_ADMIN, root, True)]),
    )


async def actor_of(build: Builder, user: User) -> Actor:
    assert user.id is not None
    async with build.sessions() as session:
        return Actor(user_id=user.id, username=user.username, grants=await load_grants(session, user.id))


def fields(name: str, seq: int, **overrides: Any) -> service.MemberFields:
    values: dict[str, Any] = {
        "name": name,
        "gender": Gender.MALE,
        "ethnicity": Ethnicity["HAN"],
        "birth_date": BIRTH,
        "id_number": id_number(seq),
        "category": Category.EMPLOYED,
        "joined_on": date(2010, 7, 1),
        "converted_on": date(2011, 7, 1),
        "status": MemberStatus.FULL,
    }
    values.update(overrides)
    return service.MemberFields(**values)


async def member(
    build: Builder, writer: User, branch: Organization, name: str, seq: int, *, group: Organization | None = None
) -> Member:
    """A member created through the domain service, by a writer of `branch`."""
    actor = await actor_of(build, writer)
    async with build.sessions() as session, session.begin():
        assert branch.id is not None
        return await service.create_member(
            session,
            actor=actor,
            cipher=PersonalDataCipher.from_hex(build.settings.personal_data_key.get_secret_value()),
            organization_id=branch.id,
            party_group_id=group.id if group else None,
            fields=fields(name, seq),
        )


async def mutate(api: Api, build: Builder, operation: str, input: dict[str, Any], user: User) -> dict[str, Any]:
    data = await api.data(MUTATIONS[operation], {"input": input}, build.token(user))
    payload: dict[str, Any] = data[operation]
    return payload


async def ledger(build: Builder) -> list[tuple[Any, ...]]:
    """Every member, transfer and history row, every column."""
    rows: list[tuple[Any, ...]] = []
    async with build.sessions() as session:
        tables: list[Any] = [
            SQLModel.metadata.tables[name] for name in ("member", "member_transfer", "member_org_history")
        ]
        for table in tables:
            rows += [tuple(row) for row in await session.execute(select(table).order_by(table.c.id))]
    return rows


async def accepted(
    api: Api, build: Builder, operation: str, input: dict[str, Any], user: User, *, org: Organization
) -> dict[str, Any]:
    """The mutation succeeds and leaves exactly one audit record, OK, naming the org it acted in."""
    before = len(await build.audit_records())
    payload = await mutate(api, build, operation, input, user)
    assert payload["errors"] == [], payload
    records = (await build.audit_records())[before:]
    assert [(r.operation, r.result, r.org_id) for r in records] == [(operation, "OK", org.id)]
    assert records[0].object_type is not None and records[0].object_id is not None
    result: dict[str, Any] = payload["transfer"] if "transfer" in payload else payload["member"]
    return result


async def refused(
    api: Api, build: Builder, operation: str, input: dict[str, Any], user: User, *, code: str, field: list[str] | None
) -> None:
    """Refused with exactly this code and field: nothing written, one audit record carrying the code."""
    rows = await ledger(build)
    before = len(await build.audit_records())
    payload = await mutate(api, build, operation, input, user)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert payload["errors"][0]["message"]
    assert payload.get("transfer", payload.get("member")) is None
    assert await ledger(build) == rows
    records = (await build.audit_records())[before:]
    assert [(r.operation, r.result) for r in records] == [(operation, code)]


def request(member: Member, to: Organization, **extra: Any) -> dict[str, Any]:
    return {
        "memberId": gid("Member", member.id),
        "toOrganizationId": gid("Organization", to.id),
        "reason": "工作调动",
        "duesPaidThrough": "2026-10-17",
        **extra,
    }


def decide(transfer_id: str, **extra: Any) -> dict[str, Any]:
    return {"transferId": transfer_id, **extra}
