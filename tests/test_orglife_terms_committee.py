"""The size of the committee an org elects, by type (term_rules.py names the regulations): a branch from 7 full
members a 支委会 of 3 to 7, a smaller branch a secretary and at most a deputy; a general branch 3 to 7;
a committee 3 to 11."""

from typing import Any

import pytest

from domain.orgs.models import Organization, OrgType
from tests.fixtures import Api, Builder
from tests.orglife_terms_support import Rolls, accepted, add_full, election_input, refused, rolls

OP = "recordElection"
EIGHT = (
    "SECRETARY",
    "DEPUTY_SECRETARY",
    "DEPUTY_SECRETARY",
    "ORGANIZATION",
    "DISCIPLINE",
    "PROPAGANDA",
    "MEMBER",
    "MEMBER",
)
TWELVE = (*EIGHT, "MEMBER", "MEMBER", "MEMBER", "MEMBER")


async def _try(
    api: Api, build: Builder, r: Rolls, org: Organization, seats: list[dict[str, Any]], *, ok: bool, voters: int = 10
) -> None:
    """An election of `seats` by `voters` entitled voters, all present, each seat elected by all of them."""
    token = r.book.token(r.book.org_admin)
    for seat in seats:
        seat["votesFor"] = voters
    values = election_input(org, seats, entitledVoters=voters, votersPresent=voters)
    if ok:
        election = await accepted(api, build, OP, values, token)
        assert len(election["committee"]) == len(seats)
    else:
        await refused(api, build, OP, values, token, code="INVALID_COMMITTEE", field=["committee"])


@pytest.mark.parametrize(("size", "ok"), [(2, False), (3, True), (7, True), (8, False)])
async def test_a_branch_of_seven_full_members_elects_a_branch_committee(
    api: Api, build: Builder, size: int, ok: bool
) -> None:
    r = await rolls(build)
    people = [*r.branch_full, *await add_full(r.book, r.book.branch, 1, 30)]  # 8 full members
    await _try(api, build, r, r.book.branch, r.seats(*EIGHT[:size], members=people), ok=ok)


@pytest.mark.parametrize(
    ("positions", "ok"),
    [
        (("SECRETARY",), True),
        (("SECRETARY", "DEPUTY_SECRETARY"), True),
        (("SECRETARY", "ORGANIZATION"), False),
        (("SECRETARY", "DEPUTY_SECRETARY", "ORGANIZATION"), False),
    ],
)
async def test_a_smaller_branch_elects_a_secretary_and_at_most_a_deputy(
    api: Api, build: Builder, positions: tuple[str, ...], ok: bool
) -> None:
    r = await rolls(build)
    await _try(api, build, r, r.book.branch2, r.seats(*positions, members=r.branch2_full), ok=ok, voters=3)


@pytest.mark.parametrize(("size", "ok"), [(1, False), (2, False), (3, True), (7, True), (8, False)])
async def test_a_general_branch_elects_three_to_seven(api: Api, build: Builder, size: int, ok: bool) -> None:
    r = await rolls(build)
    general = await build.org("机关党总支", OrgType.GENERAL_BRANCH, parent=r.book.root)
    below = await build.org("机关第一支部", OrgType.BRANCH, parent=general)
    people = await add_full(r.book, below, 10, 40)
    await _try(api, build, r, general, r.seats(*EIGHT[:size], members=people), ok=ok)


@pytest.mark.parametrize(("size", "ok"), [(2, False), (3, True), (11, True), (12, False)])
async def test_a_committee_elects_three_to_eleven(api: Api, build: Builder, size: int, ok: bool) -> None:
    r = await rolls(build)
    people = [*r.branch_full, *r.branch2_full, *await add_full(r.book, r.book.branch2, 2, 50)]  # 12 in the subtree
    await _try(api, build, r, r.book.root, r.seats(*TWELVE[:size], members=people), ok=ok)


async def test_a_committee_member_may_come_from_any_branch_below_it(api: Api, build: Builder) -> None:
    r = await rolls(build)
    people = [r.branch_full[0], r.branch2_full[0], r.branch_full[1]]
    await _try(
        api, build, r, r.book.root, r.seats("SECRETARY", "DEPUTY_SECRETARY", "DISCIPLINE", members=people), ok=True
    )
