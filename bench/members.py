"""A million members over the branches of the generated tree, made up row by row and loaded with COPY.

The rows look like a real ledger (70 % men, 92 % Han, born 1950-2005, admitted at 18 or later, converted a
year or more after admission, ~5 % probationary, ~2 % left the party) but skip what costs per row without
changing what the reads measure: every row shares one valid SM4 ciphertext of its ID number and of its
phone (a reveal or an export in clear shows the same sample values), the unique keyed hash is a SHA-256 of
the row number, and no member_org_history rows are written (no read measured here touches them).
Rows go in in random branch order, as a ledger filled over the years would lay them out on disk.
"""

import hashlib
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from time import perf_counter
from typing import Any

from bench.generate import Dataset, Org
from domain.members.enums import Education, Ethnicity
from domain.members.service import ID_NUMBER, PHONE
from domain.orgs.models import OrgType
from domain.personal_data import PersonalDataCipher, id_check_character
from domain.settings import Settings
from domain.timeutil import today

EXPORT_ROWS = 10_000  # the members of the branch the export reads
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文志海波鹏辉宇晨欣怡浩然子涵雨"
AREAS = (110101, 310104, 440305, 510107, 330106, 320102, 420106, 610113, 370102, 500103)
PLACES = ("四川成都", "北京", "上海", "广东广州", "湖北武汉", "陕西西安", "江苏南京", "浙江杭州", "山东济南", "重庆")
POSTS = ("工程师", "技术员", "会计", "经理", "教师", "职员", "操作工", "研究员")
DEPARTMENTS = ("技术部", "财务部", "综合办", "生产车间", "市场部", "人力资源部")
MINORITIES = [e.value for e in Ethnicity if e.value != "HAN"]
EDUCATIONS = [*(e.value for e in Education), None]
EDUCATION_WEIGHTS = [8, 35, 25, 10, 10, 7, 3, 2]
CATEGORIES = ("EMPLOYED",) * 9 + ("OTHER",)
RARE_STATES = ("LOST_CONTACT", "SUSPENDED")
DEGREES = {"POSTGRADUATE": "硕士", "UNDERGRADUATE": "学士"}
ADULT_DAYS = 18 * 365 + 6  # 18 years and a day, whatever the leap years
LEAVING = (("DEATH", "病故"), ("WITHDRAWAL", "本人申请退党"), ("REMOVAL", "长期不参加组织生活"), ("EXPULSION", "违纪"))


@dataclass
class MemberSet:
    count: int
    matching: Counter[int]  # branch id -> current full female members: the page filter's hits
    export_branch: Org  # EXPORT_ROWS members
    fresh_branches: list[Org]  # left empty: the import targets
    branches: int = 0  # branches that hold members
    seconds: float = 0.0  # generating and copying the rows
    vacuum_seconds: float = 0.0


def plan(data: Dataset, total: int, fresh: int, seed: int = 2027) -> tuple[MemberSet, list[Org]]:
    """Which branch each row goes to: a few branches stay empty, one holds the export's rows."""
    rng = random.Random(seed)
    branches = [o for o in data.orgs if o.type is OrgType.BRANCH]
    fresh_branches, export_branch, others = branches[-fresh:], branches[-fresh - 1], branches[: -fresh - 1]
    weights = [rng.uniform(0.2, 1.8) for _ in others]  # branches of 20 to 180 members at a million
    export = min(EXPORT_ROWS, total // 2)
    owners = rng.choices(others, weights, k=total - export) + [export_branch] * export
    rng.shuffle(owners)
    return MemberSet(total, Counter(), export_branch, fresh_branches), owners


def rows(data: Dataset, owners: list[Org], members: MemberSet, seed: int = 2028) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    rand, randrange, choice = rng.random, rng.randrange, rng.choice
    cipher = PersonalDataCipher.from_hex(Settings().personal_data_key.get_secret_value())
    id_cipher, phone_cipher = cipher.encrypt("110101198503070019", ID_NUMBER), cipher.encrypt("13800138000", PHONE)
    groups: dict[int, list[int]] = {}
    for org in data.orgs:
        if org.type is OrgType.GROUP and not org.dissolved and org.parent_id is not None:
            groups.setdefault(org.parent_id, []).append(org.id)
    day = today()
    now = datetime.now(UTC)
    first_birth, last_birth, last = date(1950, 1, 1).toordinal(), date(2005, 12, 31).toordinal(), day.toordinal()
    educations = rng.choices(EDUCATIONS, EDUCATION_WEIGHTS, k=len(owners))
    for i, branch in enumerate(owners, start=1):
        male = rand() < 0.7
        born = date.fromordinal(randrange(first_birth, last_birth + 1))
        probationary = rand() < 0.05
        if probationary:  # admitted within the year, not converted yet
            joined, converted = date.fromordinal(last - randrange(1, 360)), None
        else:  # converted a year (or up to half a year more) after admission, and not in the future
            joined_at = born.toordinal() + ADULT_DAYS
            joined_at += randrange(max(1, min(last - 600 - joined_at, 25 * 365)))  # most join before 45
            joined, converted = date.fromordinal(joined_at), date.fromordinal(joined_at + 366 + randrange(180))
        first17 = f"{choice(AREAS)}{born.year:04d}{born.month:02d}{born.day:02d}{randrange(50) * 2 + male:03d}"
        masked = f"{first17[:6]}********{first17[14:]}{id_check_character(first17)}"
        age = day.year - born.year
        category = "RETIRED" if age > 62 else "STUDENT" if age < 23 and rand() < 0.6 else choice(CATEGORIES)
        education = educations[i - 1]
        special = rand()
        special_state = "NONE" if special >= 0.03 else "FLOWING" if special < 0.02 else choice(RARE_STATES)
        left = rand() < 0.02 and branch is not members.export_branch  # the export gets all its rows
        kind, reason = LEAVING[0 if age > 70 else randrange(len(LEAVING))] if left else (None, None)
        closed = date.fromordinal(randrange((converted or joined).toordinal(), last)) if left else None
        state = "LEFT" if left else "ACTIVE"
        if state == "ACTIVE" and not probationary and not male:
            members.matching[branch.id] += 1
        group = groups.get(branch.id)
        phone = f"1{choice('3589')}{randrange(10)}****{randrange(10000):04d}" if rand() < 0.9 else None
        yield (
            i, branch.id, choice(group) if group and rand() < 0.7 else None, branch.path,
            choice(SURNAMES) + choice(GIVEN) + (choice(GIVEN) if rand() < 0.7 else ""),
            "MALE" if male else "FEMALE", "HAN" if rand() < 0.92 else choice(MINORITIES), born,
            id_cipher, hashlib.sha256(b"bench-member-%d" % i).hexdigest(), masked,
            phone_cipher if phone else None, phone,
            education, DEGREES.get(education or ""), choice(PLACES), choice(POSTS), choice(DEPARTMENTS),
            category, joined, converted, "PROBATIONARY" if probationary else "FULL",
            special_state, "广东深圳" if special_state == "FLOWING" else None,
            state, closed, kind, reason, 1, now, now,
        )  # fmt: skip


async def load(conn: Any, data: Dataset, total: int, fresh: int) -> MemberSet:
    """COPY the members in, fix the id sequence, then VACUUM ANALYZE as a settled database would be."""
    start = perf_counter()
    members, owners = plan(data, total, fresh)
    members.branches = len({org.id for org in owners})
    async with conn.transaction():
        await conn.copy_records_to_table("member", records=rows(data, owners, members), columns=MEMBER_COLUMNS)
        await conn.execute("SELECT setval(pg_get_serial_sequence('member', 'id'), (SELECT max(id) FROM member))")
    members.seconds = perf_counter() - start
    await conn.execute("VACUUM (ANALYZE) member")
    members.vacuum_seconds = perf_counter() - start - members.seconds
    return members


MEMBER_COLUMNS = [
    *("id", "organization_id", "party_group_id", "org_path", "name", "gender", "ethnicity", "birth_date"),
    *("id_number_cipher", "id_number_key", "id_number_masked", "phone_cipher", "phone_masked", "education"),
    *("degree", "native_place", "post", "department", "category", "joined_on", "converted_on", "status"),
    *("special_state", "flowing_to", "record_state", "closed_on", "leaving_kind", "leaving_reason", "version"),
    *("created_at", "updated_at"),
]
