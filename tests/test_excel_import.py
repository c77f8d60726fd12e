"""Excel import through HTTP: the template, a sheet checked row by row with createMember's rules, all or nothing."""

import io
from datetime import date
from typing import Any

import httpx
from openpyxl import load_workbook
from sqlalchemy import select

from domain.audit.models import AuditRecord
from domain.members.excel_layout import data_workbook
from domain.members.models import Member, MemberOrgHistory
from domain.members.service import ID_NUMBER, PHONE
from domain.personal_data import PersonalDataCipher
from tests.excel_support import HEADERS, bearer, person, read_sheet, sheet, tree, upload
from tests.fixtures import Builder, gid

TEMPLATE = "/import/members/template.xlsx"


async def members(build: Builder) -> list[Member]:
    async with build.sessions() as session:
        return list((await session.execute(select(Member).order_by(Member.id))).scalars())  # type: ignore[arg-type]


async def imports(build: Builder) -> list[AuditRecord]:
    return [record for record in await build.audit_records() if record.operation == "importMembers"]


def by_row(body: dict[str, Any]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for error in body["errors"]:
        assert error["message"], error
        found.setdefault(error["row"], []).append((error["column"], error["code"]))
    return found


_CODES = {
    "男": "MALE",
    "女": "FEMALE",
    "汉族": "HAN",
    "大学本科": "UNDERGRADUATE",
    "在职": "EMPLOYED",
    "正式党员": "FULL",
}


def expected(row: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """What a sheet row made with tests.excel_support.person must become in the member table."""
    names = ("name", "gender", "ethnicity", "birth_date", "id_number", "phone", "education", "degree", "native_place",
             "post", "department", "category", "joined_on", "converted_on", "status")  # fmt: skip
    values = {name: _CODES.get(row[header], row[header]) for name, header in zip(names, HEADERS, strict=False)}
    return values | {"special_state": "NONE", "flowing_to": None, "party_group_id": None} | changes


def fields(member: Member, cipher: PersonalDataCipher) -> dict[str, Any]:
    values = {name: getattr(member, name, None) for name in expected(person(1))}
    values["id_number"] = cipher.decrypt(member.id_number_cipher, ID_NUMBER)
    values["phone"] = cipher.decrypt(member.phone_cipher, PHONE) if member.phone_cipher else None
    return values


# --- the template -----------------------------------------------------------------------------------------


async def test_the_template_has_the_headers_an_example_and_a_help_sheet(
    client: httpx.AsyncClient, build: Builder
) -> None:
    orgs = await tree(build)
    response = await client.get(TEMPLATE, headers=bearer(orgs.secretary))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["党员信息", "说明"]
    [example] = read_sheet(response.content)
    assert list(example) == HEADERS and example["姓名"].startswith("示例")
    help_rows = {row[0]: [str(v) for v in row] for row in book["说明"].iter_rows(values_only=True) if row[0] in HEADERS}
    assert set(help_rows) == set(HEADERS)
    assert help_rows["身份证号"][1] == "必填" and help_rows["联系电话"][1] == "选填"
    assert "汉族" in help_rows["民族"][4] and "基诺族" in help_rows["民族"][4]
    assert help_rows["党员状态"][4] == "预备党员、正式党员"


async def test_the_template_needs_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get(TEMPLATE)
    assert response.status_code == 401 and response.json()["code"] == "UNAUTHENTICATED"
    response = await client.get(TEMPLATE, headers=bearer("not-a-token"))
    assert response.status_code == 401 and response.json()["code"] == "UNAUTHENTICATED"


async def test_the_filled_template_imports_without_its_example_row(client: httpx.AsyncClient, build: Builder) -> None:
    orgs = await tree(build)
    book = load_workbook(io.BytesIO((await client.get(TEMPLATE, headers=bearer(orgs.org_admin))).content))
    book["党员信息"].append([person(1).get(header) for header in HEADERS])
    content = io.BytesIO()
    book.save(content)
    response = await upload(client, orgs.branch, content.getvalue(), orgs.org_admin)
    assert response.status_code == 200, response.json()
    assert response.json()["rowsImported"] == 1
    assert [m.name for m in await members(build)] == ["党员00001"]


# --- all or nothing ---------------------------------------------------------------------------------------


async def test_a_sheet_with_bad_rows_writes_nothing_and_names_each_bad_row(
    client: httpx.AsyncClient, build: Builder
) -> None:
    orgs = await tree(build)
    registered = person(90)
    assert (await upload(client, orgs.branch, sheet([registered]), orgs.org_admin)).status_code == 200
    first, second = person(1), person(2, 党小组="第一党小组")
    bad_digit = person(3)
    bad_digit["身份证号"] = bad_digit["身份证号"][:17] + ("0" if bad_digit["身份证号"][17] != "0" else "1")
    rows = [
        first,
        second,
        bad_digit,  # row 4
        person(4, 出生日期=date(1990, 1, 1)),  # row 5: not the birth date the ID number holds
        person(5, 入党日期=date(person(5)["出生日期"].year + 17, 1, 1), 转正日期=None, 党员状态="预备党员"),  # row 6
        person(6, 联系电话="12345"),  # row 7
        person(7, 民族="火星族"),  # row 8
        person(8, 身份证号=first["身份证号"], 出生日期=first["出生日期"], 性别=first["性别"]),  # row 9
        registered,  # row 10
        person(10, 党小组="不存在的小组", 入党日期="2020年13月1日"),  # row 11: two cells wrong
    ]
    response = await upload(client, orgs.branch, sheet(rows), orgs.org_admin)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "IMPORT_REFUSED" and body["dryRun"] is False
    assert (body["rowsRead"], body["rowsValid"], body["rowsImported"]) == (10, 2, 0)
    assert by_row(body) == {
        4: [("身份证号", "INVALID_ID_NUMBER")],
        5: [("出生日期", "ID_NUMBER_MISMATCH")],
        6: [("入党日期", "UNDER_AGE")],
        7: [("联系电话", "INVALID_PHONE")],
        8: [("民族", "INVALID_CHOICE")],
        9: [("身份证号", "DUPLICATE_IN_FILE")],
        10: [("身份证号", "DUPLICATE_ID_NUMBER")],
        11: [("入党日期", "INVALID_DATE"), ("党小组", "NOT_A_GROUP_OF_BRANCH")],
    }
    assert "第 2 行" in body["errors"][5]["message"]
    assert [m.name for m in await members(build)] == [registered["姓名"]]
    assert [(r.result, r.org_id) for r in await imports(build)] == [
        ("OK", orgs.branch.id),
        ("IMPORT_REFUSED", orgs.branch.id),
    ]


async def test_a_bad_row_after_many_good_batches_still_writes_nothing(
    client: httpx.AsyncClient, build: Builder
) -> None:
    orgs = await tree(build)
    rows = [person(serial) for serial in range(1, 1201)]  # three batches of the importer
    rows.append(person(5000, 身份证号=rows[0]["身份证号"], 出生日期=rows[0]["出生日期"], 性别=rows[0]["性别"]))
    response = await upload(client, orgs.branch, sheet(rows), orgs.org_admin)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"row": 1202, "column": "身份证号", "code": "DUPLICATE_IN_FILE", "message": "与第 2 行的身份证号重复"}
    ]
    assert await build.count(Member) == 0 and await build.count(MemberOrgHistory) == 0
    response = await upload(client, orgs.branch, sheet(rows[:-1]), orgs.org_admin)
    assert response.json()["rowsImported"] == 1200 and await build.count(MemberOrgHistory) == 1200


# --- a good sheet -----------------------------------------------------------------------------------------


async def test_a_good_sheet_imports_exactly(client: httpx.AsyncClient, build: Builder) -> None:
    orgs = await tree(build)
    rows = [
        person(1, 党小组="第一党小组", 民族="回", 学历="研究生", 学位=None),
        person(2, 入党日期=date(2025, 3, 1), 转正日期=None, 党员状态="预备党员", 联系电话="028-85551234"),
        person(3, 特殊状态="流动", 流向="广东深圳", 人员类别="离退休", 学历=None, 联系电话=None),
        person(4, 身份证号=" " + person(4)["身份证号"].lower() + " ", 姓名="  李四  ", 出生日期="1964/5/5"),
    ]
    response = await upload(client, orgs.branch, sheet(rows), orgs.org_admin)
    assert response.status_code == 200, response.json()["errors"]
    assert response.json() == {
        "rowsRead": 4, "rowsValid": 4, "rowsImported": 4, "dryRun": False, "errors": [], "errorsTruncated": False
    }  # fmt: skip
    cipher = PersonalDataCipher.from_hex(build.settings.personal_data_key.get_secret_value())
    stored = await members(build)
    assert [fields(m, cipher) for m in stored] == [
        expected(rows[0], ethnicity="HUI", education="POSTGRADUATE", degree=None, party_group_id=orgs.group.id),
        expected(rows[1], joined_on=date(2025, 3, 1), converted_on=None, status="PROBATIONARY"),
        expected(
            rows[2], special_state="FLOWING", flowing_to="广东深圳", category="RETIRED", education=None, phone=None
        ),
        expected(rows[3], name="李四", id_number=person(4)["身份证号"], birth_date=date(1964, 5, 5)),
    ]
    assert [(m.organization_id, m.org_path, m.record_state, m.version) for m in stored] == [
        (orgs.branch.id, orgs.branch.path, "ACTIVE", 1)
    ] * 4
    assert [m.phone_masked for m in stored[:2]] == ["138****0001", "028*****1234"]
    assert stored[0].id_number_masked == rows[0]["身份证号"][:6] + "********" + rows[0]["身份证号"][-4:]
    async with build.sessions() as session:
        history = (await session.execute(select(MemberOrgHistory).order_by(MemberOrgHistory.id))).scalars().all()  # type: ignore[arg-type]
    assert [(h.member_id, h.organization_id, h.started_on, h.ended_on, h.reason) for h in history] == [
        (m.id, orgs.branch.id, m.joined_on, None, "IMPORTED") for m in stored
    ]
    [record] = await imports(build)
    assert (record.result, record.org_id, record.object_type) == ("OK", orgs.branch.id, "Member")
    assert record.changes == {"dry_run": False, "organization": "第一党支部", "rows_valid": 4, "rows_imported": 4}


async def test_a_dry_run_checks_and_writes_nothing(client: httpx.AsyncClient, build: Builder) -> None:
    orgs = await tree(build)
    response = await upload(client, orgs.branch, sheet([person(1), person(2)]), orgs.org_admin, dry_run=True)
    assert response.status_code == 200
    assert response.json()["rowsValid"] == 2 and response.json()["rowsImported"] == 0 and response.json()["dryRun"]
    blank_then_bad = sheet([person(1), {}, person(2, 民族="火星族")])  # blank rows are skipped, still counted
    bad = await upload(client, orgs.branch, blank_then_bad, orgs.org_admin, dry_run=True)
    assert bad.status_code == 422 and by_row(bad.json()) == {4: [("民族", "INVALID_CHOICE")]}
    assert (bad.json()["rowsRead"], bad.json()["rowsValid"]) == (2, 1)
    assert await build.count(Member) == 0
    # Audited all the same: a dry run says whether ID numbers are registered anywhere in the system.
    assert [(r.result, r.changes and r.changes["dry_run"]) for r in await imports(build)] == [
        ("OK", True),
        ("IMPORT_REFUSED", True),
    ]


# --- the request itself -----------------------------------------------------------------------------------


async def test_a_body_over_10_mb_is_refused(client: httpx.AsyncClient, build: Builder) -> None:
    orgs = await tree(build)
    response = await upload(client, orgs.branch, b"x" * (10 * 1024 * 1024 + 1), orgs.org_admin)
    assert response.status_code == 413 and response.json()["code"] == "PAYLOAD_TOO_LARGE"


async def test_without_a_token_the_import_is_refused_and_recorded(client: httpx.AsyncClient, build: Builder) -> None:
    orgs = await tree(build)
    response = await upload(client, orgs.branch, sheet([person(1)]), None)
    assert response.status_code == 401 and response.json()["code"] == "UNAUTHENTICATED"
    assert [r.result for r in await imports(build)] == ["UNAUTHENTICATED"]
    assert await build.count(Member) == 0


async def test_an_org_outside_the_grants_is_not_found_and_a_secretary_may_not_write(
    client: httpx.AsyncClient, build: Builder
) -> None:
    orgs = await tree(build)
    content = sheet([person(1)])
    outside = await upload(client, orgs.outside, content, orgs.org_admin)
    assert outside.status_code == 404 and outside.json()["code"] == "NOT_FOUND"
    missing = await client.post("/import/members", params={"organizationId": gid("Organization", 999999)},
                                content=content, headers=bearer(orgs.org_admin))  # fmt: skip
    assert missing.status_code == 404 and missing.json() == outside.json()
    assert outside.json()["field"] == ["organizationId"]
    assert (await upload(client, orgs.branch, content, orgs.secretary)).status_code == 403
    not_branch = await upload(client, orgs.committee, content, orgs.org_admin)
    assert not_branch.status_code == 400 and not_branch.json()["code"] == "NOT_A_BRANCH"
    bad_id = await client.post("/import/members", params={"organizationId": "nope"}, headers=bearer(orgs.org_admin))
    assert bad_id.status_code == 400 and bad_id.json()["code"] == "INVALID_ID"
    assert await build.count(Member) == 0


async def test_unreadable_files_and_missing_columns_are_reported(client: httpx.AsyncClient, build: Builder) -> None:
    orgs = await tree(build)
    token = orgs.org_admin
    garbage = await upload(client, orgs.branch, b"name,id\nzhang,1\n", token)
    assert garbage.status_code == 422 and [e["code"] for e in garbage.json()["errors"]] == ["INVALID_WORKBOOK"]
    no_rows = await upload(client, orgs.branch, sheet([]), token)
    assert no_rows.status_code == 422 and no_rows.json()["errors"][0]["code"] == "INVALID_WORKBOOK"
    headers = [h for h in HEADERS if h not in {"身份证号", "民族"}] + ["备注"]
    missing = await upload(client, orgs.branch, sheet([person(1)], headers), token)
    assert by_row(missing.json()) == {1: [("民族", "MISSING_COLUMN"), ("身份证号", "MISSING_COLUMN")]}
    multipart = await client.post(
        "/import/members",
        params={"organizationId": gid("Organization", orgs.branch.id)},
        files={"file": ("members.xlsx", sheet([person(1)]))},
        headers=bearer(token),
    )
    assert multipart.status_code == 415


async def test_columns_may_come_in_any_order_and_numbers_typed_as_numbers(
    client: httpx.AsyncClient, build: Builder
) -> None:
    orgs = await tree(build)
    headers = list(reversed(HEADERS))
    row = person(1, 联系电话=13800000001)
    # A title row above the headers, as ledgers kept by hand often have.
    lines: list[list[Any]] = [
        headers,
        [row.get(h) for h in headers],
        [person(2, 民族="火星族").get(h) for h in headers],
    ]
    titled = data_workbook(lines, ["党员信息登记表"])
    response = await upload(client, orgs.branch, titled, orgs.org_admin, dry_run=True)
    assert by_row(response.json()) == {4: [("民族", "INVALID_CHOICE")]}
    numeric_id = person(2) | {"身份证号": int(person(2)["身份证号"][:17] + "0")}
    response = await upload(client, orgs.branch, sheet([row, numeric_id], headers), orgs.org_admin)
    assert by_row(response.json()) == {3: [("身份证号", "INVALID_ID_NUMBER")]}
    response = await upload(client, orgs.branch, sheet([row], headers), orgs.org_admin)
    assert response.status_code == 200
    [member] = await members(build)
    assert member.phone_masked == "138****0001"
