"""The audit trail (全纪实): every mutation leaves a record; readers see their scope; nobody rewrites it."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from graphql import GraphQLNamedType, GraphQLObjectType, get_named_type
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from api.schema import build_schema
from authz.roles import Role
from domain.accounts.models import User
from domain.audit.models import AuditRecord
from domain.orgs.models import Organization, OrgType
from domain.settings import Settings
from tests.conftest import BACKEND
from tests.fixtures import PASSWORD, Api, Builder, gid

LOGIN = "mutation($u: String!, $p: String!){ login(input: {username: $u, password: $p}) { token errors { code } } }"
CREATE_ORG = """mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { id path } errors { code } }
}"""
UPDATE_ORG = """mutation($input: UpdateOrganizationInput!) {
  updateOrganization(input: $input) { organization { name } errors { code } }
}"""
CREATE_USER = """mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { code } } }"""
AUDIT_LOG = """query($first: Int, $after: String, $filter: AuditFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id at userId username clientAddress requestId operation objectType objectId organizationId orgPath
            result changes }
  }
}"""
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def rows_json(records: list[AuditRecord]) -> str:
    return json.dumps([record.model_dump(mode="json") for record in records], ensure_ascii=False)


async def only_new_record(build: Builder, before: int) -> AuditRecord:
    records = await build.audit_records()
    assert len(records) == before + 1, records
    return records[-1]


# --- every mutation appends a record ----------------------------------------------------------------


async def test_an_accepted_mutation_records_who_what_where_and_the_changes(api: Api, build: Builder) -> None:
    root = await build.org("集团党委", OrgType.COMMITTEE)
    admin = await build.user("org.admin", grants=[(Role.ORG_ADMIN, root, True)])
    started = datetime.now(UTC)
    body = await api.client.post(
        "/graphql",
        json={
            "query": CREATE_ORG,
            "variables": {"input": {"parentId": gid("Organization", root.id), "name": "一支部", "type": "BRANCH"}},
        },
        headers={"authorization": f"Bearer {build.token(admin)}", "x-request-id": "req-42"},
    )
    created = body.json()["data"]["createOrganization"]
    assert created["errors"] == []
    [record] = await build.audit_records()
    assert started - timedelta(seconds=1) <= record.at <= datetime.now(UTC)
    assert (record.user_id, record.username, record.client_address) == (admin.id, "org.admin", "10.1.2.3")
    assert (record.request_id, record.operation, record.result) == ("req-42", "createOrganization", "OK")
    assert (
        record.object_type == "Organization" and gid("Organization", record.object_id) == created["organization"]["id"]
    )
    assert (record.org_id, record.org_path) == (record.object_id, created["organization"]["path"])
    assert record.changes is not None and record.changes["name"] == "一支部" and record.changes["type"] == "BRANCH"

    update = {"id": created["organization"]["id"], "version": 1, "name": "第一党支部"}
    assert (await api.data(UPDATE_ORG, {"input": update}, token=build.token(admin)))["updateOrganization"][
        "errors"
    ] == []
    renamed = await only_new_record(build, 1)
    assert (renamed.operation, renamed.result, renamed.org_path) == ("updateOrganization", "OK", record.org_path)
    assert renamed.changes is not None and renamed.changes["name"] == {"from": "一支部", "to": "第一党支部"}
    # The same record as a reader gets it, with global IDs.
    chief = build.token(await build.user("chief", grants=[(Role.ADMIN, None, True)]))
    [node] = (await api.data(AUDIT_LOG, {"first": 1}, token=chief))["auditLog"]["nodes"]
    assert (node["userId"], node["username"], node["clientAddress"]) == (gid("User", admin.id), "org.admin", "10.1.2.3")
    assert node["objectId"] == node["organizationId"] == created["organization"]["id"]
    assert (node["operation"], node["result"], node["changes"]) == ("updateOrganization", "OK", renamed.changes)


async def test_a_refused_mutation_is_recorded_and_changes_nothing(api: Api, build: Builder) -> None:
    root = await build.org("集团党委", OrgType.COMMITTEE)
    member = await build.user("dang.yuan", grants=[(Role.MEMBER, root, True)])
    update = {"id": gid("Organization", root.id), "version": 1, "name": "改名"}
    payload = (await api.data(UPDATE_ORG, {"input": update}, token=build.token(member)))["updateOrganization"]
    assert payload == {"organization": None, "errors": [{"code": "FORBIDDEN"}]}
    assert (await build.get_org(root.id)).name == "集团党委"
    record = await only_new_record(build, 0)
    assert (record.operation, record.result, record.user_id) == ("updateOrganization", "FORBIDDEN", member.id)
    assert (record.object_id, record.org_id, record.org_path, record.client_address) == (
        root.id,
        root.id,
        root.path,
        "10.1.2.3",
    )


async def test_an_unauthenticated_mutation_is_recorded(api: Api, build: Builder, settings: Settings) -> None:
    variables = {"input": {"name": "某党委", "type": "COMMITTEE"}}
    for token in (None, "garbage-token"):
        body = await api.post(CREATE_ORG, variables, token=token)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED" and body["data"] is None
    assert await build.count(Organization) == 0
    records = await build.audit_records()
    assert [(r.operation, r.result, r.user_id, r.client_address) for r in records] == [
        ("createOrganization", "UNAUTHENTICATED", None, "10.1.2.3")
    ] * 2


async def test_sign_ins_are_recorded_and_no_password_ever_is(api: Api, build: Builder) -> None:
    admin = await build.admin()
    wrong, new_password = "Wrong@2026pass", "Fresh#2026word"
    for username, password in (("root.admin", PASSWORD), ("root.admin", wrong), ("ghost.user", wrong)):
        await api.data(LOGIN, {"u": username, "p": password})
    user = {"username": "new.user", "password": new_password, "displayName": "新用户"}
    token = build.token(await build.user("root.admin2", grants=[(Role.ADMIN, None, True)]))
    assert (await api.data(CREATE_USER, {"input": user}, token=token))["createUser"]["errors"] == []
    records = await build.audit_records()
    assert [(r.operation, r.result, r.object_id) for r in records[:3]] == [
        ("login", "OK", admin.user_id),
        ("login", "INVALID_CREDENTIALS", None),
        ("login", "INVALID_CREDENTIALS", None),
    ]
    assert [r.changes for r in records[:3]] == [{"username": "root.admin"}] * 2 + [{"username": "ghost.user"}]
    assert all(r.client_address == "10.1.2.3" and r.org_path is None for r in records)
    assert records[3].operation == "createUser" and records[3].changes is not None
    assert records[3].changes["password"] == "***"
    dumped = rows_json(records)
    assert PASSWORD not in dumped and wrong not in dumped and new_password not in dumped
    assert "$argon2" not in dumped


# --- reading the trail --------------------------------------------------------------------------------


class Trail:
    """A tree root > A > A1 and root > B, and one record at each place, an hour apart, plus a sign-in."""

    def __init__(self, build: Builder) -> None:
        self.build = build

    async def seed(self) -> "Trail":
        self.root = await self.build.org("集团党委", OrgType.COMMITTEE)
        self.a = await self.build.org("机关党总支", OrgType.GENERAL_BRANCH, parent=self.root)
        self.a1 = await self.build.org("机关第一支部", OrgType.BRANCH, parent=self.a)
        self.b = await self.build.org("车间支部", OrgType.BRANCH, parent=self.root)
        self.u1 = await self.build.user("writer.one")
        self.u2 = await self.build.user("writer.two")
        places: list[tuple[str, Organization | None, User | None]] = [
            ("login", None, None),
            ("createOrganization", self.root, self.u1),
            ("updateOrganization", self.a, self.u1),
            ("updateOrganization", self.a1, self.u2),
            ("dissolveOrganization", self.b, self.u1),
        ]
        async with self.build.sessions() as session, session.begin():
            for hour, (operation, org, user) in enumerate(places):
                session.add(
                    AuditRecord(
                        at=T0 + timedelta(hours=hour),
                        operation=operation,
                        user_id=user.id if user else None,
                        username=user.username if user else None,
                        org_id=org.id if org else None,
                        org_path=org.path if org else None,
                        result="OK",
                    )
                )
        return self

    def ops(self, data: dict[str, Any]) -> list[tuple[str, str | None]]:
        """(operation, org name) of each record on a page, in order."""
        names = {o.path: o.name for o in (self.root, self.a, self.a1, self.b)}
        return [(n["operation"], names.get(n["orgPath"])) for n in data["auditLog"]["nodes"]]


NEWEST_FIRST = [
    ("dissolveOrganization", "车间支部"),
    ("updateOrganization", "机关第一支部"),
    ("updateOrganization", "机关党总支"),
    ("createOrganization", "集团党委"),
    ("login", None),
]


async def test_an_admin_reads_every_record_newest_first(api: Api, build: Builder) -> None:
    trail = await Trail(build).seed()
    token = build.token(await build.user("chief", grants=[(Role.ADMIN, None, True)]))
    data = await api.data(AUDIT_LOG, {"first": 100}, token=token)
    assert trail.ops(data) == NEWEST_FIRST and data["auditLog"]["totalCount"] == 5
    ats = [n["at"] for n in data["auditLog"]["nodes"]]
    assert ats == sorted(ats, reverse=True)


@pytest.mark.parametrize(
    ("at", "subtree", "expected"),
    [("a", True, NEWEST_FIRST[1:3]), ("a", False, NEWEST_FIRST[2:3]), ("root", True, NEWEST_FIRST[:4])],
    ids=["subtree-A", "node-A-only", "subtree-root"],
)
async def test_an_auditor_reads_only_their_subtree_and_no_sign_ins(
    api: Api, build: Builder, at: str, subtree: bool, expected: list[tuple[str, str | None]]
) -> None:
    trail = await Trail(build).seed()
    auditor = await build.user("ji.jian", grants=[(Role.AUDITOR, getattr(trail, at), subtree)])
    data = await api.data(AUDIT_LOG, {"first": 100}, token=build.token(auditor))
    assert trail.ops(data) == expected and data["auditLog"]["totalCount"] == len(expected)


@pytest.mark.parametrize("role", [Role.ORG_ADMIN, Role.SECRETARY, Role.MEMBER, Role.SERVICE])
async def test_other_roles_read_nothing(api: Api, build: Builder, role: Role) -> None:
    trail = await Trail(build).seed()
    user = await build.user("someone", grants=[(role, trail.root, True)])
    data = await api.data(AUDIT_LOG, {"first": 100}, token=build.token(user))
    assert data["auditLog"] == {"totalCount": 0, "pageInfo": {"hasNextPage": False, "endCursor": None}, "nodes": []}


async def test_the_filters(api: Api, build: Builder) -> None:
    trail = await Trail(build).seed()
    token = build.token(await build.user("chief", grants=[(Role.ADMIN, None, True)]))

    async def read(**flt: Any) -> list[tuple[str, str | None]]:
        return trail.ops(await api.data(AUDIT_LOG, {"first": 100, "filter": flt}, token=token))

    # since is inclusive, until exclusive
    hours = {"since": (T0 + timedelta(hours=2)).isoformat(), "until": (T0 + timedelta(hours=4)).isoformat()}
    assert await read(**hours) == NEWEST_FIRST[1:3]
    assert await read(userId=gid("User", trail.u1.id)) == [NEWEST_FIRST[0], *NEWEST_FIRST[2:4]]
    assert await read(organizationId=gid("Organization", trail.a.id)) == NEWEST_FIRST[1:3]
    assert await read(organizationId=gid("Organization", trail.root.id)) == NEWEST_FIRST[:4]
    assert await read(operation="updateOrganization") == NEWEST_FIRST[1:3]
    assert await read(operation="updateOrganization", userId=gid("User", trail.u2.id)) == NEWEST_FIRST[1:2]
    assert await read(result="FORBIDDEN") == []
    # A filter never widens an auditor's scope.
    auditor = await build.user("ji.jian", grants=[(Role.AUDITOR, trail.a, True)])
    flt = {"organizationId": gid("Organization", trail.b.id)}
    data = await api.data(AUDIT_LOG, {"filter": flt}, token=build.token(auditor))
    assert data["auditLog"]["totalCount"] == 0


async def test_pages_run_newest_first_without_gaps_or_repeats(api: Api, build: Builder) -> None:
    await Trail(build).seed()
    token = build.token(await build.user("chief", grants=[(Role.ADMIN, None, True)]))
    seen: list[str] = []
    after, pages = None, 0
    while True:
        page = (await api.data(AUDIT_LOG, {"first": 2, "after": after}, token=token))["auditLog"]
        seen += [n["operation"] for n in page["nodes"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3 and seen == [op for op, _ in NEWEST_FIRST]


@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"first": 101}, "INVALID_PAGE_SIZE"),
        ({"after": "%%%"}, "INVALID_CURSOR"),
        ({"filter": {"userId": "x"}}, "INVALID_ID"),
    ],
)
async def test_bad_arguments_get_a_coded_error(api: Api, build: Builder, variables: dict[str, Any], code: str) -> None:
    token = build.token(await build.user("chief", grants=[(Role.ADMIN, None, True)]))
    body = await api.post(AUDIT_LOG, variables, token=token)
    assert body["errors"][0]["extensions"]["code"] == code and body["data"] is None


async def test_reading_the_trail_needs_a_token(api: Api) -> None:
    body = await api.post(AUDIT_LOG)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED" and body["data"] is None


# --- append-only --------------------------------------------------------------------------------------


REFUSED = [
    "UPDATE audit_record SET result = 'FORGED'",
    "UPDATE audit_record SET changes = NULL WHERE operation = 'login'",
    "DELETE FROM audit_record WHERE operation = 'login'",
    "DELETE FROM audit_record",
] + (["TRUNCATE audit_record"] if BACKEND == "postgresql" else [])


@pytest.mark.parametrize("statement", REFUSED)
async def test_the_database_refuses_to_change_or_delete_records(build: Builder, statement: str) -> None:
    await Trail(build).seed()
    before = rows_json(await build.audit_records())
    async with build.sessions() as session:
        with pytest.raises(DBAPIError, match="append-only"):
            # A savepoint: the refused statement must not poison the test's own transaction.
            async with session.begin_nested():
                await session.execute(text(statement))
        # Still usable, and still appending.
        async with session.begin_nested():
            session.add(AuditRecord(operation="probe", result="OK"))
        await session.commit()
    records = await build.audit_records()
    assert rows_json(records[:-1]) == before and records[-1].operation == "probe"


def test_no_mutation_can_change_or_delete_audit_records(settings: Settings) -> None:
    mutation = build_schema(settings)._schema.mutation_type
    assert isinstance(mutation, GraphQLObjectType)
    for name, field in mutation.fields.items():
        assert "audit" not in name.lower() and "delete" not in name.lower(), name
        touched: list[GraphQLNamedType] = [get_named_type(field.type)]
        touched += [get_named_type(arg.type) for arg in field.args.values()]
        assert all("Audit" not in kind.name for kind in touched), name
