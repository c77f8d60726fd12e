"""Pure rules of execution: which action an assignment's status allows and where it leads, progress
percent, evidence metadata and a member's part.

The transition table (状态流转):
    ASSIGNED, IN_PROGRESS, RETURNED --report--> IN_PROGRESS
    ASSIGNED, IN_PROGRESS, RETURNED --split---> (unchanged)
    ASSIGNED, IN_PROGRESS, RETURNED --submit--> SUBMITTED
    SUBMITTED --accept--> ACCEPTED (final)      SUBMITTED --return--> RETURNED
    any but ACCEPTED, CANCELLED --cancel--> CANCELLED (final)
"""

import re
from datetime import date
from enum import StrEnum
from typing import Any

from domain.errors import CommonError, DomainError
from domain.tasks.enums import OPEN, UNFINISHED, AssignmentStatus
from domain.tasks.errors import TaskError

MAX_EVIDENCE = 20
MAX_EVIDENCE_BYTES = 1 << 30  # 1 GiB: metadata of a file the file store will keep
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_CONTENT_TYPE = re.compile(r"^[\w.+-]+/[\w.+-]+$")


class Action(StrEnum):
    REPORT = "REPORT"
    SPLIT = "SPLIT"
    SUBMIT = "SUBMIT"
    ACCEPT = "ACCEPT"
    RETURN = "RETURN"
    CANCEL = "CANCEL"


ACTION_LABELS = {
    Action.REPORT: "填报进度",
    Action.SPLIT: "分解到党员",
    Action.SUBMIT: "提交验收",
    Action.ACCEPT: "验收",
    Action.RETURN: "退回",
    Action.CANCEL: "取消",
}

TRANSITIONS: dict[tuple[AssignmentStatus, Action], AssignmentStatus] = {
    **{(s, Action.REPORT): AssignmentStatus.IN_PROGRESS for s in OPEN},
    **{(s, Action.SPLIT): s for s in OPEN},
    **{(s, Action.SUBMIT): AssignmentStatus.SUBMITTED for s in OPEN},
    (AssignmentStatus.SUBMITTED, Action.ACCEPT): AssignmentStatus.ACCEPTED,
    (AssignmentStatus.SUBMITTED, Action.RETURN): AssignmentStatus.RETURNED,
    **{(s, Action.CANCEL): AssignmentStatus.CANCELLED for s in UNFINISHED},
}


def next_status(status: str, action: Action) -> AssignmentStatus:
    """Where `action` takes an assignment in `status`, or INVALID_TRANSITION."""
    current = AssignmentStatus(status)
    found = TRANSITIONS.get((current, action))
    if found is None:
        raise DomainError(
            TaskError.INVALID_TRANSITION,
            f"任务{_LABEL[current]}，不能{ACTION_LABELS[action]}",
            field=["assignmentId"],
        )
    return found


_LABEL = {
    AssignmentStatus.ASSIGNED: "刚下达",
    AssignmentStatus.IN_PROGRESS: "正在进行",
    AssignmentStatus.SUBMITTED: "已提交验收",
    AssignmentStatus.RETURNED: "已被退回",
    AssignmentStatus.ACCEPTED: "已验收",
    AssignmentStatus.CANCELLED: "已取消",
}


def check_percent(percent: int, current: int) -> None:
    """0 to 100, and never below what was reported before: progress is a running total."""
    if not 0 <= percent <= 100 or percent < current:
        raise DomainError(
            TaskError.PERCENT_OUT_OF_RANGE,
            f"进度须在 {current} 到 100 之间（不能低于上次填报的 {current}%）",
            field=["percent"],
        )


def check_evidence(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Metadata of each file: a name (1 to 200 characters, no control characters), a size in bytes, a
    lowercase SHA-256 hex digest and a MIME type. Returns it as stored."""
    if len(evidence) > MAX_EVIDENCE:
        raise DomainError(TaskError.INVALID_EVIDENCE, f"一次最多 {MAX_EVIDENCE} 个佐证材料", field=["evidence"])
    stored = []
    for i, item in enumerate(evidence):
        name = (item.get("name") or "").strip()
        checks = {
            "name": 1 <= len(name) <= 200 and name.isprintable(),
            "size": isinstance(item.get("size"), int) and 0 <= item["size"] <= MAX_EVIDENCE_BYTES,
            "checksum": bool(_SHA256.match(item.get("checksum") or "")),
            "contentType": bool(_CONTENT_TYPE.match(item.get("contentType") or "")),
        }
        for key, ok in checks.items():
            if not ok:
                raise DomainError(TaskError.INVALID_EVIDENCE, "佐证材料信息不合法", field=["evidence", str(i), key])
        stored.append(
            {"name": name, "size": item["size"], "checksum": item["checksum"], "contentType": item["contentType"]}
        )
    return stored


def check_part_due(part_due: date, whole_due: date, index: int) -> None:
    if part_due > whole_due:
        raise DomainError(
            TaskError.PART_DUE_AFTER_WHOLE,
            f"子任务的完成日期不能晚于 {whole_due.isoformat()}",
            field=["parts", str(index), "dueOn"],
        )


def check_distinct_members(member_ids: list[int]) -> None:
    seen: set[int] = set()
    for i, member_id in enumerate(member_ids):
        if member_id in seen:
            raise DomainError(
                CommonError.INVALID_INPUT, "同一党员重复分配", field=["parts", str(i), "assigneeMemberId"]
            )
        seen.add(member_id)
