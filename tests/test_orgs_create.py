"""createOrganization through /graphql: roots by ADMIN only, children by the type rules, defaults, paths."""

import pytest

from authz.roles import Role
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid
from tests.orgs_support import accepted, admin_token, mutate, newest_org, refused, tree, user_with

C, GB, B, G = OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH, OrgType.GROUP
ALLOWED = {C: {C, GB, B}, GB: {B}, B: {G}, G: set()}  # DOMAIN.md, written out here on purpose
ALLOWED_PAIRS = [(parent, child) for parent in OrgType for child in OrgType if child in ALLOWED[parent]]
FORBIDDEN_PAIRS = [(parent, child) for parent in OrgType for child in OrgType if child not in ALLOWED[parent]]


async def chain_of(build: Builder, leaf_type: OrgType) -> Organization:
    """An org of `leaf_type` at the bottom of a valid chain from a root committee."""
    parents = {C: None, GB: C, B: GB, G: B}
    parent_type = parents[leaf_type]
    parent = await chain_of(build, parent_type) if parent_type else None
    return await build.org(f"{leaf_type.value.lower()}-org", leaf_type, parent=parent)


async def test_an_admin_creates_a_root_committee_with_a_five_year_term(api: Api, build: Builder) -> None:
    # given the global ADMIN
    token = await admin_token(build)

    # when they create a root committee whose term started on 1 July 2024
    org = await accepted(
        api,
        build,
        "createOrganization",
        {"name": "  集团党委 ", "type": "COMMITTEE", "code": "HQ-01", "termStartedOn": "2024-07-01"},
        token,
    )

    # then it is a root with a trailing-slash path, the committee default term and its computed end
    created = await newest_org(build)
    assert org["id"] == gid("Organization", created.id)
    assert org["name"] == created.name == "集团党委"  # trimmed
    assert (org["path"], org["depth"], org["parent"]) == (f"/{created.id}/", 0, None)
    assert (org["termYears"], org["termStartedOn"], org["termEndsOn"]) == (5, "2024-07-01", "2029-07-01")
    assert (org["type"], org["code"], org["version"], org["dissolvedOn"]) == ("COMMITTEE", "HQ-01", 1, None)


@pytest.mark.parametrize(("child_type", "years"), [(C, 5), (GB, 3), (B, 3)])
async def test_a_child_takes_its_types_default_term_and_its_parents_path(
    api: Api, build: Builder, child_type: OrgType, years: int
) -> None:
    # given a root committee
    root = await build.org("集团党委", C)

    # when the ADMIN creates a child of the given type under it
    org = await accepted(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", root.id), "name": "下级", "type": child_type.value},
        await admin_token(build),
    )

    # then its path is the root's plus its own id, with a trailing slash, and its term has the default length
    child = await newest_org(build)
    assert (org["path"], org["depth"]) == (child.path, child.depth) == (f"/{root.id}/{child.id}/", 1)
    assert org["parent"] == {"id": gid("Organization", root.id)}
    assert (org["termYears"], org["termEndsOn"]) == (years, None)


async def test_a_group_four_levels_down_has_the_full_path_and_a_three_year_term(api: Api, build: Builder) -> None:
    # given committee > general branch > branch
    branch = await chain_of(build, B)
    general_branch = await build.get_org(branch.parent_id)

    # when the ADMIN creates a group under the branch, with an explicit term start
    org = await accepted(
        api,
        build,
        "createOrganization",
        {
            "parentId": gid("Organization", branch.id),
            "name": "第一党小组",
            "type": "GROUP",
            "termStartedOn": "2024-02-29",
        },
        await admin_token(build),
    )

    # then the path spells out every ancestor and the term ends three years on (29 Feb -> 28 Feb)
    group = await newest_org(build)
    assert org["path"] == group.path == f"/{general_branch.parent_id}/{general_branch.id}/{branch.id}/{group.id}/"
    assert (org["depth"], org["termYears"], org["termEndsOn"]) == (3, 3, "2027-02-28")


async def test_an_explicit_term_length_overrides_the_default(api: Api, build: Builder) -> None:
    root = await build.org("集团党委", C)
    org = await accepted(
        api,
        build,
        "createOrganization",
        {
            "parentId": gid("Organization", root.id),
            "name": "机关党支部",
            "type": "BRANCH",
            "termStartedOn": "2023-03-15",
            "termYears": 2,
            "establishedOn": "2001-07-01",
        },
        await admin_token(build),
    )
    assert (org["termYears"], org["termEndsOn"], org["establishedOn"]) == (2, "2025-03-15", "2001-07-01")


@pytest.mark.parametrize(("parent_type", "child_type"), ALLOWED_PAIRS)
async def test_an_org_admin_creates_every_allowed_child_inside_their_subtree(
    api: Api, build: Builder, parent_type: OrgType, child_type: OrgType
) -> None:
    # given an ORG_ADMIN over the subtree of an org of the parent type
    parent = await chain_of(build, parent_type)
    org_admin = await user_with(build, "org.admin", Role.ORG_ADMIN, parent)

    # when they create a child of an allowed type
    org = await accepted(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", parent.id), "name": "新组织", "type": child_type.value},
        build.token(org_admin),
    )

    # then it hangs below the parent
    assert org["path"].startswith(parent.path)
    assert (org["type"], org["depth"]) == (child_type.value, parent.depth + 1)


@pytest.mark.parametrize(("parent_type", "child_type"), FORBIDDEN_PAIRS)
async def test_a_forbidden_parent_and_child_combination_is_refused(
    api: Api, build: Builder, parent_type: OrgType, child_type: OrgType
) -> None:
    parent = await chain_of(build, parent_type)
    record = await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", parent.id), "name": "新组织", "type": child_type.value},
        await admin_token(build),
        code="INVALID_PARENT_TYPE",
        field=["parentId"],
    )
    # the refusal's record names the org where the attempt was made
    assert (record.org_id, record.org_path, record.changes) == (parent.id, parent.path, None)


@pytest.mark.parametrize("root_type", [GB, B, G])
async def test_a_root_must_be_a_committee(api: Api, build: Builder, root_type: OrgType) -> None:
    await refused(
        api,
        build,
        "createOrganization",
        {"name": "顶级", "type": root_type.value},
        await admin_token(build),
        code="ROOT_MUST_BE_COMMITTEE",
        field=["type"],
    )


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.SECRETARY, Role.AUDITOR])
async def test_only_an_admin_creates_a_root(api: Api, build: Builder, role: Role) -> None:
    # given a user holding the role over a whole existing tree, but not the global ADMIN
    root = await build.org("集团党委", C)
    user = await user_with(build, "someone", role, root)

    # when they try to create a second root: refused, nothing written, the attempt on record
    record = await refused(
        api,
        build,
        "createOrganization",
        {"name": "另一个党委", "type": "COMMITTEE"},
        build.token(user),
        code="FORBIDDEN",
        field=None,
    )
    assert (record.user_id, record.username) == (user.id, "someone")


async def test_a_secretary_gets_forbidden_at_a_branch_they_see_but_may_not_change(api: Api, build: Builder) -> None:
    # given a SECRETARY of a branch (sees it, changes nothing)
    root = await build.org("集团党委", C)
    branch = await build.org("第一党支部", B, parent=root)
    secretary = await user_with(build, "secretary", Role.SECRETARY, branch)

    # when they try to create a group under it: FORBIDDEN, since the branch is visible to them
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", branch.id), "name": "第一党小组", "type": "GROUP"},
        build.token(secretary),
        code="FORBIDDEN",
        field=None,
    )


async def test_a_dissolved_parent_takes_no_new_children(api: Api, build: Builder) -> None:
    root = await build.org("集团党委", C)
    old = await build.org("旧党支部", B, parent=root)
    async with build.sessions() as session, session.begin():
        row = await session.get(Organization, old.id)
        assert row is not None
        row.dissolved_on = row.created_at.date()
        row.dissolution_reason = "合并"
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", old.id), "name": "党小组", "type": "GROUP"},
        await admin_token(build),
        code="ORG_DISSOLVED",
        field=["parentId"],
    )


async def test_an_unknown_type_is_a_graphql_validation_error_and_writes_nothing(api: Api, build: Builder) -> None:
    # given the ADMIN
    token = await admin_token(build)
    tree_before = await tree(build)

    # when the type is not one of the enum's values, written inline or passed as a variable
    inline = await api.post(
        'mutation { createOrganization(input: {name: "X", type: SQUAD}) { errors { code } } }', {}, token
    )
    variable = await api.post(
        "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { errors { code } } }",
        {"input": {"name": "X", "type": "SQUAD"}},
        token,
    )

    # then both are top-level validation errors; the mutation never ran, so nothing and no record was written
    for body in (inline, variable):
        assert body.get("data") is None, body
        assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION_FAILED"], body
    assert await tree(build) == tree_before
    assert await build.audit_records() == []


async def test_the_created_org_is_readable_right_away(api: Api, build: Builder) -> None:
    token = await admin_token(build)
    created = await mutate(api, "createOrganization", {"name": "集团党委", "type": "COMMITTEE"}, token)
    data = await api.data(
        "query($id: ID!) { organization(id: $id) { name path } }", {"id": created["organization"]["id"]}, token
    )
    assert data["organization"] == {"name": "集团党委", "path": created["organization"]["path"]}
