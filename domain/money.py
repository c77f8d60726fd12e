"""Money: integer fen (分) in the database, a Decimal in yuan at the door (ARCHITECTURE.md, Data)."""

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from domain.errors import CommonError, DomainError

MAX_YUAN = Decimal("1000000000")  # one billion yuan: far above any party-work budget, far below BigInteger


def to_fen(yuan: Decimal | None, field: Sequence[str]) -> int | None:
    """Yuan as entered -> fen; refuses negatives, fractions of a fen, and absurd sums."""
    if yuan is None:
        return None
    try:
        fen = yuan * 100
        if not yuan.is_finite() or yuan < 0 or yuan > MAX_YUAN or fen != fen.to_integral_value():
            raise InvalidOperation
    except InvalidOperation:
        raise DomainError(
            CommonError.INVALID_AMOUNT, "金额须为 0 到 10 亿元之间、最多两位小数的数", field=list(field)
        ) from None
    return int(fen)


def yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def to_yuan(fen: int | None) -> Decimal | None:
    return None if fen is None else yuan(fen)
