"""What clients send about assignments: every input carries the assignment's `version` as last read."""

from datetime import date
from decimal import Decimal

import strawberry

_ID = "任务 ID"
_VERSION = "任务的版本号（读取时的 version）"


@strawberry.input(description="分给一名党员的子任务")
class PartInput:
    assignee_member_id: strawberry.ID = strawberry.field(description="党员 ID（须在本组织或其党小组的名册上）")
    due_on: date = strawberry.field(description="完成期限，不晚于整项任务的完成期限")
    note: str | None = strawberry.field(default=None, description="对该党员的要求，不超过 1000 个字符")
    budget: Decimal | None = strawberry.field(default=None, description="子任务预算（元），可为空")


@strawberry.input(description="把组织任务分解给党员")
class SplitAssignmentInput:
    assignment_id: strawberry.ID = strawberry.field(description=_ID)
    version: int = strawberry.field(description=_VERSION)
    parts: list[PartInput] = strawberry.field(description="子任务，1 到 100 个；每名党员至多一个")


@strawberry.input(description="佐证材料的元数据")
class EvidenceInput:
    name: str = strawberry.field(description="文件名，1 到 200 个字符")
    size: int = strawberry.field(description="大小（字节），不超过 1 GiB")
    checksum: str = strawberry.field(description="SHA-256 校验值（64 位小写十六进制）")
    content_type: str = strawberry.field(description="文件类型 (MIME)，如 application/pdf")


@strawberry.input(description="填报进度")
class ReportProgressInput:
    assignment_id: strawberry.ID = strawberry.field(description=_ID)
    version: int = strawberry.field(description=_VERSION)
    percent: int = strawberry.field(description="达到的进度（0 到 100，不低于上次填报）")
    note: str | None = strawberry.field(default=None, description="进展说明，不超过 2000 个字符")
    spent: Decimal | None = strawberry.field(default=None, description="自上次填报以来的支出（元）")
    evidence: list[EvidenceInput] = strawberry.field(default_factory=list, description="佐证材料，最多 20 个")
    milestones_done: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="本次完成的关键节点（Assignment.milestones 的 id）"
    )


@strawberry.input(description="提交验收或验收：任务 ID 与其版本号")
class AssignmentIdInput:
    assignment_id: strawberry.ID = strawberry.field(description=_ID)
    version: int = strawberry.field(description=_VERSION)


@strawberry.input(description="退回已提交验收的任务")
class ReturnAssignmentInput(AssignmentIdInput):
    reason: str = strawberry.field(description="退回理由（必填），不超过 500 个字符")


@strawberry.input(description="取消尚未完成的任务（组织任务连同其未完成的子任务）")
class CancelAssignmentInput(AssignmentIdInput):
    reason: str = strawberry.field(description="取消理由（必填），不超过 500 个字符")
