"""Issuing study topics (第一议题学习专题), and the pure rules of topics and their coverage.

A committee issues a topic to its whole subtree: every living committee, general branch and branch below it
(and the committee itself, whose 党委会 studies it too) is expected to study it as a meeting's first agenda
item. Coverage reads are in study_coverage.py, lists in study_reads.py.
"""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.guard import require_visible
from authz.roles import Action, Resource
from domain import audit
from domain.errors import DomainError, forbidden, not_found
from domain.orglife.errors import OrgLifeError
from domain.orglife.models import StudyTopic
from domain.orgs.errors import OrgError
from domain.orgs.models import Organization, OrgType
from domain.texts import optional_text, required_text

TITLE_MAX = 200
SOURCE_MAX = 300
ISSUER_FIELD = "issuerOrganizationId"
# Those expected to study a topic. Groups (党小组) study with their branch, in the branch's meetings, so a
# group is never expected on its own, and a group's meeting does not stand in for its branch's.
EXPECTED_TYPES = (OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH)


def check_dates(issued_on: date, due_on: date | None, today: date, established_on: date | None) -> None:
    if issued_on > today:
        raise DomainError(OrgLifeError.DATE_IN_FUTURE, "下发日期不能晚于今天", field=["issuedOn"])
    if established_on is not None and issued_on < established_on:
        raise DomainError(OrgLifeError.DATE_BEFORE_ESTABLISHED, "下发日期早于该党委的成立日期", field=["issuedOn"])
    if due_on is not None and due_on < issued_on:
        raise DomainError(OrgLifeError.INVALID_DUE_DATE, "完成期限不能早于下发日期", field=["dueOn"])


def common_scope(issuer_path: str, under_path: str) -> str | None:
    """Where a topic's subtree and the subtree asked about overlap: the deeper of the two paths, or None."""
    if under_path.startswith(issuer_path):
        return under_path
    if issuer_path.startswith(under_path):
        return issuer_path
    return None


async def issue_study_topic(
    session: AsyncSession,
    *,
    actor: Actor,
    issuer_org_id: int,
    title: str,
    source: str | None,
    issued_on: date,
    due_on: date | None,
    today: date,
) -> StudyTopic:
    audit.note(session, object_type="StudyTopic")
    issuer = await session.get(Organization, issuer_org_id)
    if issuer is None:
        raise not_found("党委", field=[ISSUER_FIELD])
    require_visible(actor, issuer.path, Resource.ORGANIZATION, "党委", field=ISSUER_FIELD)
    audit.note(session, org_id=issuer.id, org_path=issuer.path)
    if not AUTHORIZER.can(actor, issuer.path, Resource.ORG_LIFE, Action.WRITE):
        raise forbidden("无权以该党委的名义下发学习专题")
    if issuer.type != OrgType.COMMITTEE:
        raise DomainError(OrgLifeError.ISSUER_NOT_A_COMMITTEE, "只有党委可以下发学习专题", field=[ISSUER_FIELD])
    if issuer.dissolved_on is not None:
        raise DomainError(OrgError.ORG_DISSOLVED, f"组织“{issuer.name}”已撤销", field=[ISSUER_FIELD])
    topic = StudyTopic(
        issuer_org_id=issuer_org_id,
        issuer_path=issuer.path,
        title=required_text(title, ["title"], TITLE_MAX),
        source=optional_text(source, ["source"], SOURCE_MAX),
        issued_on=issued_on,
        due_on=due_on,
        issued_by=actor.user_id,
    )
    check_dates(issued_on, due_on, today, issuer.established_on)
    session.add(topic)
    await session.flush()
    audit.note(
        session,
        object_id=topic.id,
        changes={"title": topic.title, "source": topic.source, "issued_on": issued_on, "due_on": due_on},
    )
    return topic
