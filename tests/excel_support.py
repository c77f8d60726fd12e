"""What the Excel tests share: valid people made up by serial number, sheets of them, and the HTTP calls."""

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
from openpyxl import load_workbook

from authz.actor import Actor, load_grants
from authz.roles import Role
from domain.accounts.models import User
from domain.members.excel_layout import COLUMNS, data_workbook
from domain.orgs.models import Organization, OrgType
from domain.personal_data import id_check_character
from tests.fixtures import Builder, gid

HEADERS = [column.header for column in COLUMNS]


def id_number(serial: int, birth: date, male: bool) -> str:
    """A valid 身份证号, unique per serial: the area code carries the serial's hundreds."""
    first17 = f"{110101 + serial // 100:06d}{birth:%Y%m%d}{serial % 100:02d}{1 if male else 2}"
    return first17 + id_check_character(first17)


def person(serial: int, **changes: Any) -> dict[str, Any]:
    """A row (by Chinese header) that keeps every rule: a full member, admitted at 25, converted a year later."""
    male = serial % 2 == 0
    birth = date(1960 + serial % 35, 1 + serial % 12, 1 + serial % 28)
    joined = date(birth.year + 25, 7, 1)
    row: dict[str, Any] = {
        "姓名": f"党员{serial:05d}",
        "性别": "男" if male else "女",
        "民族": "汉族",
        "出生日期": birth,
        "身份证号": id_number(serial, birth, male),
        "联系电话": f"138{serial:08d}",
        "学历": "大学本科",
        "学位": "学士",
        "籍贯": "四川成都",
        "工作岗位": "工程师",
        "所在部门": "技术部",
        "人员类别": "在职",
        "入党日期": joined,
        "转正日期": date(joined.year + 1, 7, 1),
        "党员状态": "正式党员",
    }
    return row | changes


def sheet(rows: list[dict[str, Any]], headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    return data_workbook(([row.get(header) for header in headers] for row in rows), headers)


def read_sheet(content: bytes, name: str | None = None) -> list[dict[str, Any]]:
    """The rows of a downloaded workbook's first (or named) sheet, by header."""
    book = load_workbook(io.BytesIO(content), read_only=True)
    rows = list((book[name] if name else book.worksheets[0]).iter_rows(values_only=True))
    book.close()
    headers = [str(header) for header in rows[0]]
    # A row read in streaming mode ends at its last written cell.
    return [dict(zip(headers, row + (None,) * (len(headers) - len(row)), strict=True)) for row in rows[1:]]


def bearer(token: str | None) -> dict[str, str]:
    return {"authorization": f"Bearer {token}"} if token else {}


async def upload(
    client: httpx.AsyncClient, org: Organization, content: bytes, token: str | None, dry_run: bool = False
) -> httpx.Response:
    params = {"organizationId": gid("Organization", org.id), "dryRun": "true" if dry_run else "false"}
    return await client.post("/import/members", params=params, content=content, headers=bearer(token))


async def actor_of(build: Builder, user: User) -> Actor:
    assert user.id is not None
    async with build.sessions() as session:
        return Actor(user_id=user.id, username=user.username, grants=await load_grants(session, user.id))


@dataclass
class Tree:
    """Under a root committee: a committee with two branches (the first with a party group), and a committee
    beside it with one branch. The users hold their roles on the first committee's subtree."""

    root: Organization
    committee: Organization
    branch: Organization
    other_branch: Organization
    group: Organization
    outside: Organization
    org_admin: str
    secretary: str
    auditor: str
    outside_admin: str  # ORG_ADMIN of the committee beside
    org_admin_user: User


async def tree(build: Builder) -> Tree:
    root = await build.org("集团党委", OrgType.COMMITTEE)
    committee = await build.org("机关党委", OrgType.COMMITTEE, root)
    branch = await build.org("第一党支部", OrgType.BRANCH, committee)
    other = await build.org("第二党支部", OrgType.BRANCH, committee)
    group = await build.org("第一党小组", OrgType.GROUP, branch)
    beside = await build.org("生产党委", OrgType.COMMITTEE, root)
    outside = await build.org("车间党支部", OrgType.BRANCH, beside)
    admin = await build.user("dangwu", grants=[(Role.ORG_ADMIN, committee, True)])
    secretary = await build.user("shuji", grants=[(Role.SECRETARY, committee, True)])
    auditor = await build.user("jijian", grants=[(Role.AUDITOR, committee, True)])
    neighbour = await build.user("shengchan", grants=[(Role.ORG_ADMIN, beside, True)])
    return Tree(
        root=root,
        committee=committee,
        branch=branch,
        other_branch=other,
        group=group,
        outside=outside,
        org_admin=build.token(admin),
        secretary=build.token(secretary),
        auditor=build.token(auditor),
        outside_admin=build.token(neighbour),
        org_admin_user=admin,
    )
