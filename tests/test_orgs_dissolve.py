"""dissolveOrganization: a dated, reasoned record; nothing deleted; the name free again among the living."""

from datetime import date

import pytest

from authz.roles import Role
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid
from tests.orgs_support import MALFORMED_IDS, accepted, admin_token, refused, user_with

C, B, G = OrgType.COMMITTEE, OrgType.BRANCH, OrgType.GROUP
LIST_QUERY = """query($filter: OrganizationFilter) {
  organizations(first: 100, filter: $filter) { totalCount nodes { name dissolvedOn } }
}"""


async def a_tree(build: Builder) -> tuple[Organization, Organization, Organization]:
    """root > branch (established 2010) > group."""
    root = await build.org("集团党委", C)
    branch = await build.org("第一党支部", B, parent=root, established_on=date(2010, 5, 4))
    group = await build.org("第一党小组", G, parent=branch)
    return root, branch, group


def dissolve(org: Organization, on: str = "2025-06-30", reason: str = "单位撤并") -> dict[str, str]:
    return {"id": gid("Organization", org.id), "dissolvedOn": on, "reason": reason}


async def test_dissolving_a_leaf_keeps_it_on_record_with_date_and_reason(api: Api, build: Builder) -> None:
    # given a group with no children
    _, _, group = await a_tree(build)
    token = await admin_token(build)

    # when the ADMIN dissolves it
    org = await accepted(api, build, "dissolveOrganization", dissolve(group, reason="  党员调离  "), token)

    # then it is still there, dated and reasoned, at version 2
    assert (org["dissolvedOn"], org["dissolutionReason"], org["version"]) == ("2025-06-30", "党员调离", 2)
    stored = await build.get_org(group.id)
    assert (stored.dissolved_on, stored.dissolution_reason, stored.path) == (date(2025, 6, 30), "党员调离", group.path)
    record = (await build.audit_records())[-1]
    assert (record.org_path, record.object_id) == (group.path, group.id)
    assert record.changes == {"dissolved_on": "2025-06-30", "dissolution_reason": "党员调离"}


async def test_a_dissolved_org_leaves_the_lists_unless_asked_for(api: Api, build: Builder) -> None:
    # given a dissolved group
    _, branch, group = await a_tree(build)
    token = await admin_token(build)
    await accepted(api, build, "dissolveOrganization", dissolve(group), token)

    # when the lists are read with and without includeDissolved
    default = await api.data(LIST_QUERY, {}, token)
    everything = await api.data(LIST_QUERY, {"filter": {"includeDissolved": True}}, token)
    children = await api.data(
        """query($id: ID!) { organization(id: $id) {
             living: children { totalCount nodes { name } }
             all: children(includeDissolved: true) { totalCount nodes { name dissolvedOn } }
           } }""",
        {"id": gid("Organization", branch.id)},
        token,
    )

    # then only the filter (or the flag on children) brings it back
    assert default["organizations"] == {
        "totalCount": 2,
        "nodes": [{"name": "集团党委", "dissolvedOn": None}, {"name": "第一党支部", "dissolvedOn": None}],
    }
    assert everything["organizations"]["totalCount"] == 3
    assert everything["organizations"]["nodes"][-1] == {"name": "第一党小组", "dissolvedOn": "2025-06-30"}
    assert children["organization"] == {
        "living": {"totalCount": 0, "nodes": []},
        "all": {"totalCount": 1, "nodes": [{"name": "第一党小组", "dissolvedOn": "2025-06-30"}]},
    }
    # and it can still be read by its id: history is never lost
    data = await api.data(
        "query($id: ID!) { organization(id: $id) { name dissolvedOn } }", {"id": gid("Organization", group.id)}, token
    )
    assert data["organization"] == {"name": "第一党小组", "dissolvedOn": "2025-06-30"}


async def test_a_dissolved_name_can_be_taken_by_a_living_sibling(api: Api, build: Builder) -> None:
    # given the dissolved 第一党小组 and a living 第二党小组 under the branch
    _, branch, group = await a_tree(build)
    second = await build.org("第二党小组", G, parent=branch)
    token = await admin_token(build)
    await accepted(api, build, "dissolveOrganization", dissolve(group), token)

    # when the living group is renamed to the dissolved one's name: accepted
    await accepted(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", second.id), "version": 1, "name": "第一党小组"},
        token,
    )

    # then a third group of that name would be a living duplicate again
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", branch.id), "name": "第一党小组", "type": "GROUP"},
        token,
        code="DUPLICATE_NAME",
        field=["name"],
    )
    # and the branch holds both, one dissolved and one living (children come by name, then age)
    data = await api.data(
        """query($id: ID!) { organization(id: $id) {
             children(includeDissolved: true) { nodes { id name dissolvedOn } } } }""",
        {"id": gid("Organization", branch.id)},
        token,
    )
    assert data["organization"]["children"]["nodes"] == [
        {"id": gid("Organization", group.id), "name": "第一党小组", "dissolvedOn": "2025-06-30"},
        {"id": gid("Organization", second.id), "name": "第一党小组", "dissolvedOn": None},
    ]


async def test_a_dissolved_name_can_be_taken_by_a_new_sibling(api: Api, build: Builder) -> None:
    _, branch, group = await a_tree(build)
    token = await admin_token(build)
    await accepted(api, build, "dissolveOrganization", dissolve(group), token)
    reborn = await accepted(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", branch.id), "name": "第一党小组", "type": "GROUP"},
        token,
    )
    assert (reborn["name"], reborn["dissolvedOn"]) == ("第一党小组", None)


async def test_an_org_with_living_children_is_not_dissolved(api: Api, build: Builder) -> None:
    # given a branch whose group is alive
    _, branch, group = await a_tree(build)
    token = await admin_token(build)

    # when the branch is dissolved: refused, nothing changed
    record = await refused(
        api, build, "dissolveOrganization", dissolve(branch), token, code="HAS_ACTIVE_CHILDREN", field=["id"]
    )
    assert record.org_path == branch.path

    # and once the group is dissolved, the branch may go too
    await accepted(api, build, "dissolveOrganization", dissolve(group), token)
    org = await accepted(api, build, "dissolveOrganization", dissolve(branch), token)
    assert org["dissolvedOn"] == "2025-06-30"


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"reason": ""}, "INVALID_REASON", ["reason"]),
        ({"reason": "   "}, "INVALID_REASON", ["reason"]),
        ({"reason": "因" * 501}, "INVALID_REASON", ["reason"]),
        ({"dissolvedOn": "2999-12-31"}, "INVALID_DATE", ["dissolvedOn"]),
        ({"dissolvedOn": "2010-05-03"}, "INVALID_DATE", ["dissolvedOn"]),  # the day before it was established
    ],
)
async def test_a_bad_date_or_reason_is_refused(
    api: Api, build: Builder, change: dict[str, str], code: str, field: list[str]
) -> None:
    _, branch, group = await a_tree(build)
    token = await admin_token(build)
    await accepted(api, build, "dissolveOrganization", dissolve(group), token)
    await refused(api, build, "dissolveOrganization", {**dissolve(branch), **change}, token, code=code, field=field)


async def test_an_org_is_dissolved_only_once(api: Api, build: Builder) -> None:
    _, _, group = await a_tree(build)
    token = await admin_token(build)
    await accepted(api, build, "dissolveOrganization", dissolve(group), token)
    await refused(
        api,
        build,
        "dissolveOrganization",
        dissolve(group, on="2025-07-01"),
        token,
        code="ORG_DISSOLVED",
        field=["id"],
    )


@pytest.mark.parametrize("bad_id", MALFORMED_IDS)
async def test_a_malformed_id_is_invalid(api: Api, build: Builder, bad_id: str) -> None:
    await a_tree(build)
    await refused(
        api,
        build,
        "dissolveOrganization",
        {"id": bad_id, "dissolvedOn": "2025-06-30", "reason": "单位撤并"},
        await admin_token(build),
        code="INVALID_ID",
        field=["id"],
    )


async def test_who_may_not_dissolve_gets_forbidden_or_not_found(api: Api, build: Builder) -> None:
    # given a SECRETARY of the branch (sees its group) and an ORG_ADMIN of another committee
    _, branch, group = await a_tree(build)
    other = await build.org("另一个党委", C)
    secretary = await user_with(build, "secretary", Role.SECRETARY, branch)
    stranger = await user_with(build, "stranger", Role.ORG_ADMIN, other)

    # then the secretary is FORBIDDEN, the stranger finds nothing, and an unknown id is not found either
    await refused(
        api, build, "dissolveOrganization", dissolve(group), build.token(secretary), code="FORBIDDEN", field=None
    )
    await refused(
        api, build, "dissolveOrganization", dissolve(group), build.token(stranger), code="NOT_FOUND", field=["id"]
    )
    unknown = Organization(id=(group.id or 0) + 1000, name="?", type=G, path="/", term_years=3)
    await refused(
        api, build, "dissolveOrganization", dissolve(unknown), await admin_token(build), code="NOT_FOUND", field=["id"]
    )
