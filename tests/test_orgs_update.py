"""updateOrganization: changes what it is given, bumps the version, refuses stale versions and strangers."""

import pytest

from authz.roles import Role
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid
from tests.orgs_support import MALFORMED_IDS, accepted, admin_token, mutate, refused, user_with

C, B = OrgType.COMMITTEE, OrgType.BRANCH


async def a_tree(build: Builder) -> tuple[Organization, Organization, Organization]:
    """A root committee holding two branches."""
    root = await build.org("集团党委", C)
    first = await build.org("第一党支部", B, parent=root, code="B-1", term_started_on=None)
    second = await build.org("第二党支部", B, parent=root, code="B-2")
    return root, first, second


async def test_renaming_bumps_the_version_and_records_the_change(api: Api, build: Builder) -> None:
    # given a branch at version 1
    _, branch, _ = await a_tree(build)
    token = await admin_token(build)

    # when the ADMIN renames it, quoting version 1
    org = await accepted(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", branch.id), "version": 1, "name": "机关第一党支部"},
        token,
    )

    # then the name changed, the version is 2, nothing else moved, and the trail says what changed
    assert (org["name"], org["version"], org["code"], org["path"]) == ("机关第一党支部", 2, "B-1", branch.path)
    stored = await build.get_org(branch.id)
    assert (stored.name, stored.version) == ("机关第一党支部", 2)
    assert stored.updated_at > branch.updated_at
    record = (await build.audit_records())[-1]
    assert (record.org_id, record.org_path, record.object_type, record.object_id) == (
        branch.id,
        branch.path,
        "Organization",
        branch.id,
    )
    assert record.changes == {"name": {"from": "第一党支部", "to": "机关第一党支部"}}


async def test_the_term_fields_change_and_the_term_end_follows(api: Api, build: Builder) -> None:
    _, branch, _ = await a_tree(build)
    token = await admin_token(build)
    org = await accepted(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", branch.id), "version": 1, "termStartedOn": "2025-01-10", "termYears": 5},
        token,
    )
    assert (org["termStartedOn"], org["termYears"], org["termEndsOn"], org["version"]) == (
        "2025-01-10",
        5,
        "2030-01-10",
        2,
    )
    assert (await build.audit_records())[-1].changes == {
        "term_started_on": {"from": None, "to": "2025-01-10"},
        "term_years": {"from": 3, "to": 5},
    }

    # and a null term length goes back to the branch default, a null code clears the code
    org = await accepted(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", branch.id), "version": 2, "termYears": None, "code": None},
        token,
    )
    assert (org["termYears"], org["termEndsOn"], org["code"], org["version"]) == (3, "2028-01-10", None, 3)


async def test_each_successful_update_needs_the_latest_version(api: Api, build: Builder) -> None:
    # given a branch the ADMIN renamed once (version 1 -> 2)
    _, branch, _ = await a_tree(build)
    token = await admin_token(build)
    await accepted(
        api, build, "updateOrganization", {"id": gid("Organization", branch.id), "version": 1, "name": "甲"}, token
    )

    # when someone who read it at version 1 saves their edit: refused as stale, the first edit stands
    record = await refused(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", branch.id), "version": 1, "name": "乙"},
        token,
        code="STALE_VERSION",
        field=["version"],
    )
    assert (record.org_path, record.changes) == (branch.path, None)
    assert (await build.get_org(branch.id)).name == "甲"

    # and a version from the future is just as stale
    await refused(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", branch.id), "version": 3, "name": "乙"},
        token,
        code="STALE_VERSION",
        field=["version"],
    )


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"name": ""}, "INVALID_NAME", ["name"]),
        ({"name": None}, "INVALID_NAME", ["name"]),
        ({"name": "x" * 101}, "INVALID_NAME", ["name"]),
        ({"name": "第一\x1b党支部"}, "INVALID_NAME", ["name"]),
        ({"name": "第二党支部"}, "DUPLICATE_NAME", ["name"]),
        ({"code": "B-2"}, "DUPLICATE_CODE", ["code"]),
        ({"code": "B 2"}, "INVALID_CODE", ["code"]),
        ({"termYears": 0}, "INVALID_TERM", ["termYears"]),
        ({"name": "新名字", "termYears": 11}, "INVALID_TERM", ["termYears"]),  # nothing of the valid part stays
    ],
)
async def test_a_bad_change_is_refused_and_nothing_changes(
    api: Api, build: Builder, change: dict[str, object], code: str, field: list[str]
) -> None:
    _, branch, _ = await a_tree(build)
    await refused(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", branch.id), "version": 1, **change},
        await admin_token(build),
        code=code,
        field=field,
    )


@pytest.mark.parametrize("bad_id", MALFORMED_IDS)
async def test_a_malformed_id_is_invalid(api: Api, build: Builder, bad_id: str) -> None:
    await a_tree(build)
    await refused(
        api,
        build,
        "updateOrganization",
        {"id": bad_id, "version": 1, "name": "新名字"},
        await admin_token(build),
        code="INVALID_ID",
        field=["id"],
    )


async def test_a_secretary_sees_their_branch_but_may_not_update_it(api: Api, build: Builder) -> None:
    # given a SECRETARY of the first branch
    _, branch, _ = await a_tree(build)
    secretary = await user_with(build, "secretary", Role.SECRETARY, branch)

    # when they rename it: FORBIDDEN (the branch is visible to them), nothing written, the attempt on record
    record = await refused(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", branch.id), "version": 1, "name": "新名字"},
        build.token(secretary),
        code="FORBIDDEN",
        field=None,
    )
    assert (record.user_id, record.org_path) == (secretary.id, branch.path)


async def test_an_org_outside_the_grants_reads_exactly_like_an_unknown_one(api: Api, build: Builder) -> None:
    # given an ORG_ADMIN of the first branch only
    _, first, second = await a_tree(build)
    org_admin = await user_with(build, "org.admin", Role.ORG_ADMIN, first)
    token = build.token(org_admin)

    # when they update the second branch: NOT_FOUND, nothing written
    await refused(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", second.id), "version": 1, "name": "新名字"},
        token,
        code="NOT_FOUND",
        field=["id"],
    )

    # then the answer is word for word the one for an id that does not exist
    outside = await mutate(
        api, "updateOrganization", {"id": gid("Organization", second.id), "version": 1, "name": "新名字"}, token
    )
    missing = await mutate(
        api, "updateOrganization", {"id": gid("Organization", (second.id or 0) + 1000), "version": 1}, token
    )
    assert outside == missing


async def test_an_unknown_org_is_not_found(api: Api, build: Builder) -> None:
    _, _, second = await a_tree(build)
    await refused(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", (second.id or 0) + 1000), "version": 1, "name": "新名字"},
        await admin_token(build),
        code="NOT_FOUND",
        field=["id"],
    )


async def test_a_dissolved_org_is_not_updated(api: Api, build: Builder) -> None:
    _, branch, _ = await a_tree(build)
    token = await admin_token(build)
    await accepted(
        api,
        build,
        "dissolveOrganization",
        {"id": gid("Organization", branch.id), "dissolvedOn": "2025-06-30", "reason": "合并"},
        token,
    )
    await refused(
        api,
        build,
        "updateOrganization",
        {"id": gid("Organization", branch.id), "version": 2, "name": "新名字"},
        token,
        code="ORG_DISSOLVED",
        field=["id"],
    )
