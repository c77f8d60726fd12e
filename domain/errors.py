"""The shared kernel of failures: every expected refusal is a DomainError carrying a code.

Each area owns its codes (an ``errors.py`` with a StrEnum); the codes here are the ones every area uses.
"""

from collections.abc import Sequence
from enum import StrEnum


class CommonError(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    INVALID_ID = "INVALID_ID"
    INVALID_INPUT = "INVALID_INPUT"
    STALE_VERSION = "STALE_VERSION"
    INVALID_TEXT = "INVALID_TEXT"
    REASON_REQUIRED = "REASON_REQUIRED"
    INVALID_AMOUNT = "INVALID_AMOUNT"
    INVALID_PERIOD = "INVALID_PERIOD"
    INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE"
    INVALID_CURSOR = "INVALID_CURSOR"


COMMON_LABELS = {
    CommonError.NOT_FOUND: "对象不存在，或不在你的权限范围内",
    CommonError.FORBIDDEN: "对象可见，但你无权执行此操作",
    CommonError.INVALID_ID: "ID 格式错误或类型不符",
    CommonError.INVALID_INPUT: "输入不合法",
    CommonError.STALE_VERSION: "记录已被他人修改，版本号过期",
    CommonError.INVALID_TEXT: "文字为空、过长或含控制字符",
    CommonError.REASON_REQUIRED: "退回、取消或拒绝须写明理由",
    CommonError.INVALID_AMOUNT: "金额不合法（不能为负，最多两位小数）",
    CommonError.INVALID_PERIOD: "统计期间不合法（年 2026、季度 2026Q3、月 2026-07；季度 1–4，月份 1–12）",
    CommonError.INVALID_PAGE_SIZE: "每页条数超出范围（最多 100）",
    CommonError.INVALID_CURSOR: "分页游标无效",
}


class DomainError(Exception):
    """An expected refusal: a rule, bad input, a missing or forbidden object, a stale version.

    ``keep_changes`` marks the rare refusal whose own bookkeeping must survive it: a failed sign-in
    still counts towards the lockout, so its transaction is committed rather than rolled back.
    """

    def __init__(
        self,
        code: StrEnum,
        message: str,
        *,
        field: Sequence[str] | None = None,
        keep_changes: bool = False,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = list(field) if field else None
        self.keep_changes = keep_changes


class DomainErrors(DomainError):
    """Every refusal of one check that looks at everything before it refuses (a catalog file, an indicator
    edited as a whole), so that the client mends them all at once. Where one code must stand for the group
    (the audit record's result), the first refusal's does."""

    def __init__(self, errors: Sequence[DomainError], message: str) -> None:
        super().__init__(errors[0].code, message, field=errors[0].field)
        self.errors = tuple(errors)


def not_found(what: str, field: Sequence[str] | None = ("id",)) -> DomainError:
    # The same answer whether the object does not exist or lies outside the actor's grants.
    return DomainError(CommonError.NOT_FOUND, f"{what}不存在", field=field)


def forbidden(message: str = "无权执行此操作") -> DomainError:
    return DomainError(CommonError.FORBIDDEN, message)


def stale_version(current: int) -> DomainError:
    return DomainError(
        CommonError.STALE_VERSION,
        f"记录已被他人修改 (当前版本 {current})，请刷新后重试",
        field=["version"],
    )
