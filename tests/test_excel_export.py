"""Excel export through HTTP: the caller's scoped, filtered list, masked unless the caller may reveal, audited."""

from datetime import date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlmodel import col

from authz.roles import Role
from domain.audit.models import AuditRecord
from domain.members import service
from domain.members.enums import LeavingKind
from domain.members.excel_export import HEADERS
from domain.members.models import Member
from domain.orgs.models import Organization
from domain.personal_data import mask_id_number, mask_phone
from domain.timeutil import today
from tests.excel_support import Tree, actor_of, bearer, person, read_sheet, sheet, tree, upload
from tests.fixtures import Builder, gid

EXPORT = "/export/members.xlsx"
# Serial numbers: odd ones are women. 1 and 2 in the first branch, 3 in the second, 4 in the branch outside.
PEOPLE = {
    1: person(1, 党小组="第一党小组"),
    2: person(2, 入党日期=date(2025, 3, 1), 转正日期=None, 党员状态="预备党员"),
    3: person(3, 特殊状态="流动", 流向="广东深圳"),
    4: person(4),
}


@pytest.fixture
async def orgs(client: httpx.AsyncClient, build: Builder) -> Tree:
    orgs = await tree(build)
    for org, serials, token in (
        (orgs.branch, [1, 2], orgs.org_admin),
        (orgs.other_branch, [3], orgs.org_admin),
        (orgs.outside, [4], orgs.outside_admin),
    ):
        response = await upload(client, org, sheet([PEOPLE[s] for s in serials]), token)
        assert response.status_code == 200, response.json()
    return orgs


async def export(client: httpx.AsyncClient, under: Organization, token: str | None, **filters: Any) -> httpx.Response:
    return await client.get(EXPORT, params={"under": gid("Organization", under.id), **filters}, headers=bearer(token))


async def rows(client: httpx.AsyncClient, under: Organization, token: str, **filters: Any) -> list[dict[str, Any]]:
    response = await export(client, under, token, **filters)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response.headers["content-disposition"]
    return read_sheet(response.content)


def day(value: date) -> datetime:
    """A date as openpyxl reads a date cell back."""
    return datetime.combine(value, datetime.min.time())


def names(exported: list[dict[str, Any]]) -> list[str]:
    return [row["姓名"] for row in exported]


async def exports(build: Builder) -> list[AuditRecord]:
    return [record for record in await build.audit_records() if record.operation == "exportMembers"]


async def test_an_org_admin_exports_the_subtree_in_clear_and_that_is_audited(
    client: httpx.AsyncClient, build: Builder, orgs: Tree
) -> None:
    exported = await rows(client, orgs.committee, orgs.org_admin)
    assert names(exported) == ["党员00001", "党员00002", "党员00003"]
    assert list(exported[0]) == list(HEADERS)
    first = PEOPLE[1]
    assert exported[0] == {
        "所在党支部": "第一党支部",
        "姓名": "党员00001",
        "性别": "女",
        "民族": "汉族",
        "出生日期": day(first["出生日期"]),
        "身份证号": first["身份证号"],
        "联系电话": first["联系电话"],
        "学历": "大学本科",
        "学位": "学士",
        "籍贯": "四川成都",
        "工作岗位": "工程师",
        "所在部门": "技术部",
        "人员类别": "在职",
        "入党日期": day(first["入党日期"]),
        "转正日期": day(first["转正日期"]),
        "党员状态": "正式党员",
        "特殊状态": "正常",
        "流向": None,
        "党小组": "第一党小组",
        "记录状态": "在册",
        "出党或转出日期": None,
    }
    assert (exported[1]["党员状态"], exported[1]["转正日期"], exported[1]["党小组"]) == ("预备党员", None, None)
    assert (exported[2]["所在党支部"], exported[2]["特殊状态"], exported[2]["流向"]) == (
        "第二党支部",
        "流动",
        "广东深圳",
    )
    [record] = await exports(build)
    assert (record.result, record.org_id, record.object_type) == ("OK", orgs.committee.id, "Member")
    assert record.changes == {"rows": 3, "revealed": ["id_number", "phone"], "filter": {"record_states": ["ACTIVE"]}}


@pytest.mark.parametrize("role", ["secretary", "auditor"])
async def test_readers_without_the_reveal_permission_get_masks(
    client: httpx.AsyncClient, build: Builder, orgs: Tree, role: str
) -> None:
    exported = await rows(client, orgs.committee, getattr(orgs, role))
    assert names(exported) == ["党员00001", "党员00002", "党员00003"]
    for row, serial in zip(exported, (1, 2, 3), strict=True):
        assert row["身份证号"] == mask_id_number(PEOPLE[serial]["身份证号"])
        assert row["联系电话"] == mask_phone(PEOPLE[serial]["联系电话"])
    [record] = await exports(build)
    assert record.result == "OK" and record.changes is not None and record.changes["revealed"] == []


async def test_the_export_holds_only_what_the_caller_may_read(
    client: httpx.AsyncClient, build: Builder, orgs: Tree
) -> None:
    # Sees the root (a member's grant there) and reads the first committee's members: nothing beside it.
    reader = await build.user(
        "lingdao", grants=[(Role.MEMBER, orgs.root, False), (Role.SECRETARY, orgs.committee, True)]
    )
    assert names(await rows(client, orgs.root, build.token(reader))) == ["党员00001", "党员00002", "党员00003"]
    outside = await export(client, orgs.outside, orgs.org_admin)
    assert outside.status_code == 404 and outside.json()["code"] == "NOT_FOUND" and outside.json()["field"] == ["under"]
    assert (await export(client, orgs.root, orgs.org_admin)).status_code == 404
    # A global ADMIN reads every member, masked: the ledger is not an ADMIN's to reveal.
    admin = build.token(await build.user("xitong", grants=[(Role.ADMIN, None, True)]))
    everyone = await rows(client, orgs.root, admin)
    assert names(everyone) == ["党员00001", "党员00002", "党员00003", "党员00004"]
    assert everyone[3]["身份证号"] == mask_id_number(PEOPLE[4]["身份证号"])


async def test_reveal_must_cover_every_member_the_export_can_hold(
    client: httpx.AsyncClient, build: Builder, orgs: Tree
) -> None:
    # ORG_ADMIN on the committee node alone, reading its subtree as SECRETARY: the branches stay masked.
    grants: list[tuple[Role, Organization | None, bool]] = [
        (Role.ORG_ADMIN, orgs.committee, False),
        (Role.SECRETARY, orgs.committee, True),
    ]
    node_admin = build.token(await build.user("jiguan", grants=grants))
    masked = await rows(client, orgs.committee, node_admin)
    assert masked[0]["身份证号"] == mask_id_number(PEOPLE[1]["身份证号"])
    # ORG_ADMIN on one branch alone: that branch's export is in clear.
    branch_admin = build.token(await build.user("zhibu", grants=[(Role.ORG_ADMIN, orgs.branch, False)]))
    clear = await rows(client, orgs.branch, branch_admin)
    assert [row["身份证号"] for row in clear] == [PEOPLE[1]["身份证号"], PEOPLE[2]["身份证号"]]


async def test_filters_apply(client: httpx.AsyncClient, orgs: Tree) -> None:
    token, under = orgs.org_admin, orgs.committee
    assert names(await rows(client, under, token, gender="FEMALE")) == ["党员00001", "党员00003"]
    assert names(await rows(client, under, token, status="PROBATIONARY")) == ["党员00002"]
    assert names(await rows(client, under, token, status="FULL", gender="FEMALE", specialState="FLOWING")) == [
        "党员00003"
    ]
    assert names(await rows(client, under, token, status="FULL,PROBATIONARY", nameContains="0000")) == [
        "党员00001", "党员00002", "党员00003",
    ]  # fmt: skip
    assert names(await rows(client, under, token, partyGroupId=gid("Organization", orgs.group.id))) == ["党员00001"]
    ages = sorted((today().year - PEOPLE[s]["出生日期"].year, s) for s in (1, 2, 3))
    youngest_age = ages[0][0]
    assert names(await rows(client, under, token, maxAge=youngest_age)) == [f"党员{ages[0][1]:05d}"]
    assert len(await rows(client, under, token, minAge=youngest_age + 1)) == 2
    assert names(await rows(client, under, token, joinedFromYear=2025)) == ["党员00002"]
    by_age = await rows(client, under, token, orderBy="AGE")
    assert names(by_age) == [f"党员{serial:05d}" for _, serial in ages]


async def test_closed_records_only_when_asked(client: httpx.AsyncClient, build: Builder, orgs: Tree) -> None:
    actor = await actor_of(build, orgs.org_admin_user)
    async with build.sessions() as session, session.begin():
        member = (await session.execute(select(Member).where(col(Member.name) == "党员00002"))).scalar_one()
        assert member.id is not None
        await service.record_leaving(
            session,
            actor=actor,
            member_id=member.id,
            kind=LeavingKind.WITHDRAWAL,
            left_on=date(2026, 1, 5),
            reason="本人申请",
        )
    token, under = orgs.org_admin, orgs.committee
    assert names(await rows(client, under, token)) == ["党员00001", "党员00003"]
    everyone = await rows(client, under, token, includeClosed="true")
    assert names(everyone) == ["党员00001", "党员00002", "党员00003"]
    assert (everyone[1]["记录状态"], everyone[1]["出党或转出日期"]) == ("已出党", day(date(2026, 1, 5)))
    assert names(await rows(client, under, token, recordState="LEFT")) == ["党员00002"]


async def test_bad_requests(client: httpx.AsyncClient, build: Builder, orgs: Tree) -> None:
    response = await export(client, orgs.committee, None)
    assert response.status_code == 401 and response.json()["code"] == "UNAUTHENTICATED"
    for filters, field in (
        ({"status": "SLEEPING"}, "status"),
        ({"minAge": "abc"}, "minAge"),
        ({"maxAge": "200"}, "maxAge"),
        ({"orderBy": "HEIGHT"}, "orderBy"),
        ({"includeClosed": "maybe"}, "includeClosed"),
    ):
        response = await export(client, orgs.committee, orgs.org_admin, **filters)
        assert (response.status_code, response.json()["code"], response.json()["field"]) == (
            400,
            "INVALID_INPUT",
            [field],
        )
    response = await client.get(EXPORT, params={"under": "nope"}, headers=bearer(orgs.org_admin))
    assert response.status_code == 400 and response.json()["code"] == "INVALID_ID"
    assert await exports(build) == []
