"""The ledger's reads at a million members: a filtered `members` page and `memberStats`, at three heights."""

import random

from api.ids import to_global_id
from authz.roles import Role
from bench.generate import Dataset, Org
from bench.measure import Case, Sample
from bench.members import MemberSet
from domain.orgs.models import OrgType

FIELDS = "id name gender ethnicity birthDate idNumber phone education category joinedOn status"
PAGE = f"""query Members($under: ID!) {{
  members(under: $under, first: 50, filter: {{statuses: [FULL], genders: [FEMALE]}}) {{
    edges {{ node {{ {FIELDS} }} }} pageInfo {{ hasNextPage endCursor }}
  }}
}}"""
STATS = """query Stats($under: ID!) {
  memberStats(under: $under) {
    total byGender { key value percent } byAgeBand { key value percent } byEducation { key value }
    byEthnicity { key value } byStatus { key value } byCategory { key value } byPartyStanding { key value }
  }
}"""
NOTHING = "query Nothing { __typename }"  # an authenticated request that reads nothing: the fixed cost
PAGE_STATEMENT = "FROM member"  # the page's one statement on the member table
STATS_STATEMENT = "FILTER (WHERE"
COMMITTEE = OrgType.COMMITTEE


def committee_secretaries(data: Dataset) -> list[tuple[int, Org]]:
    """Secretaries of the second-level committees (not the general branches), each with their committee."""
    by_id = {org.id: org for org in data.orgs}
    pairs = []
    for grant in data.grants:
        org = by_id.get(grant.organization_id or 0)
        if grant.role is Role.SECRETARY and not grant.revoked and org and org.depth == 1 and org.type is COMMITTEE:
            pairs.append((grant.user_id, org))
    return pairs


def build_member_cases(
    data: Dataset, members: MemberSet, per_case: int, root_iterations: int, seed: int = 11
) -> list[Case]:
    """Branch secretaries whose branch has hits for the page's filter, so no page comes back empty."""
    rng = random.Random(seed)
    with_hits = [(user, branch) for user, branch in data.branch_secretaries if members.matching[branch.id] > 0]
    branches = rng.sample(with_hits, min(per_case, len(with_hits)))
    root = to_global_id("Organization", data.orgs[0].id)

    def samples(pairs: list[tuple[int, Org]]) -> list[Sample]:
        return [Sample(user, {"under": to_global_id("Organization", org.id)}) for user, org in pairs]

    own, committees = samples(branches), samples(committee_secretaries(data))
    roots = [Sample(user, {"under": root}) for user in data.root_secretaries]
    return [
        Case("no field: `{ __typename }`, branch secretary", NOTHING, "__typename", own),
        Case("page, branch secretary, under own branch", PAGE, "members", own, PAGE_STATEMENT),
        Case("page, committee secretary, under own 2nd-level committee", PAGE, "members", committees, PAGE_STATEMENT),
        Case("page, root secretary, under the root", PAGE, "members", roots, PAGE_STATEMENT),
        Case("memberStats, branch secretary, own branch", STATS, "memberStats", own, STATS_STATEMENT),
        Case("memberStats, committee secretary, own 2nd-level committee", STATS, "memberStats", committees),
        Case("memberStats, root secretary, the root", STATS, "memberStats", roots, STATS_STATEMENT, root_iterations),
    ]


def root_org_admins(data: Dataset) -> list[int]:
    """ORG_ADMINs of the whole tree: they may write (import) and reveal (export in clear) anywhere."""
    root = data.orgs[0].id
    return [g.user_id for g in data.grants if g.role is Role.ORG_ADMIN and g.organization_id == root]
