"""Pure rules of the organization tree (DOMAIN.md, The organization tree)."""

import re
from datetime import date

from domain.errors import DomainError
from domain.orgs.errors import OrgError
from domain.orgs.models import OrgType
from domain.timeutil import add_years

# A committee holds committees, general branches and branches; a general branch holds branches;
# a branch holds groups; a group holds nothing.
ALLOWED_CHILDREN: dict[OrgType, frozenset[OrgType]] = {
    OrgType.COMMITTEE: frozenset({OrgType.COMMITTEE, OrgType.GENERAL_BRANCH, OrgType.BRANCH}),
    OrgType.GENERAL_BRANCH: frozenset({OrgType.BRANCH}),
    OrgType.BRANCH: frozenset({OrgType.GROUP}),
    OrgType.GROUP: frozenset(),
}

# Term of office (届期): a base committee 5 years, general branches and branches 3; groups follow
# their branch and carry the same default.
DEFAULT_TERM_YEARS: dict[OrgType, int] = {
    OrgType.COMMITTEE: 5,
    OrgType.GENERAL_BRANCH: 3,
    OrgType.BRANCH: 3,
    OrgType.GROUP: 3,
}

TYPE_LABELS: dict[OrgType, str] = {
    OrgType.COMMITTEE: "党委",
    OrgType.GENERAL_BRANCH: "党总支",
    OrgType.BRANCH: "党支部",
    OrgType.GROUP: "党小组",
}

NAME_MAX = 100
CODE_MAX = 50
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def clean_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_MAX or _CONTROL.search(name):
        raise DomainError(OrgError.INVALID_NAME, f"组织名称须为 1 到 {NAME_MAX} 个字符，且不含控制字符", field=["name"])
    return name


def clean_code(code: str | None) -> str | None:
    if code is None or not code.strip():
        return None
    code = code.strip()
    if len(code) > CODE_MAX or not _CODE.match(code):
        raise DomainError(
            OrgError.INVALID_CODE,
            f"组织代码须为不超过 {CODE_MAX} 个字符的字母、数字、点、横线或下划线",
            field=["code"],
        )
    return code


def check_parent(parent_type: OrgType | None, child_type: OrgType, field: str = "parentId") -> None:
    if parent_type is None:
        if child_type is not OrgType.COMMITTEE:
            raise DomainError(OrgError.ROOT_MUST_BE_COMMITTEE, "顶级组织只能是党委", field=["type"])
        return
    if child_type not in ALLOWED_CHILDREN[parent_type]:
        raise DomainError(
            OrgError.INVALID_PARENT_TYPE,
            f"{TYPE_LABELS[parent_type]}下不能设立{TYPE_LABELS[child_type]}",
            field=[field],
        )


def check_term_years(years: int) -> None:
    if not 1 <= years <= 10:
        raise DomainError(OrgError.INVALID_TERM, "任期年限须在 1 到 10 年之间", field=["termYears"])


def check_not_future(day: date | None, today: date, field: str) -> None:
    if day is not None and day > today:
        raise DomainError(OrgError.INVALID_DATE, "日期不能晚于今天", field=[field])


def term_ends_on(term_started_on: date | None, term_years: int, adjusted_ends_on: date | None = None) -> date | None:
    """The start plus the term length, unless an approved adjustment (换届提前或延期) moved the end."""
    if term_started_on is None:
        return None
    return adjusted_ends_on or add_years(term_started_on, term_years)


def child_path(parent_path: str | None, org_id: int) -> str:
    return f"{parent_path or '/'}{org_id}/"


def is_in_subtree(path: str, ancestor_path: str) -> bool:
    return path.startswith(ancestor_path)
