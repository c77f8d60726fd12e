"""What the engine knows of a subject: its type's name and how it reacts to the outcome.

A subject area registers itself when it is imported (domain/tasks registers PLAN); the engine looks the
reaction up by type and never imports an area.
"""

from datetime import date
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from authz.actor import Actor
from domain.approvals.errors import ApprovalError
from domain.approvals.models import ApprovalRequest
from domain.errors import DomainError


class Subject(Protocol):
    async def approved(self, session: AsyncSession, *, actor: Actor, request: ApprovalRequest, today: date) -> None:
        """The last step approved: the subject takes effect."""

    async def returned(self, session: AsyncSession, *, actor: Actor, request: ApprovalRequest, comment: str) -> None:
        """A step returned it: the subject goes back to its author with the comment."""


_SUBJECTS: dict[str, Subject] = {}


def register(subject_type: str, subject: Subject) -> None:
    _SUBJECTS[subject_type] = subject


def subject_types() -> tuple[str, ...]:
    return tuple(sorted(_SUBJECTS))


def subject_for(subject_type: str) -> Subject:
    found = _SUBJECTS.get(subject_type)
    if found is None:
        raise DomainError(
            ApprovalError.UNKNOWN_SUBJECT_TYPE, f"未知的审批事项类型 {subject_type}", field=["subjectType"]
        )
    return found
