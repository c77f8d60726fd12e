"""How failures reach clients: payload `errors` for expected refusals, coded top-level errors otherwise."""

import logging
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from api.enums import described_enum
from domain.accounts.errors import LABELS as ACCOUNT_LABELS
from domain.approvals.errors import LABELS as APPROVAL_LABELS
from domain.development.errors import LABELS as DEVELOPMENT_LABELS
from domain.errors import COMMON_LABELS, DomainError, DomainErrors
from domain.indicators.errors import LABELS as INDICATOR_LABELS
from domain.members.errors import LABELS as MEMBER_LABELS
from domain.orglife.errors import LABELS as ORG_LIFE_LABELS
from domain.orgs.errors import LABELS as ORG_LABELS
from domain.tasks.errors import LABELS as TASK_LABELS

log = logging.getLogger("zhdj.api")

# The union of every area's codes: areas own them (each with a label per code), the schema shows one enum.
_AREAS = (
    COMMON_LABELS,
    ORG_LABELS,
    ACCOUNT_LABELS,
    MEMBER_LABELS,
    DEVELOPMENT_LABELS,
    ORG_LIFE_LABELS,
    APPROVAL_LABELS,
    TASK_LABELS,
    INDICATOR_LABELS,
)
_LABELS: dict[str, str] = {str(code): label for labels in _AREAS for code, label in labels.items()}
_codes = Enum("ErrorCode", {code: code for code in _LABELS})  # type: ignore[misc]
ErrorCode = described_enum(
    _codes,
    description="错误代码：供程序判断的稳定标识 (messages are for people, codes are for programs)",
    labels={member: _LABELS[member.value] for member in _codes},
)


@strawberry.type(description="一个预期内的失败：输入有误、违反规则、对象不存在或无权操作")
class UserError:
    field: list[str] | None = strawberry.field(description='出错的输入字段路径，如 ["input", "name"]')
    message: str = strawberry.field(description="给人看的中文说明")
    code: ErrorCode = strawberry.field(description="给程序用的错误代码")  # type: ignore[valid-type]


FieldPath = Callable[[list[str] | None], list[str] | None]


def user_errors(error: DomainError, *, group_field: FieldPath | None = None) -> list[UserError]:
    """The refusal as payload errors: one, or every refusal of a group (DomainErrors) in the group's order.

    A group's check may name fields in its own words (a catalog file's keys); `group_field` then says where
    each sits in the door's input. A single refusal already names the input's field."""
    if not isinstance(error, DomainErrors):
        return [_user_error(error, error.field)]
    return [_user_error(e, group_field(e.field) if group_field else e.field) for e in error.errors]


def _user_error(error: DomainError, field: list[str] | None) -> UserError:
    return UserError(field=field, message=error.message, code=ErrorCode(str(error.code)))


class PublicError(GraphQLError):
    """A top-level error meant for the client (authentication, limits, bad query arguments)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message, extensions={"code": code})


def query_error(error: DomainError) -> PublicError:
    return PublicError(error.message, str(error.code))


_LIMIT_CODES = (
    ("exceeds maximum operation depth", "QUERY_TOO_DEEP"),
    ("aliases found", "TOO_MANY_ALIASES"),
    ("Document contains more than", "TOO_MANY_TOKENS"),
    ("Syntax Error", "GRAPHQL_PARSE_FAILED"),
)


def _code_for(error: GraphQLError) -> str:
    for fragment, code in _LIMIT_CODES:
        if fragment in error.message:
            return code
    return "GRAPHQL_VALIDATION_FAILED"


class ShapeErrors(SchemaExtension):
    """Every top-level error leaves with `extensions.code`; unexpected exceptions leave masked."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is None or not result.errors:
            return
        result.errors = [self._shape(error) for error in result.errors]

    @staticmethod
    def _shape(error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(original, GraphQLError):
            if original.extensions and "code" in original.extensions:
                error.extensions = {**(error.extensions or {}), **original.extensions}
            elif not (error.extensions and "code" in error.extensions):
                # A variable that fails coercion (an unknown enum value) wraps a codeless GraphQLError.
                error.extensions = {**(error.extensions or {}), "code": _code_for(error)}
            return error
        if original is None:
            if not (error.extensions and "code" in error.extensions):
                error.extensions = {**(error.extensions or {}), "code": _code_for(error)}
            return error
        log.error("unexpected error at %s", error.path, exc_info=original)
        return GraphQLError(
            "服务器内部错误 (internal server error)",
            nodes=error.nodes,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )


def raise_query_error(error: DomainError) -> Any:
    raise query_error(error) from error
