"""What the member-ledger tests share: valid ID numbers, a small tree with people in roles, the member
mutations as a client sends them, and the proof that a refused mutation wrote nothing."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlmodel import col

from authz.actor import Actor, load_grants
from authz.roles import Role
from domain.accounts.models import User
from domain.members import service
from domain.members.enums import Category, Ethnicity, Gender, MemberStatus
from domain.members.models import Member, MemberOrgHistory
from domain.orgs.models import Organization, OrgType
from domain.personal_data import PersonalDataCipher, id_check_character
from tests.fixtures import Api, Builder, gid

# 510107 19880314 123 4: a man born on 14 March 1988 in Chengdu, whose check character happens to be 4.
ID_NUMBER = "510107198803141234"
BIRTH = date(1988, 3, 14)
PHONE = "13812345678"
MEMBER_FIELDS = """
  id name gender ethnicity birthDate idNumber phone education degree nativePlace post department category
  joinedOn convertedOn status specialState flowingTo recordState closedOn leavingKind leavingReason version
  age partyStanding probationEndsOn overdueForConversion organization { id name } partyGroup { id name }
"""
PAYLOAD = f"member {{ {MEMBER_FIELDS} }} errors {{ field message code }}"
MUTATIONS = {
    "createMember": f"mutation($input: CreateMemberInput!) {{ createMember(input: $input) {{ {PAYLOAD} }} }}",
    "updateMember": f"mutation($input: UpdateMemberInput!) {{ updateMember(input: $input) {{ {PAYLOAD} }} }}",
    "recordLeaving": f"mutation($input: RecordLeavingInput!) {{ recordLeaving(input: $input) {{ {PAYLOAD} }} }}",
    "revealMemberPersonalData": """mutation($input: RevealInput!) {
      revealMemberPersonalData(input: $input) { idNumber phone errors { field message code } }
    }""",
}


def make_id_number(region: str = "510107", birth: date = BIRTH, seq: str = "123", male: bool = True) -> str:
    """A valid 18-character ID number; the sequence's last digit is nudged to the right parity for the sex."""
    last = int(seq[2])
    if (last % 2 == 1) != male:
        last ^= 1
    first17 = f"{region}{birth:%Y%m%d}{seq[:2]}{last}"
    return first17 + id_check_character(first17)


def id_number_ending_in_x(birth: date = BIRTH, male: bool = True) -> str:
    """A valid ID number whose check character is X (some sequence number gives one)."""
    for n in range(100, 1000):
        number = make_id_number(birth=birth, seq=str(n), male=male)
        if number.endswith("X"):
            return number
    raise AssertionError("no sequence gives X")  # pragma: no cover - one in eleven does


def member_input(org: Organization, **overrides: Any) -> dict[str, Any]:
    """A valid createMember input for a full member in `org`; keyword arguments replace or add fields."""
    values: dict[str, Any] = {
        "organizationId": gid("Organization", org.id),
        "name": "张三",
        "gender": "MALE",
        "ethnicity": "HAN",
        "birthDate": BIRTH.isoformat(),
        "idNumber": ID_NUMBER,
        "phone": PHONE,
        "education": "UNDERGRADUATE",
        "category": "EMPLOYED",
        "joinedOn": "2015-07-01",
        "convertedOn": "2016-07-01",
        "status": "FULL",
    }
    values.update(overrides)
    return values


@dataclass
class Ledger:
    """集团党委 > 第一党支部 > 第一党小组, 集团党委 > 第二党支部, and 外单位党委 > 外单位支部 beside it;
    an ORG_ADMIN of 集团党委, a SECRETARY and a MEMBER of 第一党支部, an AUDITOR of 集团党委, an ORG_ADMIN
    of 外单位党委, and the global ADMIN."""

    build: Builder
    root: Organization
    branch: Organization
    group: Organization
    branch2: Organization
    other_branch: Organization
    org_admin: User
    secretary: User
    auditor: User
    member_user: User
    outsider: User
    admin: User
    writer: Actor

    def token(self, user: User) -> str:
        return self.build.token(user)

    async def actor(self, user: User) -> Actor:
        assert user.id is not None
        async with self.build.sessions() as session:
            return Actor(user.id, user.username, await load_grants(session, user.id))

    async def add(
        self,
        name: str,
        seq: str,
        *,
        org: Organization | None = None,
        birth: date = date(1990, 1, 1),
        male: bool = True,
        group: Organization | None = None,
        writer: Actor | None = None,
        **fields: Any,
    ) -> Member:
        """A member written through the domain service by the ORG_ADMIN: a full member by default."""
        values: dict[str, Any] = {
            "name": name,
            "gender": Gender.MALE if male else Gender.FEMALE,
            "ethnicity": Ethnicity("HAN"),
            "birth_date": birth,
            "id_number": make_id_number(birth=birth, seq=seq, male=male),
            "category": Category.EMPLOYED,
            "joined_on": date(2015, 7, 1),
            "converted_on": date(2016, 7, 1),
            "status": MemberStatus.FULL,
            "phone": PHONE,
        }
        values.update(fields)
        async with self.build.sessions() as session, session.begin():
            return await service.create_member(
                session,
                actor=writer or self.writer,
                cipher=cipher(self.build),
                organization_id=(org or self.branch).id,  # type: ignore[arg-type]
                party_group_id=group.id if group else None,
                fields=service.MemberFields(**values),
            )

    async def link(self, member: Member, user: User) -> None:
        """The member's own account, set directly: tests of linkMemberAccount go through the mutation."""
        async with self.build.sessions() as session, session.begin():
            await session.execute(update(Member).where(col(Member.id) == member.id).values(user_id=user.id))


async def ledger(build: Builder) -> Ledger:
    root = await build.org("集团党委", OrgType.COMMITTEE)
    branch = await build.org("第一党支部", OrgType.BRANCH, parent=root)
    group = await build.org("第一党小组", OrgType.GROUP, parent=branch)
    branch2 = await build.org("第二党支部", OrgType.BRANCH, parent=root)
    other = await build.org("外单位党委", OrgType.COMMITTEE)
    other_branch = await build.org("外单位支部", OrgType.BRANCH, parent=other)
    org_admin = await build.user("org.admin", grants=[(Role.ORG_ADMIN, root, True)])
    async with build.sessions() as session:
        assert org_admin.id is not None
        writer = Actor(org_admin.id, org_admin.username, await load_grants(session, org_admin.id))
    admin_actor = await build.admin()
    async with build.sessions() as session:
        admin = await session.get(User, admin_actor.user_id)
    assert admin is not None
    return Ledger(
        build=build,
        root=root,
        branch=branch,
        group=group,
        branch2=branch2,
        other_branch=other_branch,
        org_admin=org_admin,
        secretary=await build.user("secretary", grants=[(Role.SECRETARY, branch, True)]),
        auditor=await build.user("auditor", grants=[(Role.AUDITOR, root, True)]),
        member_user=await build.user("member.user", grants=[(Role.MEMBER, branch, True)]),
        outsider=await build.user("outsider", grants=[(Role.ORG_ADMIN, other, True)]),
        admin=admin,
        writer=writer,
    )


def cipher(build: Builder) -> PersonalDataCipher:
    return PersonalDataCipher.from_hex(build.settings.personal_data_key.get_secret_value())


async def ledger_rows(build: Builder) -> list[tuple[Any, ...]]:
    """Every member and history row, every column: the proof that a refused mutation wrote nothing."""
    async with build.sessions() as session:
        members = await session.execute(select(Member.__table__).order_by(col(Member.id)))  # type: ignore[attr-defined]
        history = await session.execute(
            select(MemberOrgHistory.__table__).order_by(col(MemberOrgHistory.id))  # type: ignore[attr-defined]
        )
        return [tuple(row) for row in members] + [tuple(row) for row in history]


async def mutate(api: Api, operation: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    data = await api.data(MUTATIONS[operation], {"input": input}, token)
    payload: dict[str, Any] = data[operation]
    return payload


async def accepted(api: Api, build: Builder, operation: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    """The mutation succeeds and appends exactly one audit record saying OK; returns the member."""
    trail_before = len(await build.audit_records())
    payload = await mutate(api, operation, input, token)
    assert payload["errors"] == [], payload
    records = (await build.audit_records())[trail_before:]
    assert [(r.operation, r.result) for r in records] == [(operation, "OK")]
    member: dict[str, Any] = payload["member"]
    return member


async def refused(
    api: Api, build: Builder, operation: str, input: dict[str, Any], token: str, *, code: str, field: list[str] | None
) -> dict[str, Any]:
    """Refused with exactly this code and field; the ledger is unchanged; one audit record carries the code."""
    rows_before = await ledger_rows(build)
    trail_before = len(await build.audit_records())
    payload = await mutate(api, operation, input, token)
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert payload["errors"][0]["message"]
    assert payload.get("member") is None and payload.get("idNumber") is None, payload
    assert await ledger_rows(build) == rows_before
    records = (await build.audit_records())[trail_before:]
    assert [(r.operation, r.result) for r in records] == [(operation, code)]
    return payload
