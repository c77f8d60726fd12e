"""Password policy, username form and the lockout arithmetic: pure functions."""

import re
from datetime import datetime, timedelta

from domain.accounts.errors import AccountError
from domain.errors import DomainError

PASSWORD_MIN = 8
PASSWORD_MAX = 128
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.@-]{2,63}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def normalize_username(username: str) -> str:
    return username.strip().lower()


def check_username(username: str) -> str:
    name = normalize_username(username)
    if not _USERNAME.match(name):
        raise DomainError(
            AccountError.INVALID_USERNAME,
            "用户名须为 3 到 64 个字符：字母、数字、点、横线、下划线或 @，以字母或数字开头",
            field=["username"],
        )
    return name


def check_display_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or _CONTROL.search(name):
        raise DomainError(
            AccountError.INVALID_DISPLAY_NAME, "姓名须为 1 到 100 个字符，且不含控制字符", field=["displayName"]
        )
    return name


def character_classes(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


def check_password(password: str, username: str | None = None) -> None:
    """At least 8 characters from at least 3 of: lower case, upper case, digits, other characters."""
    weak = (
        len(password) < PASSWORD_MIN
        or len(password) > PASSWORD_MAX
        or character_classes(password) < 3
        or (username is not None and normalize_username(username) in password.lower())
    )
    if weak:
        raise DomainError(
            AccountError.WEAK_PASSWORD,
            f"密码须为 {PASSWORD_MIN} 到 {PASSWORD_MAX} 位，"
            "包含大写字母、小写字母、数字、符号中的至少三类，且不含用户名",
            field=["password"],
        )


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and locked_until > now


def after_failure(failures: int, now: datetime, limit: int, minutes: int) -> tuple[int, datetime | None]:
    """The failure count and lock after one more failure in a row; the count restarts once locked."""
    failures += 1
    if failures >= limit:
        return 0, now + timedelta(minutes=minutes)
    return failures, None
