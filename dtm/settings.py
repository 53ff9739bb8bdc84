"""The one settings class (prefix DTM_); read here only and handed down to the layers below."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Used only in dev mode so that `dtm serve` and `dtm simulate` agree without any configuration.
DEV_SECRET_KEY = "dev-secret-key-not-for-production"  # noqa: S105
DEV_TWILIO_AUTH_TOKEN = "dev-twilio-auth-token"  # noqa: S105
DEV_TELEGRAM_WEBHOOK_SECRET = "dev-telegram-webhook-secret"  # noqa: S105


class SettingsError(ValueError):
    """A setting is missing or wrong; the message is one line meant for the operator."""


class Settings(BaseSettings):
    """Every setting of the system; defaults give the embedded mode (SQLite, in-process queue)."""

    model_config = SettingsConfigDict(env_prefix="DTM_", env_file=".env", extra="ignore")

    env: Literal["dev", "production"] = Field("dev", description="dev relaxes secret checks")
    database_url: str = "sqlite:///./dtm.db"
    redis_url: str | None = None
    secret_key: str | None = None
    public_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    channels: str = "sms"
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_from: str | None = None
    twilio_api_url: str | None = None
    sms_rate_per_second: float = 1.0
    telegram_token: str | None = None
    telegram_webhook_secret: str | None = None
    telegram_api_url: str | None = None
    family_size: int = 6
    timezone: str = "Asia/Baghdad"
    session_ttl_hours: int = 24
    sweep_after_seconds: int = 30
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        """Accept `info` as well as `INFO`."""
        return value.upper() if isinstance(value, str) else value

    @cached_property
    def enabled_channels(self) -> frozenset[str]:
        """Channels switched on by DTM_CHANNELS (comma-separated: sms, telegram)."""
        return frozenset(c.strip() for c in self.channels.split(",") if c.strip())

    @property
    def embedded(self) -> bool:
        """True when no Redis is configured: the queue runs in-process."""
        return not self.redis_url

    @property
    def dev(self) -> bool:
        """True in dev mode, where missing secrets get development defaults."""
        return self.env == "dev"

    def effective_secret_key(self) -> str:
        """Return the secret key, or the dev key in dev mode."""
        return self.secret_key or DEV_SECRET_KEY

    def effective_twilio_auth_token(self) -> str:
        """Return the Twilio auth token, or the dev token in dev mode."""
        return self.twilio_auth_token or DEV_TWILIO_AUTH_TOKEN

    def effective_telegram_webhook_secret(self) -> str:
        """Return the Telegram webhook secret, or the dev secret in dev mode."""
        return self.telegram_webhook_secret or DEV_TELEGRAM_WEBHOOK_SECRET

    def check(self) -> None:
        """Raise SettingsError with one clear line when production is missing a secret."""
        unknown = self.enabled_channels - {"sms", "telegram"}
        if unknown:
            raise SettingsError(f"DTM_CHANNELS has unknown channel(s): {', '.join(sorted(unknown))}")
        if self.family_size < 1:
            raise SettingsError("DTM_FAMILY_SIZE must be at least 1")
        if self.dev:
            return
        missing = []
        if not self.secret_key:
            missing.append("DTM_SECRET_KEY")
        if "sms" in self.enabled_channels:
            missing += [
                f"DTM_{name.upper()}"
                for name in ("twilio_account_sid", "twilio_auth_token", "twilio_from")
                if not getattr(self, name)
            ]
        if "telegram" in self.enabled_channels:
            missing += [
                f"DTM_{name.upper()}"
                for name in ("telegram_token", "telegram_webhook_secret")
                if not getattr(self, name)
            ]
        if missing:
            raise SettingsError(
                f"missing setting(s) for production: {', '.join(missing)} (or set DTM_ENV=dev for a trial)"
            )
