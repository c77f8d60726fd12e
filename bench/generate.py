"""A believable enterprise at scale: one org tree, users and their grants, bulk-loaded with COPY.

Generation is not what is measured, so rows go in through COPY with ids assigned here: the paths
(`/1/5/23/`) can then be built in Python without a round trip per org.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from authz.roles import Role
from domain.accounts.passwords import hash_password
from domain.orgs.models import OrgType
from domain.orgs.rules import ALLOWED_CHILDREN, DEFAULT_TERM_YEARS, TYPE_LABELS, child_path

SECOND_LEVEL = 20  # second-level committees and general branches under the company committee
DISSOLVED_ON = date(2024, 6, 30)  # after every generated establishment date, never in the future
BENCH_PASSWORD = "Bench-pass-2026"  # one hash for every account: hashing 2,000 times would only cost time


@dataclass(frozen=True)
class Org:
    id: int
    parent_id: int | None
    type: OrgType
    path: str
    depth: int
    dissolved: bool = False


@dataclass(frozen=True)
class GrantRow:
    user_id: int
    role: Role
    organization_id: int | None  # None: a global grant (the first ADMIN)
    subtree: bool = True
    revoked: bool = False


@dataclass
class Dataset:
    orgs: list[Org]
    grants: list[GrantRow]
    user_count: int
    # The actors the benchmark measures: (user id, the branch of their grant) and root-level secretaries.
    branch_secretaries: list[tuple[int, Org]] = field(default_factory=list)
    root_secretaries: list[int] = field(default_factory=list)


def build_tree(total: int, rng: random.Random) -> list[Org]:
    """1 root committee, ~20 second level, third-level committees, ~total/5 branches, the rest groups."""
    if total < 100:
        raise ValueError("--orgs must be at least 100 for the tree to have every level")
    orgs: list[Org] = []

    def add(parent: Org | None, kind: OrgType) -> Org:
        if parent is not None:
            assert kind in ALLOWED_CHILDREN[parent.type], (parent.type, kind)
        org_id = len(orgs) + 1
        path = child_path(parent.path if parent else None, org_id)
        org = Org(org_id, parent.id if parent else None, kind, path, parent.depth + 1 if parent else 0)
        orgs.append(org)
        return org

    root = add(None, OrgType.COMMITTEE)
    # Seven in ten second-level units are committees, the rest general branches.
    second = [add(root, OrgType.COMMITTEE if i % 10 < 7 else OrgType.GENERAL_BRANCH) for i in range(SECOND_LEVEL)]
    second_committees = [o for o in second if o.type is OrgType.COMMITTEE]
    third = [add(second_committees[i % len(second_committees)], OrgType.COMMITTEE) for i in range(total // 400)]
    # Branches hang under every committee or general branch below the root, as in a real company.
    holders = second + third
    branches = [add(rng.choice(holders), OrgType.BRANCH) for _ in range(total // 5)]
    while len(orgs) < total:
        # About 1 % of groups were dissolved (merged): dated records stay in the tree.
        group = add(rng.choice(branches), OrgType.GROUP)
        if rng.random() < 0.01:
            orgs[-1] = Org(group.id, group.parent_id, group.type, group.path, group.depth, dissolved=True)
    return orgs


def build(total_orgs: int, users: int, seed: int = 2026) -> Dataset:
    rng = random.Random(seed)
    orgs = build_tree(total_orgs, rng)
    root = orgs[0]
    second = [o for o in orgs if o.depth == 1]
    third = [o for o in orgs if o.depth == 2 and o.type is OrgType.COMMITTEE]
    branches = [o for o in orgs if o.type is OrgType.BRANCH]
    groups = [o for o in orgs if o.type is OrgType.GROUP and not o.dissolved]
    data = Dataset(orgs=orgs, grants=[], user_count=users)
    next_user = iter(range(1, users + 1))

    def grant(role: Role, org: Org | None, subtree: bool = True) -> int | None:
        user_id = next(next_user, None)
        if user_id is not None:
            data.grants.append(GrantRow(user_id, role, org.id if org else None, subtree))
        return user_id

    grant(Role.ADMIN, None)
    for _ in range(max(1, users // 400)):
        if (user_id := grant(Role.SECRETARY, root)) is not None:
            data.root_secretaries.append(user_id)
        grant(Role.ORG_ADMIN, root)
    grant(Role.AUDITOR, root)
    for org in second:
        grant(Role.SECRETARY, org)
        grant(Role.ORG_ADMIN, org)
    for org in third:
        grant(Role.SECRETARY, org)
    # Everyone else is a branch secretary; some also sit in another group, some once led another branch.
    for user_id, branch in zip(next_user, _cycle_shuffled(branches, rng), strict=False):
        data.grants.append(GrantRow(user_id, Role.SECRETARY, branch.id))
        data.branch_secretaries.append((user_id, branch))
        if rng.random() < 0.10:
            data.grants.append(GrantRow(user_id, Role.MEMBER, rng.choice(groups).id, subtree=False))
        if rng.random() < 0.05:
            data.grants.append(GrantRow(user_id, Role.SECRETARY, rng.choice(branches).id, revoked=True))
    return data


def _cycle_shuffled(items: list[Org], rng: random.Random) -> Iterator[Org]:
    while True:
        order = items[:]
        rng.shuffle(order)
        yield from order


async def load(conn: Any, data: Dataset) -> None:
    """COPY the dataset into a migrated, empty database, then fix the id sequences and ANALYZE."""
    now = datetime.now(UTC)
    rng = random.Random(len(data.orgs))
    org_rows: list[tuple[Any, ...]] = []
    for org in data.orgs:
        established = date(2005, 1, 1) + timedelta(days=rng.randrange(6000))
        term_started = established + timedelta(days=rng.randrange(1000))
        dissolved_on, reason = (DISSOLVED_ON, "合并") if org.dissolved else (None, None)
        name, code = f"第{org.id}{TYPE_LABELS[org.type]}", f"ORG{org.id:06d}"
        org_rows.append(
            (org.id, org.parent_id, name, org.type.value, code, org.path, org.depth, established, term_started,
             DEFAULT_TERM_YEARS[org.type], dissolved_on, reason, 1, now, now)
        )  # fmt: skip
    password_hash = hash_password(BENCH_PASSWORD)
    user_rows = [
        (i, f"user{i:05d}", f"用户{i}", password_hash, True, 1, now, None) for i in range(1, data.user_count + 1)
    ]
    grant_rows = [
        (i, g.user_id, g.role.value, g.organization_id, g.subtree, None, now, now if g.revoked else None, None)
        for i, g in enumerate(data.grants, start=1)
    ]
    async with conn.transaction():
        await conn.copy_records_to_table("organization", records=org_rows, columns=ORG_COLUMNS)
        await conn.copy_records_to_table("app_user", records=user_rows, columns=USER_COLUMNS)
        await conn.copy_records_to_table("role_grant", records=grant_rows, columns=GRANT_COLUMNS)
        for table in ("organization", "app_user", "role_grant"):
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    # Statistics and a visibility map, as autovacuum would leave a living database: otherwise autovacuum
    # wakes up on the freshly copied tables in the middle of the measurement.
    await conn.execute("VACUUM (ANALYZE) organization, app_user, role_grant")


ORG_COLUMNS = [
    *("id", "parent_id", "name", "type", "code", "path", "depth", "established_on", "term_started_on"),
    *("term_years", "dissolved_on", "dissolution_reason", "version", "created_at", "updated_at"),
]
USER_COLUMNS = ["id", "username", "display_name", "password_hash", "is_active", "version", "created_at", "created_by"]
GRANT_COLUMNS = [
    *("id", "user_id", "role", "organization_id", "subtree", "granted_by", "granted_at", "revoked_at"),
    "revoked_by",
]
