"""Reading and changing the task alert rules (one row, seeded by the migration): ADMIN changes them as
one versioned, audited record; everyone signed in reads them."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from authz.actor import Actor
from authz.authorizer import AUTHORIZER
from authz.roles import Action, Resource
from domain import audit
from domain.errors import forbidden, stale_version
from domain.tasks.models import TaskRulesRow
from domain.tasks.task_rules import TaskRules
from domain.timeutil import utcnow

RULES_ID = 1


def rules_of(row: TaskRulesRow) -> TaskRules:
    return TaskRules(**{k: getattr(row, k) for k in TaskRules.__dataclass_fields__})


async def current_rules(session: AsyncSession) -> TaskRules:
    row = await session.get(TaskRulesRow, RULES_ID)
    # The migration seeds the row; the defaults of issue 6 stand in if it was removed.
    return rules_of(row) if row else TaskRules()


async def rules_version(session: AsyncSession) -> int:
    row = await session.get(TaskRulesRow, RULES_ID)
    return row.version if row else 0


async def update_rules(session: AsyncSession, *, actor: Actor, values: TaskRules, version: int) -> TaskRulesRow:
    audit.note(session, object_type="TaskRules", object_id=RULES_ID)
    if not AUTHORIZER.is_global(actor, Resource.TASK_RULES, Action.WRITE):
        raise forbidden("只有系统管理员可以修改任务预警规则")
    values.check()
    statement = select(TaskRulesRow).where(col(TaskRulesRow.id) == RULES_ID).with_for_update()
    row = (await session.execute(statement)).scalar_one_or_none()
    if row is None:
        row = TaskRulesRow(id=RULES_ID, version=0)
        session.add(row)
    if row.version != version:
        raise stale_version(row.version)
    changes = audit.diff({k: getattr(row, k) for k in values.__dict__}, values.__dict__)
    for key, value in values.__dict__.items():
        setattr(row, key, value)
    row.version += 1
    row.updated_by = actor.user_id
    row.updated_at = utcnow()
    await session.flush()
    audit.note(session, changes=changes)
    return row
