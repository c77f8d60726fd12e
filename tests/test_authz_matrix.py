"""The access matrix (issue 2): every role, granted at several places of a four-level tree, reading and
writing every org through `organization(id)`, `node(id)`, the `organizations` list and
`updateOrganization`; and the list scope (SQL) agreeing with the point check (Casbin) on the database.

Expectations come from the small hand-written tables below, never from the code under test.
"""

from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from authz.actor import Actor, load_grants
from authz.authorizer import AUTHORIZER, domain_matches
from authz.roles import Action, Role
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid

C, GB, B, G = OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH, OrgType.GROUP
# The test tree, parents before children: name -> (parent, type). Four levels under `root`, with siblings
# at every level, and a second top-level committee that no grant below `root` may reach.
TREE: dict[str, tuple[str | None, OrgType]] = {
    "root": (None, C),
    "c1": ("root", C),
    "b1": ("c1", B),
    "g1": ("b1", G),
    "g2": ("b1", G),
    "b2": ("c1", B),
    "g3": ("b2", G),
    "gb": ("root", GB),
    "b3": ("gb", B),
    "g4": ("b3", G),
    "b4": ("gb", B),
    "other": (None, C),
    "ob": ("other", B),
}
ALL = set(TREE)


def subtree(name: str) -> set[str]:
    """The org and everything below it, by walking the parent table above (not the paths)."""

    def ancestors(n: str | None) -> set[str]:
        return set() if n is None else {n} | ancestors(TREE[n][0])

    return {n for n in TREE if name in ancestors(n)}


def children(name: str) -> list[str]:
    return sorted(n for n, (parent, _) in TREE.items() if parent == name)


# What each role may do with organizations, users, the audit log, and which roles it may hand out.
R, W = Action.READ, Action.WRITE
POLICY: dict[Role, dict[str, set[Action]]] = {
    Role.ADMIN: {"organization": {R, W}, "user": {R, W}, "audit": {R}},
    Role.ORG_ADMIN: {"organization": {R, W}, "user": {R, W}},
    Role.SECRETARY: {"organization": {R}, "user": {R}},
    Role.MEMBER: {"organization": {R}},
    Role.AUDITOR: {"organization": {R}, "user": {R}, "audit": {R}},
    Role.SERVICE: {"organization": {R}},
}
MAY_GRANT: dict[Role, set[Role]] = {
    Role.ADMIN: set(Role),
    Role.ORG_ADMIN: {Role.ORG_ADMIN, Role.SECRETARY, Role.MEMBER},
}

# Where a grant sits: (org, whole subtree?), and the orgs it covers.
PLACES: dict[str, tuple[str | None, bool]] = {
    "global": (None, True),
    "root-subtree": ("root", True),
    "c1-subtree": ("c1", True),
    "b1-node": ("b1", False),
    "b1-subtree": ("b1", True),
}
COVERS: dict[str, set[str]] = {
    "global": ALL,
    "root-subtree": ALL - {"other", "ob"},
    "c1-subtree": {"c1", "b1", "g1", "g2", "b2", "g3"},
    "b1-node": {"b1"},
    "b1-subtree": {"b1", "g1", "g2"},
}
# Only `zhdj create-admin` makes global grants; the matrix still checks one for a read-only role.
CASES = [(role, place) for role in Role for place in PLACES if place != "global"]
CASES += [(Role.ADMIN, "global"), (Role.AUDITOR, "global")]


def allowed(role: Role, place: str, obj: str, act: Action) -> set[str]:
    return COVERS[place] if act in POLICY[role].get(obj, set()) else set()


async def build_tree(build: Builder) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for name, (parent, org_type) in TREE.items():
        orgs[name] = await build.org(name, org_type, parent=orgs[parent] if parent else None)
    return orgs


LIST = """query($under: ID) {
  organizations(first: 100) { totalCount nodes { name } }
  underC1: organizations(under: $under, first: 100) { nodes { name } }
}"""
READ_ONE = """query($id: ID!) {
  organization(id: $id) { id name version parent { name } children(first: 100) { nodes { name } } }
  node(id: $id) { id }
}"""
UPDATE = """mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { organization { name version termYears } errors { code field message } }
}"""


async def update(api: Api, token: str, org_id: str, version: int) -> dict[str, Any]:
    data = await api.data(UPDATE, {"input": {"id": org_id, "version": version, "termYears": 4}}, token=token)
    result: dict[str, Any] = data["updateOrganization"]
    return result


@pytest.mark.parametrize(("role", "place"), CASES, ids=[f"{r.value}@{p}" for r, p in CASES])
async def test_reads_and_writes_follow_the_matrix(api: Api, build: Builder, role: Role, place: str) -> None:
    orgs = await build_tree(build)
    at, whole = PLACES[place]
    user = await build.user("matrix.user", grants=[(role, orgs[at] if at else None, whole)])
    token = build.token(user)
    readable = allowed(role, place, "organization", R)
    writable = allowed(role, place, "organization", W)

    # The list: exactly the readable orgs, in SQL, also inside a subtree.
    data = await api.data(LIST, {"under": gid("Organization", orgs["c1"].id)}, token=token)
    listed = {n["name"] for n in data["organizations"]["nodes"]}
    assert listed == readable
    assert data["organizations"]["totalCount"] == len(readable)
    assert {n["name"] for n in data["underC1"]["nodes"]} == readable & subtree("c1")

    # The point reads: null outside the scope, and parent/children never reach past it either.
    seen = set()
    for name, org in orgs.items():
        data = await api.data(READ_ONE, {"id": gid("Organization", org.id)}, token=token)
        one = data["organization"]
        assert (data["node"] is None) == (one is None), name
        if one is None:
            continue
        seen.add(name)
        parent = TREE[name][0]
        assert one["parent"] == ({"name": parent} if parent in readable else None), name
        assert [c["name"] for c in one["children"]["nodes"]] == [c for c in children(name) if c in readable]
    assert seen == listed, "the list scope and the point check disagree"

    # The writes: OK where writable; FORBIDDEN where only visible; NOT_FOUND, as for a missing id, elsewhere.
    missing = await update(api, token, gid("Organization", 10**9), 1)
    assert [e["code"] for e in missing["errors"]] == ["NOT_FOUND"]
    for name, org in orgs.items():
        version = (await build.get_org(org.id)).version
        org_id = gid("Organization", org.id)
        if name in writable:
            stale = await update(api, token, org_id, version + 7)
            assert [e["code"] for e in stale["errors"]] == ["STALE_VERSION"], name
            done = await update(api, token, org_id, version)
            assert done == {"organization": {"name": name, "version": version + 1, "termYears": 4}, "errors": []}
            continue
        # A stale version on purpose: the refusal must come before the version check, or it would leak.
        refused = await update(api, token, org_id, version + 7)
        assert refused["organization"] is None
        if name in readable:
            assert [e["code"] for e in refused["errors"]] == ["FORBIDDEN"], name
        else:
            assert refused == missing, name
        after = await build.get_org(org.id)
        assert (after.version, after.term_years) == (version, org.term_years), name


async def actor_with(build: Builder, username: str, grants: list[tuple[Role, Organization | None, bool]]) -> Actor:
    user = await build.user(username, grants=grants)
    assert user.id is not None
    async with build.sessions() as session:
        return Actor(user_id=user.id, username=username, grants=await load_grants(session, user.id))


async def sql_scope(build: Builder, actor: Actor, obj: str, act: Action) -> set[str]:
    async with build.sessions() as session:
        path_filter = AUTHORIZER.path_filter(actor, col(Organization.path), obj, act)
        rows = await session.execute(select(col(Organization.name)).where(path_filter))
        return set(rows.scalars())


async def assert_agree(build: Builder, actor: Actor, orgs: dict[str, Organization], obj: str, act: Action) -> set[str]:
    """Casbin point check on every org == the SQL predicate on the real table. Returns that set."""
    point = {name for name, org in orgs.items() if AUTHORIZER.can(actor, org.path, obj, act)}
    assert await sql_scope(build, actor, obj, act) == point, (actor.grants, obj, act)
    return point


OBJECTS = [(obj, act) for obj in ("organization", "user", "audit") for act in (R, W)]


@pytest.mark.parametrize(("role", "place"), CASES, ids=[f"{r.value}@{p}" for r, p in CASES])
async def test_point_check_and_list_scope_agree(build: Builder, role: Role, place: str) -> None:
    orgs = await build_tree(build)
    at, whole = PLACES[place]
    actor = await actor_with(build, "unit.user", [(role, orgs[at] if at else None, whole)])
    for obj, act in OBJECTS:
        assert await assert_agree(build, actor, orgs, obj, act) == allowed(role, place, obj, act), (obj, act)
    for granted in Role:
        obj = f"grant:{granted.value}"
        expected = COVERS[place] if granted in MAY_GRANT.get(role, set()) else set()
        assert await assert_agree(build, actor, orgs, obj, W) == expected, granted
        # A subtree grant needs the whole subtree covered: a node-only grant never gives one.
        for name, org in orgs.items():
            assert AUTHORIZER.can_grant(actor, granted, org.path, True) == (whole and name in expected), name


MIXES: dict[str, tuple[list[tuple[Role, str, bool]], set[str], set[str]]] = {
    # grants -> (readable orgs, writable orgs)
    "overlapping node and subtree": (
        [(Role.MEMBER, "c1", True), (Role.MEMBER, "b1", False), (Role.SECRETARY, "b1", True)],
        subtree("c1"),
        set(),
    ),
    "three roles in three places": (
        [(Role.MEMBER, "b1", False), (Role.SECRETARY, "gb", True), (Role.ORG_ADMIN, "b2", True)],
        {"b1"} | subtree("gb") | subtree("b2"),
        subtree("b2"),
    ),
    "write below, read above": (
        [(Role.AUDITOR, "root", False), (Role.ORG_ADMIN, "g4", False), (Role.SERVICE, "other", True)],
        {"root", "g4", "other", "ob"},
        {"g4"},
    ),
    "no grants": ([], set(), set()),
}


@pytest.mark.parametrize("mix", MIXES)
async def test_several_grants_add_up_the_same_way_in_sql_and_casbin(build: Builder, mix: str) -> None:
    grants, readable, writable = MIXES[mix]
    orgs = await build_tree(build)
    actor = await actor_with(build, "mixed.user", [(role, orgs[at], whole) for role, at, whole in grants])
    assert await assert_agree(build, actor, orgs, "organization", R) == readable
    assert await assert_agree(build, actor, orgs, "organization", W) == writable
    for obj, act in OBJECTS:
        await assert_agree(build, actor, orgs, obj, act)


def test_a_subtree_pattern_needs_the_trailing_slash() -> None:
    assert domain_matches("/1/5/23/", "/1/5/*")
    assert domain_matches("/1/5/", "/1/5/*")
    assert not domain_matches("/1/55/", "/1/5/*")
    assert not domain_matches("/1/5/23/", "/1/5/")
    assert not domain_matches("/1/5/*", "/1/5/")  # a node grant does not cover the subtree request
    assert domain_matches("/1/5/23/*", "/1/*")
    assert domain_matches("/", "*") and not domain_matches("/", "/1/*")
