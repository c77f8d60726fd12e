"""What the org-tree tests share: the four mutations as a client sends them, and the checks every one makes:
an exact payload, the tree as it is in the database, and exactly one new audit record."""

import base64
from typing import Any

from sqlalchemy import select
from sqlmodel import col

from authz.roles import Role
from domain.accounts.models import User
from domain.accounts.tokens import issue_token
from domain.audit.models import AuditRecord
from domain.orgs.models import Organization
from tests.fixtures import Api, Builder

ORG_FIELDS = """
  id name type code path depth establishedOn termStartedOn termYears termEndsOn
  dissolvedOn dissolutionReason version updatedAt parent { id }
"""
PAYLOAD = f"organization {{ {ORG_FIELDS} }} errors {{ field message code }}"
MUTATIONS = {
    name: f"mutation($input: {kind}Input!) {{ {name}(input: $input) {{ {PAYLOAD} }} }}"
    for name, kind in (
        ("createOrganization", "CreateOrganization"),
        ("updateOrganization", "UpdateOrganization"),
        ("moveOrganization", "MoveOrganization"),
        ("dissolveOrganization", "DissolveOrganization"),
    )
}
TreeRow = tuple[Any, ...]
# IDs a client might send that name no organization: garbage, out of range, or another type's.
MALFORMED_IDS = [
    "not an id",
    "",
    base64.b64encode(b"Organization:").decode(),
    base64.b64encode(b"Organization:0").decode(),
    base64.b64encode(b"Organization:-3").decode(),
    base64.b64encode(b"Organization:007").decode(),
    base64.b64encode(b"Organization:99999999999999999999").decode(),  # beyond any integer column
    base64.b64encode(b"User:1").decode(),  # well formed, but not an organization's
]


async def admin_token(build: Builder) -> str:
    """A token for the global ADMIN that the builder creates orgs with (username `root.admin`)."""
    actor = await build.admin()
    return issue_token(build.settings, actor.user_id).token


async def user_with(build: Builder, username: str, role: Role, org: Organization | None, subtree: bool = True) -> User:
    return await build.user(username, grants=[(role, org, subtree)])


async def mutate(api: Api, operation: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    data = await api.data(MUTATIONS[operation], {"input": input}, token)
    payload: dict[str, Any] = data[operation]
    return payload


async def tree(build: Builder) -> list[TreeRow]:
    """Every organization row, every column: the proof that a refused mutation wrote nothing."""
    async with build.sessions() as session:
        table = Organization.__table__  # type: ignore[attr-defined]
        rows = await session.execute(select(table).order_by(table.c.id))
        return [tuple(row) for row in rows]


async def newest_org(build: Builder) -> Organization:
    """The org created last (ids only grow)."""
    async with build.sessions() as session:
        statement = select(Organization).order_by(col(Organization.id).desc()).limit(1)
        return (await session.execute(statement)).scalars().one()


async def accepted(api: Api, build: Builder, operation: str, input: dict[str, Any], token: str) -> dict[str, Any]:
    """The mutation succeeds, and appends exactly one audit record saying OK."""
    trail_before = len(await build.audit_records())
    payload = await mutate(api, operation, input, token)
    assert payload["errors"] == [], payload
    records = (await build.audit_records())[trail_before:]
    assert [(r.operation, r.result) for r in records] == [(operation, "OK")]
    organization: dict[str, Any] = payload["organization"]
    return organization


async def refused(
    api: Api,
    build: Builder,
    operation: str,
    input: dict[str, Any],
    token: str,
    *,
    code: str,
    field: list[str] | None,
) -> AuditRecord:
    """The mutation is refused with exactly this code and field, writes nothing to the tree, and still
    appends exactly one audit record carrying the code."""
    tree_before = await tree(build)
    trail_before = len(await build.audit_records())
    payload = await mutate(api, operation, input, token)
    assert payload["organization"] is None, payload
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, field)], payload
    assert payload["errors"][0]["message"]
    assert await tree(build) == tree_before
    records = (await build.audit_records())[trail_before:]
    assert [(r.operation, r.result) for r in records] == [(operation, code)]
    return records[0]
