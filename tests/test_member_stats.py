"""memberStats(under:) through /graphql against a hand-counted ledger: exact counts, exact percents, scope.

The ledger (every date relative to today, so no age or 党龄 drifts with the calendar):
a root committee R holds committee C (branches A and B) and branch Z. C's subtree has 12 current members,
counted by hand below; A also has one member who left the party, and Z one member outside C's subtree.
Several members sit exactly on a band's edge (a 31st birthday today, a 20th conversion anniversary today).
"""

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from authz.actor import Actor, load_grants
from authz.roles import Role
from domain.charts import percents
from domain.db import SessionFactory
from domain.members import service as members
from domain.members.enums import Category, Education, Ethnicity, Gender, LeavingKind, MemberStatus
from domain.members.models import Member
from domain.members.service import MemberFields
from domain.orgs.models import Organization, OrgType
from domain.personal_data import PersonalDataCipher, id_check_character
from domain.timeutil import add_years, today
from tests.conftest import StatementLog
from tests.fixtures import Api, Builder, gid

SERIES = ("byGender", "byAgeBand", "byEducation", "byEthnicity", "byStatus", "byCategory", "byPartyStanding")
QUERY = (
    "query($under: ID!) { memberStats(under: $under) { total "
    + " ".join(f"{name} {{ key label value percent }}" for name in SERIES)
    + " } }"
)
M, F = Gender.MALE, Gender.FEMALE
E = Education
C = Category
P, FULL = MemberStatus.PROBATIONARY, MemberStatus.FULL


def make_id_number(region: str, birth: date, seq: int, male: bool) -> str:
    """A valid 身份证号 (GB 11643): region, birth date, a 3-digit sequence whose parity is the sex, check."""
    sequence = seq * 2 % 1000 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


def born(age: int, *, birthday_today: bool = False, birthday_tomorrow: bool = False) -> date:
    """A birth date that makes someone exactly `age` today: well inside the year, or on its very edge."""
    anniversary = add_years(today(), -age)
    if birthday_today:
        return anniversary
    if birthday_tomorrow:
        return add_years(today(), -(age + 1)) + timedelta(days=1)
    return anniversary - timedelta(days=100)


def converted(years: int, *, anniversary_today: bool = False, anniversary_tomorrow: bool = False) -> date:
    """A conversion date giving a 党龄 of exactly `years` today."""
    if anniversary_today:
        return add_years(today(), -years)
    if anniversary_tomorrow:
        return add_years(today(), -(years + 1)) + timedelta(days=1)
    return add_years(today(), -years) - timedelta(days=30)


@dataclass(frozen=True)
class Person:
    branch: str
    gender: Gender
    birth: date
    education: Education | None
    ethnicity: str
    status: MemberStatus
    category: Category
    converted_on: date | None

    @property
    def joined_on(self) -> date:
        # A year's probation before conversion (and a little more); probationers joined 100 days ago.
        return self.converted_on - timedelta(days=400) if self.converted_on else today() - timedelta(days=100)


# The 12 current members of C's subtree. Ages and 党龄 in the comments are today's, by construction.
LEDGER = [
    Person("A", M, born(25), E.UNDERGRADUATE, "HAN", FULL, C.EMPLOYED, converted(3)),
    Person("A", F, born(30, birthday_tomorrow=True), E.POSTGRADUATE, "HAN", P, C.EMPLOYED, None),  # 30 → ≤30
    Person("A", M, born(31, birthday_today=True), E.UNDERGRADUATE, "HUI", FULL, C.EMPLOYED,
           converted(9, anniversary_tomorrow=True)),  # 31 → 31–40; 党龄 9 → <10
    Person("A", M, born(45), E.JUNIOR_COLLEGE, "HAN", FULL, C.EMPLOYED, converted(10, anniversary_today=True)),
    Person("A", F, born(52), E.HIGH_SCHOOL, "HAN", FULL, C.EMPLOYED, converted(25)),
    Person("A", M, born(60, birthday_tomorrow=True), None, "ZHUANG", FULL, C.OTHER, converted(35)),  # 60 → 51–60
    Person("A", F, born(22), E.UNDERGRADUATE, "HAN", P, C.STUDENT, None),
    Person("B", M, born(40, birthday_tomorrow=True), E.POSTGRADUATE, "HAN", FULL, C.EMPLOYED,
           converted(19, anniversary_tomorrow=True)),  # 40 → 31–40; 党龄 19 → 10–19
    Person("B", M, born(61, birthday_today=True), E.TECHNICAL_SECONDARY, "HAN", FULL, C.RETIRED, converted(40)),
    Person("B", F, born(70), E.JUNIOR_HIGH, "MANCHU", FULL, C.RETIRED, converted(49, anniversary_tomorrow=True)),
    Person("B", M, born(78), E.PRIMARY_OR_BELOW, "HAN", FULL, C.RETIRED, converted(50, anniversary_today=True)),
    Person("B", M, born(41, birthday_today=True), E.UNDERGRADUATE, "HAN", FULL, C.EMPLOYED,
           converted(20, anniversary_today=True)),  # 41 → 41–50; 党龄 20 → 20–29
]  # fmt: skip
LEFT_PARTY = Person("A", M, born(35), E.UNDERGRADUATE, "HAN", FULL, C.EMPLOYED, converted(8))
OUTSIDE = Person("Z", F, born(33), E.POSTGRADUATE, "TIBETAN", FULL, C.EMPLOYED, converted(5))


def points(*items: tuple[str, str, int, float]) -> list[dict[str, Any]]:
    return [{"key": k, "label": label, "value": v, "percent": p} for k, label, v, p in items]


# Counted by hand from LEDGER; the percents are the largest-remainder roundings to one decimal
# (a tie in the remainder goes to the earlier key).
EXPECTED_C: dict[str, Any] = {
    "total": 12,
    "byGender": points(("MALE", "男", 8, 66.7), ("FEMALE", "女", 4, 33.3)),
    "byAgeBand": points(
        ("UP_TO_30", "≤30岁", 3, 25.0),
        ("FROM_31_TO_40", "31–40岁", 2, 16.7),
        ("FROM_41_TO_50", "41–50岁", 2, 16.7),
        ("FROM_51_TO_60", "51–60岁", 2, 16.6),
        ("OVER_60", ">60岁", 3, 25.0),
    ),
    "byEducation": points(
        ("POSTGRADUATE", "研究生", 2, 16.7),
        ("UNDERGRADUATE", "大学本科", 4, 33.4),
        ("JUNIOR_COLLEGE", "大学专科", 1, 8.4),
        ("TECHNICAL_SECONDARY", "中专", 1, 8.3),
        ("HIGH_SCHOOL", "高中", 1, 8.3),
        ("JUNIOR_HIGH", "初中", 1, 8.3),
        ("PRIMARY_OR_BELOW", "小学及以下", 1, 8.3),
        ("UNKNOWN", "未填写", 1, 8.3),
    ),
    "byEthnicity": points(("HAN", "汉族", 9, 75.0), ("MINORITY", "少数民族", 3, 25.0)),
    "byStatus": points(("PROBATIONARY", "预备党员", 2, 16.7), ("FULL", "正式党员", 10, 83.3)),
    "byCategory": points(
        ("EMPLOYED", "在职", 7, 58.4),
        ("RETIRED", "离退休", 3, 25.0),
        ("STUDENT", "学生", 1, 8.3),
        ("OTHER", "其他", 1, 8.3),
    ),
    "byPartyStanding": points(
        ("PROBATIONARY", "预备党员", 2, 16.7),
        ("UNDER_10", "不满10年", 2, 16.7),
        ("FROM_10_TO_19", "10–19年", 2, 16.7),
        ("FROM_20_TO_29", "20–29年", 2, 16.7),
        ("FROM_30_TO_39", "30–39年", 1, 8.3),
        ("FROM_40_TO_49", "40–49年", 2, 16.6),
        ("FROM_50", "50年及以上", 1, 8.3),
    ),
}


@dataclass
class Ledger:
    root: Organization
    committee: Organization
    branches: dict[str, Organization]
    org_admin_token: str
    members: list[Member]


async def add_member(
    sessions: SessionFactory,
    actor: Actor,
    cipher: PersonalDataCipher,
    *,
    branch: Organization,
    person: Person,
    seq: int,
) -> Member:
    fields = MemberFields(
        name=f"党员{seq:02d}",
        gender=person.gender,
        ethnicity=Ethnicity[person.ethnicity],
        birth_date=person.birth,
        id_number=make_id_number("110105", person.birth, seq, person.gender is M),
        category=person.category,
        joined_on=person.joined_on,
        status=person.status,
        education=person.education,
        converted_on=person.converted_on,
    )
    async with sessions() as session, session.begin():
        assert branch.id is not None
        return await members.create_member(
            session, actor=actor, cipher=cipher, organization_id=branch.id, party_group_id=None, fields=fields
        )


@pytest.fixture
async def ledger(build: Builder, sessions: SessionFactory) -> Ledger:
    root = await build.org("集团党委", OrgType.COMMITTEE)
    committee = await build.org("发电公司党委", OrgType.COMMITTEE, parent=root)
    branches = {
        "A": await build.org("运行一值党支部", OrgType.BRANCH, parent=committee),
        "B": await build.org("离退休党支部", OrgType.BRANCH, parent=committee),
        "Z": await build.org("机关党支部", OrgType.BRANCH, parent=root),
    }
    keeper = await build.user("li.dangwu", grants=[(Role.ORG_ADMIN, root, True)])
    async with sessions() as session:
        actor = Actor(user_id=keeper.id, username=keeper.username, grants=await load_grants(session, keeper.id))  # type: ignore[arg-type]
    cipher = PersonalDataCipher.from_hex(build.settings.personal_data_key.get_secret_value())
    people = [*LEDGER, LEFT_PARTY, OUTSIDE]
    created = [
        await add_member(sessions, actor, cipher, branch=branches[person.branch], person=person, seq=seq)
        for seq, person in enumerate(people, start=1)
    ]
    leaver = created[len(LEDGER)]
    async with sessions() as session, session.begin():
        assert leaver.id is not None
        await members.record_leaving(
            session,
            actor=actor,
            member_id=leaver.id,
            kind=LeavingKind.WITHDRAWAL,
            left_on=today(),
            reason="本人申请退党",
        )
    return Ledger(root, committee, branches, build.token(keeper), created)


async def member_stats(api: Api, under: str, token: str) -> dict[str, Any]:
    data = await api.data(QUERY, {"under": under}, token)
    stats: dict[str, Any] = data["memberStats"]
    return stats


def assert_closes(stats: dict[str, Any]) -> None:
    """Every series counts every member once, and its percents add up to exactly 100.0 (or all 0)."""
    for name in SERIES:
        values = [point["value"] for point in stats[name]]
        shares = sum(Decimal(str(point["percent"])) for point in stats[name])
        assert sum(values) == stats["total"], name
        assert shares == (Decimal("100.0") if stats["total"] else Decimal(0)), name


async def test_stats_of_a_subtree_match_the_hand_count(api: Api, ledger: Ledger) -> None:
    # given the hand-counted ledger, and the party-affairs worker of the whole enterprise

    # when they ask for the statistics of committee C
    stats = await member_stats(api, gid("Organization", ledger.committee.id), ledger.org_admin_token)

    # then every count and percent is the hand count: no member who left, nobody from outside C
    assert stats == EXPECTED_C
    assert_closes(stats)


async def test_the_root_counts_the_whole_tree_but_never_who_left(api: Api, ledger: Ledger) -> None:
    # when the worker asks for the root's statistics
    stats = await member_stats(api, gid("Organization", ledger.root.id), ledger.org_admin_token)

    # then the member of Z counts too (13), the one who left still does not
    assert stats["total"] == 13
    assert stats["byGender"][1] == {"key": "FEMALE", "label": "女", "value": 5, "percent": 38.5}
    assert stats["byEthnicity"][1]["value"] == 4
    assert_closes(stats)


async def test_a_branch_secretary_sees_only_their_branch(api: Api, build: Builder, ledger: Ledger) -> None:
    # given the secretary of branch A (a grant on A's subtree, nothing above it)
    secretary = await build.user("chen.zhibu", grants=[(Role.SECRETARY, ledger.branches["A"], True)])
    token = build.token(secretary)

    # when they ask for their branch
    own = await member_stats(api, gid("Organization", ledger.branches["A"].id), token)

    # then they get branch A's 7 current members (not the eighth, who left)
    assert own["total"] == 7
    assert [p["value"] for p in own["byGender"]] == [4, 3]
    assert [p["value"] for p in own["byStatus"]] == [2, 5]
    assert [p["value"] for p in own["byAgeBand"]] == [3, 1, 1, 2, 0]
    assert [p["percent"] for p in own["byAgeBand"]] == [42.8, 14.3, 14.3, 28.6, 0.0]
    assert_closes(own)

    # and for the committee above, the root, a sibling branch or an org that does not exist, zeros:
    # the answer is the same, so it tells nothing about what lies outside their grants
    for org_id in (ledger.committee.id, ledger.root.id, ledger.branches["B"].id, 987654):
        outside = await member_stats(api, gid("Organization", org_id), token)
        assert outside == await zeros(api, token), org_id


async def zeros(api: Api, token: str) -> dict[str, Any]:
    stats = await member_stats(api, gid("Organization", 987654), token)
    assert stats["total"] == 0
    for name in SERIES:
        assert stats[name] == [{**p, "value": 0, "percent": 0.0} for p in EXPECTED_C[name]], name
    assert_closes(stats)
    return stats


async def test_an_org_that_does_not_exist_gives_every_key_at_zero(api: Api, ledger: Ledger) -> None:
    # when the worker of the whole enterprise names an org that does not exist, then all keys read zero
    await zeros(api, ledger.org_admin_token)


async def test_a_member_without_grants_counts_only_their_own_record(
    api: Api, build: Builder, sessions: SessionFactory, ledger: Ledger
) -> None:
    # given a MEMBER of branch A (a node grant that shows the org, not its members), linked to their record
    user = await build.user("liu.dangyuan", grants=[(Role.MEMBER, ledger.branches["A"], False)])
    async with sessions() as session, session.begin():
        record = await session.get(Member, ledger.members[0].id)
        assert record is not None
        record.user_id = user.id

    # when they ask for their branch's statistics
    stats = await member_stats(api, gid("Organization", ledger.branches["A"].id), build.token(user))

    # then only their own record counts: the member-read scope is theirs, the branch's is not
    assert stats["total"] == 1
    assert [p["value"] for p in stats["byGender"]] == [1, 0]
    assert_closes(stats)


async def test_a_malformed_id_is_a_coded_error_and_no_token_is_unauthenticated(api: Api, ledger: Ledger) -> None:
    body = await api.post(QUERY, {"under": "not an id"}, ledger.org_admin_token)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ID"
    body = await api.post(QUERY, {"under": gid("Organization", ledger.root.id)})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_one_request_sends_one_aggregate_statement(api: Api, ledger: Ledger, statements: StatementLog) -> None:
    # when the worker asks for a subtree's statistics
    await member_stats(api, gid("Organization", ledger.committee.id), ledger.org_admin_token)

    # then four statements in all: the actor behind the token (the account, its grants), the org's path,
    # and one aggregate over the members, whatever the size of the subtree
    tables = [re.search(r"\bFROM\s+(\w+)", s).group(1) for s in statements.statements]  # type: ignore[union-attr]
    assert tables == ["app_user", "role_grant", "organization", "member"], statements.statements
    assert "GROUP BY" not in statements.statements[-1]


def test_percents_close_at_exactly_100_for_any_counts() -> None:
    assert percents([1, 1, 1]) == [33.4, 33.3, 33.3]
    assert percents([0, 0, 0]) == [0.0, 0.0, 0.0]
    assert percents([0, 5, 0]) == [0.0, 100.0, 0.0]
    assert percents([2, 1]) == [66.7, 33.3]
    rng = random.Random(11643)
    for _ in range(2000):
        values = [rng.choice([0, 1, 2, 3, 7, 100, 999, 12345]) for _ in range(rng.randint(1, 9))]
        shares = percents(values)
        if sum(values):
            assert sum(Decimal(str(s)) for s in shares) == Decimal("100.0"), values
            # largest remainder: every share is within a tenth of its exact value
            assert all(abs(s - v * 100 / sum(values)) < 0.1 + 1e-9 for s, v in zip(shares, values, strict=True))
