"""createOrganization's bad input: each gets its exact code in the payload, writes nothing, and is on record."""

from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from authz.roles import Role
from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder, gid
from tests.orgs_support import MALFORMED_IDS, accepted, admin_token, mutate, refused, user_with

C, B = OrgType.COMMITTEE, OrgType.BRANCH


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "x" * 101,
        "第" * 101,
        "第一\x07党支部",
        "第一\n党支部",
        "第一\t党支部",
        "党\x00支部",
        "党\x7f支部",
        "党\x9b支部",
    ],
)
async def test_a_bad_name_is_refused(api: Api, build: Builder, name: str) -> None:
    root = await build.org("集团党委", C)
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", root.id), "name": name, "type": "BRANCH"},
        await admin_token(build),
        code="INVALID_NAME",
        field=["name"],
    )


async def test_a_name_of_exactly_one_hundred_characters_is_accepted(api: Api, build: Builder) -> None:
    root = await build.org("集团党委", C)
    org = await accepted(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", root.id), "name": "党" * 100, "type": "BRANCH"},
        await admin_token(build),
    )
    assert org["name"] == "党" * 100


@pytest.mark.parametrize("parent_id", MALFORMED_IDS)
async def test_a_malformed_or_foreign_parent_id_is_invalid(api: Api, build: Builder, parent_id: str) -> None:
    await build.org("集团党委", C)
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": parent_id, "name": "第一党支部", "type": "BRANCH"},
        await admin_token(build),
        code="INVALID_ID",
        field=["parentId"],
    )


async def test_an_unknown_parent_is_not_found(api: Api, build: Builder) -> None:
    root = await build.org("集团党委", C)
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", (root.id or 0) + 1000), "name": "第一党支部", "type": "BRANCH"},
        await admin_token(build),
        code="NOT_FOUND",
        field=["parentId"],
    )


async def test_a_parent_outside_the_grants_reads_exactly_like_an_unknown_one(api: Api, build: Builder) -> None:
    # given an ORG_ADMIN of one tree, and a second tree they have no grant in
    mine = await build.org("集团党委", C)
    theirs = await build.org("另一个党委", C)
    org_admin = await user_with(build, "org.admin", Role.ORG_ADMIN, mine)
    token = build.token(org_admin)

    # when they create a branch under the other tree's root: not found, nothing written, on record
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", theirs.id), "name": "第一党支部", "type": "BRANCH"},
        token,
        code="NOT_FOUND",
        field=["parentId"],
    )

    # then the answer is word for word the one for an id that does not exist: the other tree does not leak
    def input_under(org_id: int) -> dict[str, str]:
        return {"parentId": gid("Organization", org_id), "name": "第一党支部", "type": "BRANCH"}

    outside = await mutate(api, "createOrganization", input_under(theirs.id or 0), token)
    missing = await mutate(api, "createOrganization", input_under((theirs.id or 0) + 1000), token)
    assert outside == missing


async def test_a_duplicate_sibling_name_is_refused_by_the_database(api: Api, build: Builder) -> None:
    # given a committee with a branch named 第一党支部, and a second committee
    root = await build.org("集团党委", C)
    await build.org("第一党支部", B, parent=root)
    other = await build.org("分公司党委", C, parent=root)
    token = await admin_token(build)

    # when another branch of that name is created under the same committee: refused
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", root.id), "name": " 第一党支部 ", "type": "BRANCH"},
        token,
        code="DUPLICATE_NAME",
        field=["name"],
    )

    # and the same name under another parent is fine
    org = await accepted(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", other.id), "name": "第一党支部", "type": "BRANCH"},
        token,
    )
    assert org["name"] == "第一党支部"


async def test_the_database_itself_holds_sibling_names_unique_among_the_living(build: Builder) -> None:
    # given a committee with a living and a dissolved branch, both named 第一党支部 (rows written directly)
    root = await build.org("集团党委", C)
    await build.org("第一党支部", B, parent=root)

    def branch(dissolved: bool) -> Organization:
        return Organization(
            parent_id=root.id,
            name="第一党支部",
            type=B,
            path=f"{root.path}x/",
            depth=1,
            term_years=3,
            dissolved_on=date(2024, 1, 1) if dissolved else None,
        )

    async with build.sessions() as session, session.begin():
        session.add(branch(dissolved=True))  # a dissolved namesake is allowed

    # when a second living one is inserted past the service: the unique index refuses it
    async with build.sessions() as session:
        with pytest.raises(IntegrityError):
            async with session.begin():
                session.add(branch(dissolved=False))


@pytest.mark.parametrize("name", ["集团党委", "Code Review 党委", "党委 (code 7)"])
async def test_a_duplicate_root_name_is_refused(api: Api, build: Builder, name: str) -> None:
    # a name that happens to contain the word "code" is still a duplicate name, not a duplicate code
    await build.org(name, C, code="HQ")
    await refused(
        api,
        build,
        "createOrganization",
        {"name": name, "type": "COMMITTEE", "code": "HQ2"},
        await admin_token(build),
        code="DUPLICATE_NAME",
        field=["name"],
    )


@pytest.mark.parametrize("name", ["第一党支部", "Code Review 党支部", "name-code"])
async def test_a_duplicate_sibling_name_is_named_as_such_whatever_the_name(api: Api, build: Builder, name: str) -> None:
    root = await build.org("集团党委", C)
    await build.org(name, B, parent=root)
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", root.id), "name": name, "type": "BRANCH"},
        await admin_token(build),
        code="DUPLICATE_NAME",
        field=["name"],
    )


@pytest.mark.parametrize("code", ["B-001", "name"])
async def test_a_code_in_use_anywhere_is_a_duplicate_code(api: Api, build: Builder, code: str) -> None:
    # given a branch holding the code in one committee
    root = await build.org("集团党委", C)
    elsewhere = await build.org("分公司党委", C, parent=root)
    await build.org("第一党支部", B, parent=root, code=code)

    # when a differently named branch in another committee asks for the same code: refused
    await refused(
        api,
        build,
        "createOrganization",
        {"parentId": gid("Organization", elsewhere.id), "name": "第二党支部", "type": "BRANCH", "code": code},
        await admin_token(build),
        code="DUPLICATE_CODE",
        field=["code"],
    )


@pytest.mark.parametrize("code", ["带中文", "-starts-with-dash", "has space", "x" * 51])
async def test_a_malformed_code_is_refused(api: Api, build: Builder, code: str) -> None:
    await refused(
        api,
        build,
        "createOrganization",
        {"name": "集团党委", "type": "COMMITTEE", "code": code},
        await admin_token(build),
        code="INVALID_CODE",
        field=["code"],
    )


@pytest.mark.parametrize(
    ("field", "value", "code"), [("termYears", 0, "INVALID_TERM"), ("termYears", 11, "INVALID_TERM")]
)
async def test_a_term_length_outside_one_to_ten_years_is_refused(
    api: Api, build: Builder, field: str, value: int, code: str
) -> None:
    await refused(
        api,
        build,
        "createOrganization",
        {"name": "集团党委", "type": "COMMITTEE", field: value},
        await admin_token(build),
        code=code,
        field=[field],
    )


async def test_an_establishment_date_in_the_future_is_refused(api: Api, build: Builder) -> None:
    await refused(
        api,
        build,
        "createOrganization",
        {"name": "集团党委", "type": "COMMITTEE", "establishedOn": "2999-01-01"},
        await admin_token(build),
        code="INVALID_DATE",
        field=["establishedOn"],
    )
