"""Opaque global IDs (base64 of "Type:id"): clients pass them back and never parse them."""

import base64
import binascii
from collections.abc import Sequence

from domain.errors import CommonError, DomainError

# Primary keys are 32-bit integer columns: a larger number names nothing, and the database would refuse
# to compare it (an overflow, not a "not found").
MAX_DB_ID = 2**31 - 1


def to_global_id(type_name: str, db_id: int) -> str:
    return base64.b64encode(f"{type_name}:{db_id}".encode()).decode()


def parse_global_id(value: str) -> tuple[str, int] | None:
    try:
        type_name, _, raw = base64.b64decode(value.encode(), validate=True).decode().partition(":")
        db_id = int(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    if not type_name or not 0 < db_id <= MAX_DB_ID or raw != str(db_id):
        return None
    return type_name, db_id


def decode_id(value: str, type_name: str, field: str | Sequence[str] = "id") -> int:
    """The database id behind a global ID of the expected type, or a coded INVALID_ID refusal.

    `field` names the input: one field (`"planId"`) or the path to a nested one (`["items", "0", "executorUserId"]`).
    """
    parsed = parse_global_id(value)
    if parsed is None or parsed[0] != type_name:
        path = [field] if isinstance(field, str) else list(field)
        raise DomainError(CommonError.INVALID_ID, f"无效的 {type_name} ID", field=path)
    return parsed[1]


def decode_optional_id(value: str | None, type_name: str, field: str | Sequence[str] = "id") -> int | None:
    """`decode_id` for an ID the caller may leave out (null)."""
    return None if value is None else decode_id(value, type_name, field)
