"""A move carries every copy of the moved paths with it: meetings, studies, topics, elections, members and
development files are read under their org's new place at once (domain/orgs/path_copies.py)."""

from datetime import date

from sqlalchemy import select

from domain.orglife.enums import MeetingType
from domain.orglife.models import Election
from domain.orgs.models import Organization
from domain.orgs.path_copies import PATH_COPIES
from migrations.models import metadata
from tests.fixtures import Api, Builder
from tests.orglife_compliance_support import hold
from tests.orglife_study_support import studied, topic
from tests.orgs_support import admin_token, mutate
from tests.test_orgs_move import a_tree, move


def test_every_path_copy_is_listed() -> None:
    """Any column named like a copied path, in any table, is one the move rewrites; the audit trail keeps the
    path at the time on purpose."""
    copies = {
        (table.name, column.name)
        for table in metadata.tables.values()
        for column in table.columns
        if column.name in {"org_path", "issuer_path"} and table.name != "audit_record"
    }
    assert copies == {(c.table.name, c.name) for c in PATH_COPIES}


async def test_organization_life_moves_with_its_org(api: Api, build: Builder) -> None:
    orgs = await a_tree(build)
    east, branch, west = orgs["east"], orgs["branch"], orgs["west"]
    topic_id = await topic(build, east, "学习专题", date(2026, 1, 5))
    await studied(build, branch, topic_id, date(2026, 2, 1))
    await hold(build, orgs["g1"], MeetingType.GROUP_MEETING, date(2026, 2, 3))
    assert branch.id is not None
    async with build.sessions() as session, session.begin():
        session.add(
            Election(
                organization_id=branch.id,
                org_path=branch.path,
                held_on=date(2025, 1, 1),
                entitled_voters=9,
                voters_present=9,
                term_years=3,
                term_ends_on=date(2028, 1, 1),
            )
        )

    payload = await mutate(api, "moveOrganization", move(east, west), await admin_token(build))
    assert payload["errors"] == []

    async with build.sessions() as session:
        paths = {org.id: org.path for org in (await session.execute(select(Organization))).scalars()}
        for column in PATH_COPIES:
            org_column = (
                column.table.c.issuer_org_id if column.name == "issuer_path" else column.table.c.organization_id
            )
            rows = (await session.execute(select(org_column, column))).all()
            assert all(path == paths[org_id] for org_id, path in rows), column.table.name
    assert paths[branch.id].startswith(paths[west.id])
