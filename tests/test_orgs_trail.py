"""Every org mutation, accepted or refused, appends exactly one audit record: who, from where, which operation,
which org, the result or error code, and the changed fields."""

from datetime import UTC, datetime, timedelta

from domain.audit.models import AuditRecord
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid
from tests.orgs_support import MUTATIONS, accepted, admin_token, refused, tree

C, B = OrgType.COMMITTEE, OrgType.BRANCH
CLIENT = "10.1.2.3"  # the address the test client connects from


def who_and_what(record: AuditRecord) -> tuple[object, ...]:
    return (record.username, record.client_address, record.operation, record.object_type, record.result)


async def test_each_accepted_mutation_leaves_one_record_with_its_changes(api: Api, build: Builder) -> None:
    # given the ADMIN and an empty trail
    started = datetime.now(UTC) - timedelta(seconds=1)
    token = await admin_token(build)
    admin_id = (await build.admin()).user_id
    assert await build.audit_records() == []

    # when they create a root, a second committee and a branch, rename the branch, move it under the second
    # committee, and dissolve it
    root = await accepted(api, build, "createOrganization", {"name": "集团党委", "type": "COMMITTEE"}, token)
    second = await accepted(
        api, build, "createOrganization", {"parentId": root["id"], "name": "分公司党委", "type": "COMMITTEE"}, token
    )
    branch = await accepted(
        api,
        build,
        "createOrganization",
        {"parentId": root["id"], "name": "第一党支部", "type": "BRANCH", "code": "B-1"},
        token,
    )
    renamed = await accepted(
        api, build, "updateOrganization", {"id": branch["id"], "version": 1, "name": "机关党支部"}, token
    )
    moved = await accepted(api, build, "moveOrganization", {"id": branch["id"], "newParentId": second["id"]}, token)
    await accepted(
        api,
        build,
        "dissolveOrganization",
        {"id": branch["id"], "dissolvedOn": "2025-06-30", "reason": "撤并"},
        token,
    )

    # then six records, one per mutation, in order, each naming the actor, the address, the org and its changes
    records = await build.audit_records()
    assert [who_and_what(r) for r in records] == [
        ("root.admin", CLIENT, operation, "Organization", "OK")
        for operation in ["createOrganization"] * 3 + ["updateOrganization", "moveOrganization", "dissolveOrganization"]
    ]
    assert {r.user_id for r in records} == {admin_id}
    assert all(r.at >= started for r in records)
    assert [r.org_path for r in records] == [
        root["path"],
        second["path"],
        branch["path"],
        branch["path"],
        moved["path"],
        moved["path"],
    ]
    assert {r.object_id for r in records[2:]} == {records[2].org_id}
    branch_id = records[2].org_id
    assert records[2].changes == {
        "name": "第一党支部",
        "code": "B-1",
        "type": "BRANCH",
        "parent_id": records[0].org_id,
        "path": branch["path"],
        "term_years": 3,
    }
    assert records[3].changes == {"name": {"from": "第一党支部", "to": renamed["name"]}}
    assert records[4].changes == {
        "parent_id": {"from": records[0].org_id, "to": records[1].org_id},
        "path": {"from": branch["path"], "to": f"{second['path']}{branch_id}/"},
    }
    assert records[5].changes == {"dissolved_on": "2025-06-30", "dissolution_reason": "撤并"}


async def test_a_refusal_after_the_work_was_flushed_is_rolled_back_but_stays_on_record(
    api: Api, build: Builder
) -> None:
    # given two committees whose branches share a name: a move between them reaches the database and fails there
    root = await build.org("集团党委", C)
    east = await build.org("东区党委", C, parent=root)
    west = await build.org("西区党委", C, parent=root)
    branch = await build.org("第一党支部", B, parent=east)
    await build.org("第一党支部", B, parent=west)

    # when the ADMIN moves the east branch west: the row was updated, then the unique index refused it
    record = await refused(
        api,
        build,
        "moveOrganization",
        {"id": gid("Organization", branch.id), "newParentId": gid("Organization", west.id)},
        await admin_token(build),
        code="DUPLICATE_NAME",
        field=["name"],
    )

    # then the branch is where it was at version 1, and the record names it and the refusal, with no changes
    stored = await build.get_org(branch.id)
    assert (stored.parent_id, stored.path, stored.version) == (east.id, branch.path, 1)
    assert (record.object_id, record.org_id, record.org_path, record.changes) == (
        branch.id,
        branch.id,
        branch.path,
        None,
    )
    assert (record.username, record.client_address) == ("root.admin", CLIENT)


async def test_a_refusal_before_any_org_is_known_is_on_record_too(api: Api, build: Builder) -> None:
    record = await refused(
        api,
        build,
        "updateOrganization",
        {"id": "garbage", "version": 1, "name": "新名字"},
        await admin_token(build),
        code="INVALID_ID",
        field=["id"],
    )
    assert (record.username, record.object_id, record.org_path, record.changes) == ("root.admin", None, None, None)


async def test_an_unauthenticated_mutation_is_refused_at_the_top_and_on_record(api: Api, build: Builder) -> None:
    # given an existing committee, and a client without a token
    root: Organization = await build.org("集团党委", C)
    tree_before = await tree(build)

    # when it tries to rename the committee
    body = await api.post(
        MUTATIONS["updateOrganization"], {"input": {"id": gid("Organization", root.id), "version": 1, "name": "X"}}
    )

    # then a top-level UNAUTHENTICATED, nothing changed, and the attempt on record without a user
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]
    assert await tree(build) == tree_before
    records = await build.audit_records()
    assert [(r.operation, r.result, r.user_id, r.client_address) for r in records] == [
        ("updateOrganization", "UNAUTHENTICATED", None, CLIENT)
    ]
