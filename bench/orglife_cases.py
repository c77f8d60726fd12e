"""Organization life at three heights: `meetingCompliance` for the last closed quarter and `studyCoverage` of a
root topic, each under the root, a second-level committee and a branch, by the secretary of that org.

The floor is not a replay of what the app sent (the harness reports that too) but the least SQL that fetches
the same facts, sent straight to asyncpg: for compliance, the orgs under the path, the required frequencies,
the meetings counted per org, type and month of the quarter, and the branches with 7 full members or more (a
支委会 is due only from 7); for coverage, the topic, the orgs expected to study it and each one's first study of it.
"""

import random
from dataclasses import dataclass

from api.ids import to_global_id
from bench.generate import Dataset, Org
from bench.measure import Case, Sample, Statement
from bench.member_cases import committee_secretaries
from bench.orglife import FULL_MEMBERS, STUDY_TYPES, OrgLifeSet
from domain.orglife.periods import month_end, month_start

COMPLIANCE_FIELD, COVERAGE_FIELD = "meetingCompliance", "studyCoverage"
# What a control-center screen shows: the summary of the whole subtree and the first page of its orgs.
ORG = "organization { id name type } required held missing compliant rate items { meetingType period required held }"
PAGE = 50
# The quarter is fixed for a run, so it goes into the query text (samples carry string variables only).
COMPLIANCE = (  # year, quarter and onlyMissing go in with %
    "query Compliance($under: ID!) {\n"
    f"  meetingCompliance(under: $under, year: %d, quarter: %d, first: {PAGE}%s) {{\n"
    "    summary { organizations compliant required held missing rate } totalCount\n"
    f"    nodes {{ {ORG} }} pageInfo {{ hasNextPage endCursor }}\n"
    "  }\n}"
)
ONLY_MISSING = ", onlyMissing: true"  # the root's list of the orgs with a gap
COVERAGE = f"""query Coverage($topic: ID!, $under: ID!) {{
  studyCoverage(topicId: $topic, under: $under) {{
    expected studiedCount notStudiedCount percent
    studied(first: {PAGE}) {{ nodes {{ organization {{ id name }} heldOn }} pageInfo {{ hasNextPage endCursor }} }}
    notStudied(first: {PAGE}) {{ nodes {{ id name }} pageInfo {{ hasNextPage endCursor }} }}
  }}
}}"""
# The statements worth a plan: those that read the big tables or a subtree of orgs.
EXPLAIN_MARKERS = ("FROM meeting", "FROM member", "meeting_study", "path LIKE")


@dataclass(frozen=True)
class LifeCase(Case):
    floors: tuple[tuple[Statement, ...], ...] = ()  # per sample, the minimal SQL for the same facts


def _gid(org: Org) -> str:
    return to_global_id("Organization", org.id)


def compliance_floor(path: str, first_month: int, last_month: int) -> tuple[Statement, ...]:
    """The rules, the frequencies, the orgs that existed in the range, per org and type the meetings of each
    month of the range (one row per org and type, a column per month), and the branches big enough for a
    支委会. Paths hold only digits and slashes: the prefix goes into the SQL as the app's in_subtree puts it,
    so that PostgreSQL plans the LIKE against the path index."""
    start, end = month_start(first_month), month_end(last_month)
    months = ", ".join(f"count(*) FILTER (WHERE month_index = {m})" for m in range(first_month, last_month + 1))
    return (
        ("SELECT * FROM org_life_rules WHERE id = 1", ()),
        ("SELECT meeting_type, org_type, period, min_count FROM meeting_requirement", ()),
        (
            f"SELECT id, name, type, path, established_on, dissolved_on FROM organization WHERE path LIKE '{path}%'"
            " AND (established_on IS NULL OR established_on <= $1) AND (dissolved_on IS NULL OR dissolved_on >= $2)",
            (end, start),
        ),
        (
            f"SELECT organization_id, type, {months}, count(*) FILTER (WHERE combined_evaluation) FROM meeting"
            f" WHERE org_path LIKE '{path}%' AND month_index BETWEEN $1 AND $2 GROUP BY 1, 2",
            (first_month, last_month),
        ),
        (
            "SELECT organization_id FROM member WHERE org_path LIKE"
            f" '{path}%' AND record_state = 'ACTIVE' AND status = 'FULL' AND special_state <> 'SUSPENDED'"
            " GROUP BY 1 HAVING count(*) >= $1",
            (FULL_MEMBERS,),
        ),
    )


def coverage_floor(topic_id: int, path: str) -> tuple[Statement, ...]:
    kinds = ", ".join(f"'{t.value}'" for t in sorted(STUDY_TYPES))
    return (
        ("SELECT issuer_path, issued_on, due_on FROM study_topic WHERE id = $1", (topic_id,)),
        (
            f"SELECT id, name, path FROM organization WHERE path LIKE '{path}%' AND type IN ({kinds})"
            " AND dissolved_on IS NULL",
            (),
        ),
        (
            "SELECT DISTINCT ON (organization_id) organization_id, meeting_id, held_on FROM meeting_study"
            f" WHERE topic_id = $1 AND org_path LIKE '{path}%' ORDER BY organization_id, held_on",
            (topic_id,),
        ),
    )


def build_orglife_cases(
    data: Dataset, life: OrgLifeSet, per_case: int, root_iterations: int, seed: int = 13
) -> list[LifeCase]:
    rng = random.Random(seed)
    root = data.orgs[0]
    year, quarter = life.last_quarter
    first = year * 12 + (quarter - 1) * 3
    branches = rng.sample(data.branch_secretaries, min(per_case, len(data.branch_secretaries)))
    heights = [  # where, (actor, org) pairs, timed requests
        ("the root", [(user, root) for user in data.root_secretaries], root_iterations),
        ("own 2nd-level committee", committee_secretaries(data), None),
        ("own branch", branches, None),
    ]
    root_topics = [t for t in life.topics if t.issuer.id == root.id]
    cases = []
    for where, pairs, iterations in heights:
        samples = [Sample(user, {"under": _gid(org)}) for user, org in pairs]
        floors = tuple(compliance_floor(org.path, first, first + 2) for _, org in pairs)
        for only in ("", ONLY_MISSING) if org_is_root(pairs, root) else ("",):
            query = COMPLIANCE % (year, quarter, only)
            name = f"meetingCompliance Q{quarter} {year}, {where}" + (", onlyMissing" if only else "")
            cases.append(LifeCase(name, query, COMPLIANCE_FIELD, samples, None, iterations, floors))
    for where, pairs, iterations in heights:
        topics = [root_topics[i % len(root_topics)] for i in range(len(pairs))]
        samples = [
            Sample(user, {"topic": to_global_id("StudyTopic", t.id), "under": _gid(org)})
            for (user, org), t in zip(pairs, topics, strict=True)
        ]
        floors = tuple(coverage_floor(t.id, org.path) for (_, org), t in zip(pairs, topics, strict=True))
        name = f"studyCoverage of a root topic, {where}"
        cases.append(LifeCase(name, COVERAGE, COVERAGE_FIELD, samples, None, iterations, floors))
    return cases


def org_is_root(pairs: list[tuple[int, Org]], root: Org) -> bool:
    return all(org.id == root.id for _, org in pairs)
