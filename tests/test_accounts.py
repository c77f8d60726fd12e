"""Accounts and grants (issue 2): createUser, grantRole, revokeRole, `me`, and tokens that carry no power."""

import json
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from authz.models import RoleGrant
from authz.roles import Role
from domain.accounts.models import User
from domain.accounts.passwords import verify_password
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid

CREATE_USER = """mutation($input: CreateUserInput!) {
  createUser(input: $input) { user { id username displayName } errors { code field } }
}"""
GRANT = """mutation($input: GrantRoleInput!) {
  grantRole(input: $input) { grant { id role subtree organization { name } } errors { code field message } }
}"""
REVOKE = """mutation($id: ID!) { revokeRole(input: {grantId: $id}) { grant { id revokedAt } errors { code field } } }"""
LOGIN = (
    """mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token errors { code } } }"""
)
ME = "{ me { username grants { role subtree organization { name } } } }"
READ = "query($id: ID!) { organization(id: $id) { name } organizations { nodes { name } } }"
UPDATE = """mutation($id: ID!, $v: Int!) {
  updateOrganization(input: {id: $id, version: $v, code: "X1"}) { errors { code } }
}"""
GOOD = "Str0ng#Pass"


async def small_tree(build: Builder) -> dict[str, Organization]:
    """root -> c1 -> b1 -> g1, and root -> gb beside c1."""
    root = await build.org("root", OrgType.COMMITTEE)
    c1 = await build.org("c1", OrgType.COMMITTEE, parent=root)
    b1 = await build.org("b1", OrgType.BRANCH, parent=c1)
    g1 = await build.org("g1", OrgType.GROUP, parent=b1)
    gb = await build.org("gb", OrgType.GENERAL_BRANCH, parent=root)
    return {"root": root, "c1": c1, "b1": b1, "g1": g1, "gb": gb}


async def create_user(api: Api, token: str, username: str, password: str = GOOD) -> dict[str, Any]:
    data = await api.data(
        CREATE_USER, {"input": {"username": username, "password": password, "displayName": "李四"}}, token=token
    )
    result: dict[str, Any] = data["createUser"]
    return result


async def grant(api: Api, token: str, user: User, role: Role, org: Organization | int, *, subtree: bool = True) -> Any:
    variables = {
        "input": {
            "userId": gid("User", user.id),
            "role": role.value,
            "organizationId": gid("Organization", org if isinstance(org, int) else org.id),
            "subtree": subtree,
        }
    }
    return (await api.data(GRANT, variables, token=token))["grantRole"]


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


async def stored_user(build: Builder, username: str) -> User | None:
    async with build.sessions() as session:
        return (await session.execute(select(User).where(col(User.username) == username))).scalar_one_or_none()


# createUser


@pytest.mark.parametrize("role", [Role.ADMIN, Role.ORG_ADMIN])
async def test_admins_and_org_admins_create_users(api: Api, build: Builder, role: Role) -> None:
    orgs = await small_tree(build)
    creator = await build.user("creator", grants=[(role, orgs["b1"], False)])
    result = await create_user(api, build.token(creator), "  Li.Si  ")
    assert result["errors"] == []
    assert result["user"]["username"] == "li.si"
    assert result["user"]["displayName"] == "李四"
    user = await stored_user(build, "li.si")
    assert user is not None and user.created_by == creator.id
    assert user.password_hash.startswith("$argon2id$")
    assert GOOD not in user.password_hash and verify_password(user.password_hash, GOOD)
    # The new account signs in and, with no grants yet, sees nothing.
    login = (await api.data(LOGIN, {"u": "LI.SI", "p": GOOD}))["login"]
    assert login["errors"] == []
    data = await api.data(READ, {"id": gid("Organization", orgs["b1"].id)}, token=login["token"])
    assert data == {"organization": None, "organizations": {"nodes": []}}


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.MEMBER, Role.AUDITOR, Role.SERVICE])
async def test_other_roles_may_not_create_users(api: Api, build: Builder, role: Role) -> None:
    orgs = await small_tree(build)
    caller = await build.user("caller", grants=[(role, orgs["root"], True)])
    before = await build.count(User)
    result = await create_user(api, build.token(caller), "li.si")
    assert result == {"user": None, "errors": [{"code": "FORBIDDEN", "field": None}]}
    assert await build.count(User) == before
    assert (await build.audit_records())[-1].result == "FORBIDDEN"


@pytest.mark.parametrize(
    ("username", "password", "code", "field"),
    [
        ("li.si", "Ab1!xyz", "WEAK_PASSWORD", "password"),  # 7 characters
        ("li.si", "abcdefgh1234", "WEAK_PASSWORD", "password"),  # lower case and digits only
        ("li.si", "ABCDEFGH!!!!", "WEAK_PASSWORD", "password"),  # upper case and symbols only
        ("wang.wu", "My-WANG.WU-2026", "WEAK_PASSWORD", "password"),  # contains the username
        ("ab", GOOD, "INVALID_USERNAME", "username"),  # too short
        ("li si", GOOD, "INVALID_USERNAME", "username"),
        ("-lisi", GOOD, "INVALID_USERNAME", "username"),
        ("李四", GOOD, "INVALID_USERNAME", "username"),
        ("x" * 65, GOOD, "INVALID_USERNAME", "username"),
    ],
)
async def test_bad_accounts_are_refused_and_nothing_is_written(
    api: Api, build: Builder, *, username: str, password: str, code: str, field: str
) -> None:
    admin = await build.user("boss", grants=[(Role.ADMIN, None, True)])
    users, records = await build.count(User), len(await build.audit_records())
    result = await create_user(api, build.token(admin), username, password)
    assert result == {"user": None, "errors": [{"code": code, "field": [field]}]}
    assert await build.count(User) == users
    audit = await build.audit_records()
    assert len(audit) == records + 1 and audit[-1].result == code


async def test_usernames_are_unique_whatever_their_case(api: Api, build: Builder) -> None:
    token = build.token(await build.user("boss", grants=[(Role.ADMIN, None, True)]))
    assert (await create_user(api, token, "Zhang.San"))["errors"] == []
    users = await build.count(User)
    for again in ("zhang.san", "ZHANG.SAN", " Zhang.San "):
        result = await create_user(api, token, again, "Other#Pass9")
        assert result == {"user": None, "errors": [{"code": "DUPLICATE_USERNAME", "field": ["username"]}]}
    assert await build.count(User) == users
    user = await stored_user(build, "zhang.san")
    assert user is not None and verify_password(user.password_hash, GOOD)  # the first password still holds


async def test_no_audit_record_holds_a_password(api: Api, build: Builder) -> None:
    token = build.token(await build.user("boss", grants=[(Role.ADMIN, None, True)]))
    passwords = [GOOD, "Ab1!xyz", "Another#Pass7", "Wrong#Pass8"]
    await create_user(api, token, "li.si", GOOD)
    await create_user(api, token, "wang.wu", "Ab1!xyz")
    await create_user(api, token, "LI.SI", "Another#Pass7")
    await api.data(LOGIN, {"u": "li.si", "p": GOOD})
    await api.data(LOGIN, {"u": "li.si", "p": "Wrong#Pass8"})
    user = await stored_user(build, "li.si")
    assert user is not None
    records = await build.audit_records()
    assert [r.result for r in records] == ["OK", "WEAK_PASSWORD", "DUPLICATE_USERNAME", "OK", "INVALID_CREDENTIALS"]
    trail = json.dumps([r.model_dump(mode="json") for r in records], ensure_ascii=False)
    for secret in [*passwords, user.password_hash]:
        assert secret not in trail


# grantRole

ORG_ADMIN_AT_C1 = [
    (Role.MEMBER, "c1", True, []),
    (Role.ORG_ADMIN, "b1", True, []),
    (Role.SECRETARY, "g1", False, []),
    (Role.ADMIN, "b1", True, ["FORBIDDEN"]),  # never ADMIN
    (Role.AUDITOR, "b1", False, ["FORBIDDEN"]),
    (Role.SERVICE, "b1", False, ["FORBIDDEN"]),
    (Role.MEMBER, "root", False, ["NOT_FOUND"]),  # above their node: outside their sight
    (Role.MEMBER, "gb", True, ["NOT_FOUND"]),  # a sibling subtree
]


@pytest.mark.parametrize(("role", "at", "subtree", "errors"), ORG_ADMIN_AT_C1)
async def test_org_admin_grants_some_roles_inside_their_subtree(
    api: Api, build: Builder, *, role: Role, at: str, subtree: bool, errors: list[str]
) -> None:
    orgs = await small_tree(build)
    org_admin = await build.user("org.admin", grants=[(Role.ORG_ADMIN, orgs["c1"], True)])
    grantee = await build.user("grantee")
    before = await build.count(RoleGrant)
    result = await grant(api, build.token(org_admin), grantee, role, orgs[at], subtree=subtree)
    assert codes(result) == errors
    if errors:
        assert result["grant"] is None
        assert await build.count(RoleGrant) == before
    else:
        shown = {k: v for k, v in result["grant"].items() if k != "id"}
        assert shown == {"role": role.value, "subtree": subtree, "organization": {"name": at}}
        assert await build.count(RoleGrant) == before + 1


async def test_admin_grants_any_role_anywhere(api: Api, build: Builder) -> None:
    orgs = await small_tree(build)
    token = build.token(await build.user("boss", grants=[(Role.ADMIN, None, True)]))
    grantee = await build.user("grantee")
    for role in Role:
        for name, org in orgs.items():
            assert codes(await grant(api, token, grantee, role, org, subtree=name != "g1")) == [], (role, name)


async def test_org_admin_never_grants_above_their_node_even_where_they_can_see(api: Api, build: Builder) -> None:
    orgs = await small_tree(build)
    both: list[tuple[Role, Organization | None, bool]] = [
        (Role.ORG_ADMIN, orgs["c1"], True),
        (Role.MEMBER, orgs["root"], False),
    ]
    token = build.token(await build.user("org.admin", grants=both))
    grantee = await build.user("grantee")
    assert codes(await grant(api, token, grantee, Role.MEMBER, orgs["root"], subtree=False)) == ["FORBIDDEN"]


async def test_a_node_only_org_admin_gives_node_only_grants(api: Api, build: Builder) -> None:
    orgs = await small_tree(build)
    token = build.token(await build.user("org.admin", grants=[(Role.ORG_ADMIN, orgs["b1"], False)]))
    grantee = await build.user("grantee")
    assert codes(await grant(api, token, grantee, Role.MEMBER, orgs["b1"], subtree=True)) == ["FORBIDDEN"]
    assert codes(await grant(api, token, grantee, Role.MEMBER, orgs["g1"], subtree=False)) == ["NOT_FOUND"]
    assert codes(await grant(api, token, grantee, Role.MEMBER, orgs["b1"], subtree=False)) == []


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.MEMBER, Role.AUDITOR, Role.SERVICE])
async def test_read_only_roles_grant_nothing(api: Api, build: Builder, role: Role) -> None:
    orgs = await small_tree(build)
    token = build.token(await build.user("reader", grants=[(role, orgs["root"], True)]))
    grantee = await build.user("grantee")
    assert codes(await grant(api, token, grantee, Role.MEMBER, orgs["b1"], subtree=False)) == ["FORBIDDEN"]


async def test_an_invisible_org_reads_like_a_missing_one(api: Api, build: Builder) -> None:
    orgs = await small_tree(build)
    token = build.token(await build.user("org.admin", grants=[(Role.ORG_ADMIN, orgs["c1"], True)]))
    grantee = await build.user("grantee")
    hidden = await grant(api, token, grantee, Role.MEMBER, orgs["gb"])
    missing = await grant(api, token, grantee, Role.MEMBER, 10**9)
    assert codes(hidden) == ["NOT_FOUND"]
    assert hidden == missing


async def test_the_same_grant_twice_is_refused(api: Api, build: Builder) -> None:
    orgs = await small_tree(build)
    token = build.token(await build.user("org.admin", grants=[(Role.ORG_ADMIN, orgs["c1"], True)]))
    grantee = await build.user("grantee")
    assert codes(await grant(api, token, grantee, Role.SECRETARY, orgs["b1"])) == []
    count = await build.count(RoleGrant)
    again = await grant(api, token, grantee, Role.SECRETARY, orgs["b1"])
    assert again["errors"][0]["code"] == "DUPLICATE_GRANT" and again["grant"] is None
    assert await build.count(RoleGrant) == count
    # The node alone is a different grant, and so is another role at the same place.
    assert codes(await grant(api, token, grantee, Role.SECRETARY, orgs["b1"], subtree=False)) == []
    assert codes(await grant(api, token, grantee, Role.MEMBER, orgs["b1"])) == []


# revokeRole, me, and tokens


async def test_a_revoked_grant_stops_working_on_the_next_request(api: Api, build: Builder) -> None:
    orgs = await small_tree(build)
    admin = build.token(await build.user("boss", grants=[(Role.ADMIN, None, True)]))
    secretary = await build.user("sec")
    token = build.token(secretary)  # issued before any grant, kept to the end
    b1 = {"id": gid("Organization", orgs["b1"].id)}
    assert (await api.data(READ, b1, token=token))["organization"] is None

    granted = await grant(api, admin, secretary, Role.SECRETARY, orgs["b1"])
    data = await api.data(READ, b1, token=token)
    assert data == {"organization": {"name": "b1"}, "organizations": {"nodes": [{"name": "b1"}, {"name": "g1"}]}}

    revoked = (await api.data(REVOKE, {"id": granted["grant"]["id"]}, token=admin))["revokeRole"]
    assert revoked["errors"] == [] and revoked["grant"]["revokedAt"] is not None
    assert await api.data(READ, b1, token=token) == {"organization": None, "organizations": {"nodes": []}}
    assert (await api.data(ME, token=token))["me"]["grants"] == []

    again = (await api.data(REVOKE, {"id": granted["grant"]["id"]}, token=admin))["revokeRole"]
    assert again == {"grant": None, "errors": [{"code": "GRANT_REVOKED", "field": ["grantId"]}]}


async def test_a_token_carries_no_permissions(api: Api, build: Builder) -> None:
    orgs = await small_tree(build)
    admin = build.token(await build.user("boss", grants=[(Role.ADMIN, None, True)]))
    worker = await build.user("worker")
    token = build.token(worker)
    granted = await grant(api, admin, worker, Role.ORG_ADMIN, orgs["gb"])
    gb = orgs["gb"]
    update = {"id": gid("Organization", gb.id), "v": gb.version}
    assert codes((await api.data(UPDATE, update, token=token))["updateOrganization"]) == []
    await api.data(REVOKE, {"id": granted["grant"]["id"]}, token=admin)
    update["v"] = gb.version + 1
    assert codes((await api.data(UPDATE, update, token=token))["updateOrganization"]) == ["NOT_FOUND"]
    assert (await build.get_org(gb.id)).version == gb.version + 1
    # A read-only grant now: the same token sees the org but may not change it.
    await grant(api, admin, worker, Role.AUDITOR, orgs["gb"], subtree=False)
    assert codes((await api.data(UPDATE, update, token=token))["updateOrganization"]) == ["FORBIDDEN"]


async def test_org_admin_revokes_only_what_they_could_grant(api: Api, build: Builder) -> None:
    orgs = await small_tree(build)
    admin = build.token(await build.user("boss", grants=[(Role.ADMIN, None, True)]))
    org_admin = build.token(await build.user("org.admin", grants=[(Role.ORG_ADMIN, orgs["c1"], True)]))
    grantee = await build.user("grantee")
    member = (await grant(api, admin, grantee, Role.MEMBER, orgs["b1"]))["grant"]["id"]
    auditor = (await grant(api, admin, grantee, Role.AUDITOR, orgs["b1"]))["grant"]["id"]
    outside = (await grant(api, admin, grantee, Role.MEMBER, orgs["gb"]))["grant"]["id"]

    async def revoke(grant_id: str) -> list[str]:
        return codes((await api.data(REVOKE, {"id": grant_id}, token=org_admin))["revokeRole"])

    assert await revoke(auditor) == ["FORBIDDEN"]
    assert await revoke(outside) == ["NOT_FOUND"]
    assert await revoke(gid("Grant", 10**9)) == ["NOT_FOUND"]
    assert await revoke(member) == []
    me = (await api.data(ME, token=build.token(grantee)))["me"]
    assert sorted((g["role"], g["organization"]["name"]) for g in me["grants"]) == [("AUDITOR", "b1"), ("MEMBER", "gb")]


async def test_me_lists_my_active_grants(api: Api, build: Builder) -> None:
    orgs = await small_tree(build)
    admin = build.token(await build.user("boss", grants=[(Role.ADMIN, None, True)]))
    user = await build.user("zhang", grants=[(Role.SECRETARY, orgs["b1"], False), (Role.MEMBER, orgs["c1"], True)])
    gone = await grant(api, admin, user, Role.AUDITOR, orgs["gb"])
    await api.data(REVOKE, {"id": gone["grant"]["id"]}, token=admin)
    me = (await api.data(ME, token=build.token(user)))["me"]
    assert me == {
        "username": "zhang",
        "grants": [
            {"role": "SECRETARY", "subtree": False, "organization": {"name": "b1"}},
            {"role": "MEMBER", "subtree": True, "organization": {"name": "c1"}},
        ],
    }
    boss = (await api.data(ME, token=admin))["me"]
    assert boss["grants"] == [{"role": "ADMIN", "subtree": True, "organization": None}]
