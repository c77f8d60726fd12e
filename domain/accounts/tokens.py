"""Bearer tokens: signed, expiring, and naming only the user. Permissions are looked up per request."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from domain.settings import Settings

_ALGORITHM = "HS256"


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


class InvalidToken(Exception):
    """The token is malformed, wrongly signed or expired."""


def issue_token(settings: Settings, user_id: int, now: datetime | None = None) -> IssuedToken:
    now = now or datetime.now(UTC)
    expires_at = now + timedelta(minutes=settings.token_minutes)
    claims = {"sub": str(user_id), "iat": now, "exp": expires_at, "jti": uuid.uuid4().hex}
    token = jwt.encode(claims, settings.secret_key.get_secret_value(), algorithm=_ALGORITHM)
    return IssuedToken(token=token, expires_at=expires_at)


def read_token(settings: Settings, token: str) -> int:
    """The user id a valid token names."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key.get_secret_value(),
            algorithms=[_ALGORITHM],
            options={"require": ["sub", "exp", "iat"]},
        )
        return int(claims["sub"])
    except (jwt.PyJWTError, ValueError) as error:
        raise InvalidToken(str(error)) from error
