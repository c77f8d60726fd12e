"""members(under:): scope, every filter, every order walked with cursors, totalCount, refused arguments."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from api.ids import parse_global_id
from domain.members.enums import Category, Education, MemberStatus, SpecialState
from domain.members.rules import age_on
from domain.paging import encode_cursor
from domain.timeutil import add_years, today
from tests.fixtures import Api, Builder, gid
from tests.members_support import Ledger, ledger

LIST = """query($under: ID!, $first: Int, $after: String, $filter: MemberFilter, $order: MemberOrder!) {
  members(under: $under, first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id name birthDate joinedOn } }
  }
}"""


@dataclass(frozen=True)
class Person:
    name: str
    seq: str
    age: int
    male: bool
    education: Education | None
    category: Category
    joined_years_ago: int
    status: MemberStatus
    special: SpecialState
    place: str  # branch, group or branch2

    @property
    def birth(self) -> date:
        return add_years(today(), -self.age)  # a birthday today: the age is exact

    @property
    def joined_on(self) -> date:
        return add_years(today(), -self.joined_years_ago)


E, R, S, OTH = Category.EMPLOYED, Category.RETIRED, Category.STUDENT, Category.OTHER
FULL, PROB = MemberStatus.FULL, MemberStatus.PROBATIONARY
NONE, SUSP, LOST, FLOW = SpecialState.NONE, SpecialState.SUSPENDED, SpecialState.LOST_CONTACT, SpecialState.FLOWING
ED = Education
# Two 张伟, two members of 30 born on the same day, three who joined on the same day: ties for every order.
PEOPLE = (
    Person("张伟", "101", 25, True, ED.UNDERGRADUATE, E, 5, FULL, NONE, "branch"),
    Person("张伟", "103", 40, True, ED.POSTGRADUATE, E, 5, FULL, NONE, "group"),
    Person("王芳", "102", 30, False, ED.JUNIOR_COLLEGE, S, 3, PROB, NONE, "branch"),
    Person("李娜", "104", 61, False, ED.HIGH_SCHOOL, R, 10, FULL, SUSP, "branch2"),
    Person("刘洋", "105", 50, True, ED.UNDERGRADUATE, OTH, 8, FULL, FLOW, "group"),
    Person("陈静", "106", 30, False, ED.POSTGRADUATE, E, 5, FULL, LOST, "branch2"),
    Person("赵强", "107", 45, True, None, E, 12, FULL, NONE, "branch"),
)


async def roster(book: Ledger) -> dict[str, Person]:
    """The people above in 集团党委's subtree, by global ID, and one more in 外单位支部 that nobody here sees."""
    by_id = {}
    for person in PEOPLE:
        org = book.branch2 if person.place == "branch2" else book.branch
        member = await book.add(
            person.name,
            person.seq,
            org=org,
            group=book.group if person.place == "group" else None,
            birth=person.birth,
            male=person.male,
            education=person.education,
            category=person.category,
            joined_on=person.joined_on,
            converted_on=add_years(person.joined_on, 1) if person.status is FULL else None,
            status=person.status,
            special_state=person.special,
            flowing_to="深圳分公司" if person.special is FLOW else None,
        )
        by_id[gid("Member", member.id)] = person
    await book.add("周杰", "109", org=book.other_branch, writer=await book.actor(book.outsider))
    return by_id


async def walk(
    api: Api, token: str, under: str, *, first: int, order: str = "NAME", filter: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], int]:
    """Every node, page by page through endCursor; and the totalCount each page reported (all equal)."""
    nodes: list[dict[str, Any]] = []
    totals: set[int] = set()
    after = None
    while True:
        variables = {"under": under, "first": first, "after": after, "filter": filter, "order": order}
        page = (await api.data(LIST, variables, token))["members"]
        assert len(page["edges"]) <= first
        totals.add(page["totalCount"])
        nodes += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]
    assert len(totals) == 1
    return nodes, totals.pop()


def db_id(node: dict[str, Any]) -> int:
    parsed = parse_global_id(node["id"])
    assert parsed is not None
    return parsed[1]


SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "JOINED_ON": lambda n: (n["joinedOn"], db_id(n)),
    "AGE": lambda n: (-date.fromisoformat(n["birthDate"]).toordinal(), db_id(n)),  # the youngest first
}


@pytest.mark.parametrize("order", ["NAME", "JOINED_ON", "AGE"])
async def test_every_order_walks_page_by_page_without_gaps_or_repeats(api: Api, build: Builder, order: str) -> None:
    # given seven members under 集团党委, with ties in every sort key
    book = await ledger(build)
    people = await roster(book)
    token = book.token(book.org_admin)
    under = gid("Organization", book.root.id)

    # when the list is read whole, and walked one, two and three at a time
    whole, total = await walk(api, token, under, first=100, order=order)
    assert total == len(whole) == len(PEOPLE) and {n["id"] for n in whole} == set(people)
    for first in (1, 2, 3):
        walked, _ = await walk(api, token, under, first=first, order=order)
        # then each walk gives the same rows in the same order as the whole list
        assert walked == whole, (order, first)

    # and the order is the asked one, ties broken by the record's age
    if order in SORT_KEYS:
        assert whole == sorted(whole, key=SORT_KEYS[order])
    else:
        names = [n["name"] for n in whole]
        twins = [db_id(n) for n in whole if n["name"] == "张伟"]
        assert twins == sorted(twins) and names.index("张伟") + 1 == names.index("张伟", names.index("张伟") + 1)


def _age(p: Person) -> int:
    return age_on(p.birth, today())


FILTERS: list[tuple[str, dict[str, Any], Callable[[Person], bool]]] = [
    ("name contains", {"nameContains": "张"}, lambda p: "张" in p.name),
    ("name contains, escaped", {"nameContains": "%"}, lambda p: False),
    ("statuses", {"statuses": ["PROBATIONARY"]}, lambda p: p.status is PROB),
    ("special states", {"specialStates": ["SUSPENDED", "FLOWING"]}, lambda p: p.special in {SUSP, FLOW}),
    ("genders", {"genders": ["FEMALE"]}, lambda p: not p.male),
    ("educations", {"educations": ["POSTGRADUATE"]}, lambda p: p.education is ED.POSTGRADUATE),
    ("categories", {"categories": ["RETIRED", "STUDENT"]}, lambda p: p.category in {R, S}),
    ("min age, inclusive", {"minAge": 30}, lambda p: _age(p) >= 30),
    ("max age, inclusive", {"maxAge": 30}, lambda p: _age(p) <= 30),
    ("max age below a birthday", {"maxAge": 29}, lambda p: _age(p) <= 29),
    ("age range", {"minAge": 31, "maxAge": 50}, lambda p: 31 <= _age(p) <= 50),
    ("joined from", {"joinedFromYear": today().year - 5}, lambda p: p.joined_on.year >= today().year - 5),
    ("joined to", {"joinedToYear": today().year - 8}, lambda p: p.joined_on.year <= today().year - 8),
    ("empty lists restrict nothing", {"statuses": [], "genders": []}, lambda p: True),
    ("combined", {"genders": ["MALE"], "maxAge": 45, "statuses": ["FULL"]}, lambda p: p.male and _age(p) <= 45),
]


@pytest.mark.parametrize(("filter", "keep"), [f[1:] for f in FILTERS], ids=[f[0] for f in FILTERS])
async def test_each_filter_keeps_exactly_the_matching_members(
    api: Api, build: Builder, filter: dict[str, Any], keep: Callable[[Person], bool]
) -> None:
    book = await ledger(build)
    people = await roster(book)
    nodes, total = await walk(
        api, book.token(book.org_admin), gid("Organization", book.root.id), first=2, filter=filter
    )
    expected = {member_id for member_id, person in people.items() if keep(person)}
    assert {n["id"] for n in nodes} == expected
    assert total == len(nodes) == len(expected)


async def test_the_party_group_filter_and_a_subtree_narrow_the_list(api: Api, build: Builder) -> None:
    book = await ledger(build)
    await roster(book)
    token = book.token(book.org_admin)
    in_group, _ = await walk(
        api,
        token,
        gid("Organization", book.root.id),
        first=10,
        filter={"partyGroupId": gid("Organization", book.group.id)},
    )
    assert sorted(n["name"] for n in in_group) == ["刘洋", "张伟"]
    in_branch2, total = await walk(api, token, gid("Organization", book.branch2.id), first=10)
    assert (sorted(n["name"] for n in in_branch2), total) == (["李娜", "陈静"], 2)
    # another committee's branch holds a member, but not for this reader; an unknown org is just empty
    for under in (gid("Organization", book.other_branch.id), gid("Organization", 999999)):
        assert await walk(api, token, under, first=10) == ([], 0)
    # its own ORG_ADMIN sees them
    outsider = book.token(book.outsider)
    assert [n["name"] for n in (await walk(api, outsider, gid("Organization", book.other_branch.id), first=5))[0]] == [
        "周杰"
    ]


BAD_ARGUMENTS: list[tuple[str, dict[str, Any], str]] = [
    ("101 a page", {"first": 101}, "INVALID_PAGE_SIZE"),
    ("a negative page", {"first": -1}, "INVALID_PAGE_SIZE"),
    ("a cursor that is no cursor", {"after": "not-a-cursor"}, "INVALID_CURSOR"),
    ("a forged cursor", {"after": encode_cursor(["a"])}, "INVALID_CURSOR"),
    ("a huge id in a cursor", {"after": encode_cursor(["a", 2**40])}, "INVALID_CURSOR"),
    ("a name cursor for a date order", {"after": encode_cursor(["张伟", 1]), "order": "AGE"}, "INVALID_CURSOR"),
    ("an age out of range", {"filter": {"minAge": 1000}}, "INVALID_INPUT"),
    ("a year out of range", {"filter": {"joinedToYear": 10000}}, "INVALID_INPUT"),
    ("a group ID of another type", {"filter": {"partyGroupId": gid("Member", 1)}}, "INVALID_ID"),
    ("an under ID of another type", {"under": gid("Member", 1)}, "INVALID_ID"),
]


@pytest.mark.parametrize(("arguments", "code"), [b[1:] for b in BAD_ARGUMENTS], ids=[b[0] for b in BAD_ARGUMENTS])
async def test_bad_arguments_are_coded_top_level_errors(
    api: Api, build: Builder, arguments: dict[str, Any], code: str
) -> None:
    book = await ledger(build)
    variables = {"under": gid("Organization", book.root.id), "first": 10, "order": "NAME", **arguments}
    body = await api.post(LIST, variables, book.token(book.org_admin))
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
