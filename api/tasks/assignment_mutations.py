from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import ZInfo
from api.ids import decode_id
from api.mutations import run_mutation
from api.permissions import Authenticated
from api.tasks.assignment_inputs import (
    AssignmentIdInput,
    CancelAssignmentInput,
    ReportProgressInput,
    ReturnAssignmentInput,
    SplitAssignmentInput,
)
from api.tasks.assignment_types import AssignmentPayload, assignment_loader
from domain.tasks import assignments, parts, progress
from domain.timeutil import today

_INPUT = strawberry.argument(description="输入")


def _id(value: strawberry.ID) -> int:
    return decode_id(value, "Assignment", "assignmentId")


async def _run(
    info: ZInfo, assignment_id: strawberry.ID, work: Callable[[AsyncSession, int], Awaitable[Any]]
) -> AssignmentPayload:
    """Run the service, then read the assignment back as every read shows it (through its loader)."""
    done, errors = await run_mutation(info, lambda s: work(s, _id(assignment_id)))
    if done is None:
        return AssignmentPayload(assignment=None, errors=errors)
    return AssignmentPayload(assignment=await assignment_loader(info).load(_id(assignment_id)), errors=errors)


@strawberry.type
class AssignmentMutations:
    @strawberry.mutation(description="把组织任务分解给本组织（含党小组）的党员", permission_classes=[Authenticated])
    async def split_assignment(self, info: ZInfo, input: Annotated[SplitAssignmentInput, _INPUT]) -> AssignmentPayload:
        actor = info.context.require_actor()

        def work(s: AsyncSession, assignment_id: int) -> Awaitable[Any]:
            given = [
                parts.PartInput(
                    assignee_member_id=decode_id(p.assignee_member_id, "Member", f"parts.{i}.assigneeMemberId"),
                    due_on=p.due_on,
                    note=p.note,
                    budget=p.budget,
                )
                for i, p in enumerate(input.parts)
            ]
            return parts.split_assignment(
                s, actor=actor, assignment_id=assignment_id, version=input.version, parts=given, today=today()
            )

        return await _run(info, input.assignment_id, work)

    @strawberry.mutation(
        description="填报进度：进度、支出、佐证材料、完成的关键节点（组织任务由执行组织，子任务由党员本人或其组织填报）",
        permission_classes=[Authenticated],
    )
    async def report_progress(self, info: ZInfo, input: Annotated[ReportProgressInput, _INPUT]) -> AssignmentPayload:
        actor = info.context.require_actor()

        def work(s: AsyncSession, assignment_id: int) -> Awaitable[Any]:
            report = progress.ReportInput(
                percent=input.percent,
                note=input.note,
                spent=input.spent,
                evidence=[
                    {"name": e.name, "size": e.size, "checksum": e.checksum, "contentType": e.content_type}
                    for e in input.evidence
                ],
                milestones_done=[
                    decode_id(m, "PlanMilestone", f"milestonesDone.{i}") for i, m in enumerate(input.milestones_done)
                ],
            )
            return progress.report_progress(
                s, actor=actor, assignment_id=assignment_id, version=input.version, report=report, today=today()
            )

        return await _run(info, input.assignment_id, work)

    @strawberry.mutation(description="提交验收", permission_classes=[Authenticated])
    async def submit_assignment(self, info: ZInfo, input: Annotated[AssignmentIdInput, _INPUT]) -> AssignmentPayload:
        actor = info.context.require_actor()
        return await _run(
            info,
            input.assignment_id,
            lambda s, i: assignments.submit_assignment(
                s, actor=actor, assignment_id=i, version=input.version, today=today()
            ),
        )

    @strawberry.mutation(
        description="验收（下达任务的组织验收组织任务，组织验收其党员的子任务）", permission_classes=[Authenticated]
    )
    async def accept_assignment(self, info: ZInfo, input: Annotated[AssignmentIdInput, _INPUT]) -> AssignmentPayload:
        actor = info.context.require_actor()
        return await _run(
            info,
            input.assignment_id,
            lambda s, i: assignments.accept_assignment(
                s, actor=actor, assignment_id=i, version=input.version, today=today()
            ),
        )

    @strawberry.mutation(description="退回已提交验收的任务，须写明理由", permission_classes=[Authenticated])
    async def return_assignment(
        self, info: ZInfo, input: Annotated[ReturnAssignmentInput, _INPUT]
    ) -> AssignmentPayload:
        actor = info.context.require_actor()
        return await _run(
            info,
            input.assignment_id,
            lambda s, i: assignments.return_assignment(
                s, actor=actor, assignment_id=i, version=input.version, reason=input.reason, today=today()
            ),
        )

    @strawberry.mutation(description="取消尚未完成的任务，须写明理由", permission_classes=[Authenticated])
    async def cancel_assignment(
        self, info: ZInfo, input: Annotated[CancelAssignmentInput, _INPUT]
    ) -> AssignmentPayload:
        actor = info.context.require_actor()
        return await _run(
            info,
            input.assignment_id,
            lambda s, i: assignments.cancel_assignment(
                s, actor=actor, assignment_id=i, version=input.version, reason=input.reason, today=today()
            ),
        )
