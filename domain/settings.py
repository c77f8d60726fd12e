"""One typed settings object, read from ZHDJ_* environment variables when it is built, never at import."""

from enum import StrEnum

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZHDJ_", frozen=True)

    environment: Environment = Environment.DEVELOPMENT
    database_url: str = "sqlite+aiosqlite:///var/zhdj.db"
    # The signing key of bearer tokens. The development default is public; production refuses it.
    secret_key: SecretStr = SecretStr("zhdj-development-secret-change-me-0123456789")
    # The SM4 key for personal data at rest (32 hex digits). The development default is public;
    # production refuses it. Changing it makes stored personal data unreadable: rotate, never replace.
    personal_data_key: SecretStr = SecretStr("00112233445566778899aabbccddeeff")
    token_minutes: int = Field(default=30, ge=1)
    lockout_failures: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=30, ge=1)
    # Limits per GraphQL operation (API.md, Safety).
    max_query_depth: int = Field(default=10, ge=2)
    max_aliases: int = Field(default=15, ge=1)
    max_tokens: int = Field(default=2000, ge=50)
    max_query_cost: int = Field(default=20000, ge=100)
    # The longest validity of a transfer letter (DOMAIN.md, Transfers: at most 3 months by default).
    transfer_letter_max_days: int = Field(default=90, ge=1, le=366)
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1)
    # The control center's round (snapshots of closed periods, the alert scan): at start-up, then every so
    # many minutes; 0 turns it off (run `zhdj center tick` from cron instead).
    center_tick_minutes: float = Field(default=60, ge=0)

    @property
    def is_production(self) -> bool:
        return self.environment == Environment.PRODUCTION


DEVELOPMENT_SECRET = Settings.model_fields["secret_key"].default.get_secret_value()
DEVELOPMENT_PERSONAL_DATA_KEY = Settings.model_fields["personal_data_key"].default.get_secret_value()


def get_settings() -> Settings:
    """Settings from the environment, read when a door starts (app factory, CLI command), never at import."""
    settings = Settings()
    if settings.is_production and settings.secret_key.get_secret_value() == DEVELOPMENT_SECRET:
        raise RuntimeError("生产环境必须设置 ZHDJ_SECRET_KEY (production needs its own ZHDJ_SECRET_KEY)")
    if settings.is_production and settings.personal_data_key.get_secret_value() == DEVELOPMENT_PERSONAL_DATA_KEY:
        raise RuntimeError("生产环境必须设置 ZHDJ_PERSONAL_DATA_KEY (production needs its own personal data key)")
    return settings
