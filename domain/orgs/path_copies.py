"""Every column that copies an org's path so that subtree reads need no join (ARCHITECTURE.md, The org
tree). Moving an org rewrites all of them in its transaction; a new copy must be listed here, or its rows
would drop out of their new subtree's reads after a move (tests/test_orgs_move.py checks the list)."""

from typing import Any

from domain.approvals.models import ApprovalRequest
from domain.development.models import DevelopmentFile
from domain.indicators.models import AlertAcknowledgement, AlertCount, AlertRecord, IndicatorValue
from domain.members.models import Member
from domain.orglife.models import Election, Meeting, MeetingStudy, StudyTopic
from domain.tasks.models import Assignment, Plan, TaskTemplate, YearTally

_TABLES: tuple[Any, ...] = (
    Member,
    DevelopmentFile,
    Meeting,
    MeetingStudy,
    Election,
    TaskTemplate,
    Plan,
    Assignment,
    YearTally,
    ApprovalRequest,
    IndicatorValue,
    AlertRecord,
    AlertCount,
    AlertAcknowledgement,
)
PATH_COPIES: tuple[Any, ...] = (
    *(model.__table__.c.org_path for model in _TABLES),
    StudyTopic.__table__.c.issuer_path,  # type: ignore[attr-defined]
    # The org whose role-holder must decide: an ancestor of the subject's org, moved along when it moves.
    ApprovalRequest.__table__.c.pending_path,  # type: ignore[attr-defined]
)
