"""Which meeting types each kind of org may hold, from a table written out by hand (DOMAIN.md, The
organization tree and Organization life): a group holds only group meetings, a committee its 党委会 and
lectures, a general branch and a branch everything of a branch."""

from typing import Any

import pytest

from domain.orgs.models import OrgType
from tests.fixtures import Api, Builder
from tests.members_support import ledger
from tests.orglife_support import meeting_input, recorded, refused

C, G, B, P = "COMMITTEE", "GENERAL_BRANCH", "BRANCH", "GROUP"
HELD_AT = {
    "BRANCH_GENERAL_MEETING": {G, B},
    "BRANCH_COMMITTEE_MEETING": {G, B},
    "GROUP_MEETING": {P},
    "PARTY_LECTURE": {C, G, B},
    "THEME_PARTY_DAY": {G, B},
    "ORG_LIFE_MEETING": {G, B},
    "DEMOCRATIC_EVALUATION": {G, B},
    "COMMITTEE_MEETING": {C},
}
CASES = [(meeting_type, org_type) for meeting_type in HELD_AT for org_type in (C, G, B, P)]


@pytest.mark.parametrize(("meeting_type", "org_type"), CASES)
async def test_a_meeting_type_suits_only_its_kinds_of_org(
    api: Api, build: Builder, meeting_type: str, org_type: str
) -> None:
    book = await ledger(build)
    general = await build.org("党总支", OrgType.GENERAL_BRANCH, parent=book.root)
    org = {C: book.root, G: general, B: book.branch, P: book.group}[org_type]
    extra: dict[str, Any] = {"lecturerName": "外请专家"} if meeting_type == "PARTY_LECTURE" else {}
    input = meeting_input(org, type=meeting_type, **extra)
    token = book.token(book.org_admin)
    if org_type in HELD_AT[meeting_type]:
        meeting = await recorded(api, build, input, token)
        assert (meeting["type"], meeting["organization"]["name"]) == (meeting_type, org.name)
    else:
        await refused(api, build, input, token, code="MEETING_TYPE_NOT_ALLOWED", field=["type"])


async def test_only_an_org_life_meeting_may_be_combined_with_the_evaluation(api: Api, build: Builder) -> None:
    book = await ledger(build)
    input = meeting_input(book.branch, type="ORG_LIFE_MEETING", combinedEvaluation=True)
    meeting = await recorded(api, build, input, book.token(book.org_admin))
    assert meeting["combinedEvaluation"] is True
