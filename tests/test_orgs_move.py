"""moveOrganization: the whole subtree's paths and depths are rewritten in the move's one transaction."""

import pytest

from authz.roles import Role
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid
from tests.orgs_support import MALFORMED_IDS, accepted, admin_token, mutate, refused, tree, user_with

C, GB, B, G = OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH, OrgType.GROUP
SUBTREE_QUERY = "query($under: ID!) { organizations(under: $under, first: 100) { nodes { name path depth } } }"


async def a_tree(build: Builder) -> dict[str, Organization]:
    """root > east (C) > east.sub (C), east > branch (B) > g1, g2 (G); root > west (C) > west.gb (GB)."""
    orgs: dict[str, Organization] = {}
    for name, type_, parent in [
        ("root", C, None),
        ("east", C, "root"),
        ("east.sub", C, "east"),
        ("branch", B, "east"),
        ("g1", G, "branch"),
        ("g2", G, "branch"),
        ("west", C, "root"),
        ("west.gb", GB, "west"),
    ]:
        orgs[name] = await build.org(name, type_, parent=orgs[parent] if parent else None)
    return orgs


def move(org: Organization, new_parent: Organization) -> dict[str, str]:
    return {"id": gid("Organization", org.id), "newParentId": gid("Organization", new_parent.id)}


async def test_moving_a_branch_rewrites_its_subtree_paths_and_depths(api: Api, build: Builder) -> None:
    # given a branch with two groups under the east committee
    orgs = await a_tree(build)
    branch, west_gb = orgs["branch"], orgs["west.gb"]
    token = await admin_token(build)

    # when the ADMIN moves the branch under the west general branch
    moved = await accepted(api, build, "moveOrganization", move(branch, west_gb), token)

    # then the branch and both groups hang below the general branch, one level deeper
    new_path = f"{west_gb.path}{branch.id}/"
    assert (moved["path"], moved["depth"], moved["version"]) == (new_path, 3, 2)
    assert moved["parent"] == {"id": gid("Organization", west_gb.id)}
    data = await api.data(SUBTREE_QUERY, {"under": gid("Organization", west_gb.id)}, token)
    assert data["organizations"]["nodes"] == [
        {"name": "west.gb", "path": west_gb.path, "depth": 2},
        {"name": "branch", "path": new_path, "depth": 3},
        {"name": "g1", "path": f"{new_path}{orgs['g1'].id}/", "depth": 4},
        {"name": "g2", "path": f"{new_path}{orgs['g2'].id}/", "depth": 4},
    ]
    # and nothing is left under the old parent but its other child
    data = await api.data(SUBTREE_QUERY, {"under": gid("Organization", orgs["east"].id)}, token)
    assert [n["name"] for n in data["organizations"]["nodes"]] == ["east", "east.sub"]
    # and the trail has the old and the new place
    record = (await build.audit_records())[-1]
    assert record.org_path == new_path
    assert record.changes == {
        "parent_id": {"from": orgs["east"].id, "to": west_gb.id},
        "path": {"from": branch.path, "to": new_path},
    }


async def test_moving_a_committee_shifts_every_level_below_it(api: Api, build: Builder) -> None:
    orgs = await a_tree(build)
    east, west = orgs["east"], orgs["west"]
    await accepted(api, build, "moveOrganization", move(east, west), await admin_token(build))

    rows = {org.name: (org.path, org.depth) for org in [await build.get_org(o.id) for o in orgs.values()]}
    east_path = f"{west.path}{east.id}/"
    branch_path = f"{east_path}{orgs['branch'].id}/"
    assert rows == {
        "root": (orgs["root"].path, 0),
        "east": (east_path, 2),
        "east.sub": (f"{east_path}{orgs['east.sub'].id}/", 3),
        "branch": (branch_path, 3),
        "g1": (f"{branch_path}{orgs['g1'].id}/", 4),
        "g2": (f"{branch_path}{orgs['g2'].id}/", 4),
        "west": (west.path, 1),
        "west.gb": (orgs["west.gb"].path, 2),
    }


async def test_a_sibling_whose_id_starts_with_the_same_digits_stays_put(api: Api, build: Builder) -> None:
    # given branches 900001 and 9000011 side by side: /r/900001/ is a prefix of /r/9000011/ but for the slash
    orgs = await a_tree(build)
    east = orgs["east"]
    async with build.sessions() as session, session.begin():
        for org_id in (900001, 9000011):
            path = f"{east.path}{org_id}/"
            session.add(
                Organization(id=org_id, parent_id=east.id, name=f"b{org_id}", type=B, path=path, depth=2, term_years=3)
            )

    # when 900001 moves to the west general branch
    await accepted(
        api,
        build,
        "moveOrganization",
        {"id": gid("Organization", 900001), "newParentId": gid("Organization", orgs["west.gb"].id)},
        await admin_token(build),
    )

    # then 9000011 has not moved with it
    assert (await build.get_org(900001)).path == f"{orgs['west.gb'].path}900001/"
    assert (await build.get_org(9000011)).path == f"{east.path}9000011/"


@pytest.mark.parametrize(("mover", "target"), [("east", "east"), ("east", "east.sub"), ("branch", "branch")])
async def test_moving_under_itself_or_a_descendant_is_refused(
    api: Api, build: Builder, mover: str, target: str
) -> None:
    orgs = await a_tree(build)
    await refused(
        api,
        build,
        "moveOrganization",
        move(orgs[mover], orgs[target]),
        await admin_token(build),
        code="MOVE_INTO_OWN_SUBTREE",
        field=["newParentId"],
    )


@pytest.mark.parametrize(
    ("mover", "target"),
    [("east.sub", "g1"), ("east.sub", "west.gb"), ("west.gb", "branch"), ("g1", "west.gb"), ("g1", "east")],
)
async def test_a_move_the_type_rules_forbid_is_refused(api: Api, build: Builder, mover: str, target: str) -> None:
    orgs = await a_tree(build)
    await refused(
        api,
        build,
        "moveOrganization",
        move(orgs[mover], orgs[target]),
        await admin_token(build),
        code="INVALID_PARENT_TYPE",
        field=["newParentId"],
    )


async def test_a_name_taken_at_the_new_parent_is_refused_and_nothing_moves(api: Api, build: Builder) -> None:
    # given the west general branch already holds a branch named like the one moving
    orgs = await a_tree(build)
    await build.org("branch", B, parent=orgs["west.gb"])

    # when the branch moves there: refused by the unique index, its subtree where it was, the attempt on record
    record = await refused(
        api,
        build,
        "moveOrganization",
        move(orgs["branch"], orgs["west.gb"]),
        await admin_token(build),
        code="DUPLICATE_NAME",
        field=["name"],
    )
    assert (record.org_path, record.changes) == (orgs["branch"].path, None)


@pytest.mark.parametrize("bad_id", MALFORMED_IDS)
async def test_malformed_ids_are_invalid(api: Api, build: Builder, bad_id: str) -> None:
    orgs = await a_tree(build)
    token = await admin_token(build)
    good = gid("Organization", orgs["branch"].id)
    target = gid("Organization", orgs["west.gb"].id)
    await refused(
        api, build, "moveOrganization", {"id": bad_id, "newParentId": target}, token, code="INVALID_ID", field=["id"]
    )
    await refused(
        api,
        build,
        "moveOrganization",
        {"id": good, "newParentId": bad_id},
        token,
        code="INVALID_ID",
        field=["newParentId"],
    )


async def test_unknown_ids_are_not_found(api: Api, build: Builder) -> None:
    orgs = await a_tree(build)
    token = await admin_token(build)
    unknown = gid("Organization", (orgs["west.gb"].id or 0) + 1000)
    good = gid("Organization", orgs["branch"].id)
    await refused(
        api, build, "moveOrganization", {"id": unknown, "newParentId": good}, token, code="NOT_FOUND", field=["id"]
    )
    await refused(
        api,
        build,
        "moveOrganization",
        {"id": good, "newParentId": unknown},
        token,
        code="NOT_FOUND",
        field=["newParentId"],
    )


async def test_a_new_parent_outside_the_grants_reads_exactly_like_an_unknown_one(api: Api, build: Builder) -> None:
    # given an ORG_ADMIN of the east committee only
    orgs = await a_tree(build)
    org_admin = await user_with(build, "org.admin", Role.ORG_ADMIN, orgs["east"])
    token = build.token(org_admin)

    # when they move their branch to the west general branch: not found, nothing moves
    await refused(
        api,
        build,
        "moveOrganization",
        move(orgs["branch"], orgs["west.gb"]),
        token,
        code="NOT_FOUND",
        field=["newParentId"],
    )

    # then the answer is word for word the one for a new parent that does not exist
    unknown = {"id": gid("Organization", orgs["branch"].id), "newParentId": gid("Organization", 999_999)}
    outside = await mutate(api, "moveOrganization", move(orgs["branch"], orgs["west.gb"]), token)
    missing = await mutate(api, "moveOrganization", unknown, token)
    assert outside == missing


async def test_a_new_parent_seen_but_not_writable_is_forbidden(api: Api, build: Builder) -> None:
    # given a user who keeps the east committee but is only SECRETARY of the west one
    orgs = await a_tree(build)
    user = await build.user(
        "two.hats", grants=[(Role.ORG_ADMIN, orgs["east"], True), (Role.SECRETARY, orgs["west"], True)]
    )
    await refused(
        api,
        build,
        "moveOrganization",
        move(orgs["branch"], orgs["west.gb"]),
        build.token(user),
        code="FORBIDDEN",
        field=None,
    )


async def test_a_secretary_may_not_move_their_branch(api: Api, build: Builder) -> None:
    orgs = await a_tree(build)
    secretary = await user_with(build, "secretary", Role.SECRETARY, orgs["root"])
    await refused(
        api,
        build,
        "moveOrganization",
        move(orgs["branch"], orgs["west.gb"]),
        build.token(secretary),
        code="FORBIDDEN",
        field=None,
    )


async def test_grants_move_with_their_org(api: Api, build: Builder) -> None:
    # given a SECRETARY of the branch
    orgs = await a_tree(build)
    secretary = await user_with(build, "secretary", Role.SECRETARY, orgs["branch"])

    # when the ADMIN moves the branch
    await accepted(api, build, "moveOrganization", move(orgs["branch"], orgs["west.gb"]), await admin_token(build))

    # then the secretary sees the branch and its groups at their new place, and nothing else
    data = await api.data("{ organizations { nodes { name path } } }", token=build.token(secretary))
    new_path = f"{orgs['west.gb'].path}{orgs['branch'].id}/"
    assert [(n["name"], n["path"].startswith(new_path)) for n in data["organizations"]["nodes"]] == [
        ("branch", True),
        ("g1", True),
        ("g2", True),
    ]
    assert len(await tree(build)) == len(orgs)
