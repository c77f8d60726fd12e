"""The ledger's rules, each refused with its exact code and field, writing nothing but the audit record."""

from datetime import timedelta
from typing import Any

import pytest

from domain.orgs import service as orgs
from domain.personal_data import id_check_character
from domain.timeutil import today
from tests.fixtures import Api, Builder, gid
from tests.members_support import (
    BIRTH,
    ID_NUMBER,
    accepted,
    id_number_ending_in_x,
    ledger,
    make_id_number,
    member_input,
    mutate,
    refused,
)


def with_check(first17: str) -> str:
    return first17 + id_check_character(first17)


WRONG_CHECK = ID_NUMBER[:17] + ("5" if ID_NUMBER[17] != "5" else "6")
INVALID_ID_NUMBERS = {
    "wrong check digit": WRONG_CHECK,
    "30 February": with_check("51010719880230123"),
    "month 13": with_check("51010719881301123"),
    "17 characters": ID_NUMBER[:17],
    "19 characters": ID_NUMBER + "1",
    "a letter inside": "5101071988A3141234",
    "X not at the end": "51010719880314X234",
    "empty": "",
}


@pytest.mark.parametrize("number", list(INVALID_ID_NUMBERS.values()), ids=list(INVALID_ID_NUMBERS))
async def test_an_invalid_id_number_is_refused(api: Api, build: Builder, number: str) -> None:
    book = await ledger(build)
    await refused(
        api,
        build,
        "createMember",
        member_input(book.branch, idNumber=number),
        book.token(book.org_admin),
        code="INVALID_ID_NUMBER",
        field=["idNumber"],
    )


async def test_the_birth_date_and_sex_must_match_the_id_number(api: Api, build: Builder) -> None:
    book = await ledger(build)
    token = book.token(book.org_admin)
    for overrides, field in (
        ({"birthDate": (BIRTH + timedelta(days=1)).isoformat()}, "birthDate"),
        ({"gender": "FEMALE"}, "gender"),
        ({"idNumber": make_id_number(male=False)}, "gender"),
    ):
        await refused(
            api,
            build,
            "createMember",
            member_input(book.branch, **overrides),
            token,
            code="ID_NUMBER_MISMATCH",
            field=[field],
        )


async def test_a_lowercase_x_is_the_same_check_character_as_x(api: Api, build: Builder) -> None:
    # given a valid ID number ending in X, typed in lowercase with spaces around it
    book = await ledger(build)
    number = id_number_ending_in_x()
    token = book.token(book.org_admin)

    # when it is created, it is stored normalized
    member = await accepted(
        api, build, "createMember", member_input(book.branch, idNumber=f" {number.lower()} "), token
    )
    assert member["idNumber"] == f"510107********{number[-4:]}" and member["idNumber"].endswith("X")

    # then the same number in upper case is a duplicate, in any branch, for any writer
    await refused(
        api,
        build,
        "createMember",
        member_input(book.branch2, name="另一人", idNumber=number),
        token,
        code="DUPLICATE_ID_NUMBER",
        field=["idNumber"],
    )


async def test_one_member_per_id_number_across_the_whole_system(api: Api, build: Builder) -> None:
    # given a member of 第一党支部
    book = await ledger(build)
    await accepted(api, build, "createMember", member_input(book.branch), book.token(book.org_admin))

    # when the ORG_ADMIN of another committee enters the same ID number, it is refused by the unique key
    await refused(
        api,
        build,
        "createMember",
        member_input(book.other_branch),
        book.token(book.outsider),
        code="DUPLICATE_ID_NUMBER",
        field=["idNumber"],
    )

    # and an update that would copy another member's number is refused too
    other = await book.add("李四", "777", birth=BIRTH)
    await refused(
        api,
        build,
        "updateMember",
        {"id": gid("Member", other.id), "version": 1, "idNumber": ID_NUMBER},
        book.token(book.org_admin),
        code="DUPLICATE_ID_NUMBER",
        field=["idNumber"],
    )


async def test_a_member_is_at_least_18_on_admission(api: Api, build: Builder) -> None:
    book = await ledger(build)
    token = book.token(book.org_admin)
    await refused(
        api,
        build,
        "createMember",
        member_input(book.branch, joinedOn="2006-03-13", convertedOn="2007-03-13"),
        token,
        code="UNDER_AGE",
        field=["joinedOn"],
    )
    # on the 18th birthday itself the member is of age
    member = await accepted(
        api, build, "createMember", member_input(book.branch, joinedOn="2006-03-14", convertedOn="2007-03-14"), token
    )
    assert member["joinedOn"] == "2006-03-14"


async def test_conversion_comes_a_full_year_after_admission(api: Api, build: Builder) -> None:
    book = await ledger(build)
    await refused(
        api,
        build,
        "createMember",
        member_input(book.branch, joinedOn="2015-07-01", convertedOn="2016-06-30"),
        book.token(book.org_admin),
        code="CONVERSION_TOO_EARLY",
        field=["convertedOn"],
    )


@pytest.mark.parametrize(
    ("overrides"),
    [{"status": "FULL", "convertedOn": None}, {"status": "PROBATIONARY", "convertedOn": "2016-07-01"}],
    ids=["full without conversion", "probationary with conversion"],
)
async def test_the_status_must_agree_with_the_conversion_date(
    api: Api, build: Builder, overrides: dict[str, Any]
) -> None:
    book = await ledger(build)
    await refused(
        api,
        build,
        "createMember",
        member_input(book.branch, **overrides),
        book.token(book.org_admin),
        code="STATUS_MISMATCH",
        field=["convertedOn"],
    )


@pytest.mark.parametrize("phone", ["1381234567", "23812345678", "138-1234-5678x", "电话", "12345"])
async def test_an_invalid_phone_is_refused(api: Api, build: Builder, phone: str) -> None:
    book = await ledger(build)
    await refused(
        api,
        build,
        "createMember",
        member_input(book.branch, phone=phone),
        book.token(book.org_admin),
        code="INVALID_PHONE",
        field=["phone"],
    )


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("+86 138 1234 5678", "138****5678"), ("(028)85123456", "028****3456"), ("", None)],
)
async def test_a_phone_is_normalized_before_it_is_checked(
    api: Api, build: Builder, phone: str, masked: str | None
) -> None:
    book = await ledger(build)
    member = await accepted(
        api, build, "createMember", member_input(book.branch, phone=phone), book.token(book.org_admin)
    )
    assert member["phone"] == masked


async def test_members_are_kept_in_a_living_branch_and_its_own_groups(api: Api, build: Builder) -> None:
    book = await ledger(build)
    token = book.token(book.org_admin)
    for org in (book.root, book.group):
        await refused(
            api, build, "createMember", member_input(org), token, code="NOT_A_BRANCH", field=["organizationId"]
        )
    group2 = await build.org("第二党小组", parent=book.branch2, type=book.group.type)
    await refused(
        api,
        build,
        "createMember",
        member_input(book.branch, partyGroupId=gid("Organization", group2.id)),
        token,
        code="NOT_A_GROUP_OF_BRANCH",
        field=["partyGroupId"],
    )
    admin = await build.admin()
    async with build.sessions() as session, session.begin():
        for org in (group2, book.branch2):
            assert org.id is not None
            await orgs.dissolve_org(session, actor=admin, org_id=org.id, dissolved_on=today(), reason="合并")
    await refused(
        api, build, "createMember", member_input(book.branch2), token, code="NOT_A_BRANCH", field=["organizationId"]
    )


async def test_other_rules_of_a_record(api: Api, build: Builder) -> None:
    book = await ledger(build)
    token = book.token(book.org_admin)
    tomorrow = (today() + timedelta(days=1)).isoformat()
    for overrides, code, field in (
        ({"specialState": "FLOWING"}, "FLOWING_TO_REQUIRED", "flowingTo"),
        ({"name": "  "}, "INVALID_MEMBER_NAME", "name"),
        ({"name": "张" * 51}, "INVALID_MEMBER_NAME", "name"),
        ({"post": "岗" * 101}, "TEXT_TOO_LONG", "post"),
        ({"joinedOn": tomorrow, "convertedOn": None, "status": "PROBATIONARY"}, "DATE_IN_FUTURE", "joinedOn"),
        ({"organizationId": gid("User", 1)}, "INVALID_ID", "organizationId"),
        ({"organizationId": gid("Organization", 999999)}, "NOT_FOUND", "organizationId"),
    ):
        await refused(
            api, build, "createMember", member_input(book.branch, **overrides), token, code=code, field=[field]
        )
    # a flowing member names where they went; the destination goes when the state does
    member = await accepted(
        api,
        build,
        "createMember",
        member_input(book.branch, specialState="FLOWING", flowingTo="深圳分公司"),
        token,
    )
    assert (member["specialState"], member["flowingTo"]) == ("FLOWING", "深圳分公司")
    update = {"id": member["id"], "version": 1, "specialState": "NONE"}
    assert (await mutate(api, "updateMember", update, token))["member"]["flowingTo"] is None


async def test_an_unknown_enum_value_is_a_coded_top_level_error(api: Api, build: Builder) -> None:
    book = await ledger(build)
    body = await api.post(
        "mutation($input: CreateMemberInput!) { createMember(input: $input) { errors { code } } }",
        {"input": member_input(book.branch, ethnicity="KLINGON")},
        book.token(book.org_admin),
    )
    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION_FAILED"]
