from datetime import datetime

from sqlmodel import Field, SQLModel

from domain.timeutil import utcnow


class User(SQLModel, table=True):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-cased, so that "Zhang" and "zhang" are one account.
    username: str = Field(max_length=64, unique=True)
    display_name: str = Field(max_length=100)
    password_hash: str = Field(max_length=255)
    is_active: bool = True
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None, foreign_key="app_user.id")


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins in a row, per username typed, whether or not such an account exists.

    Counting unknown names too means a lockout answer cannot tell a prober which names are real.
    """

    __tablename__ = "sign_in_throttle"

    username: str = Field(max_length=64, primary_key=True)
    failures: int = 0
    locked_until: datetime | None = None
    last_failure_at: datetime | None = None
