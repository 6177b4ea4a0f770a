"""Settings, read once from the environment and `.env` (see `.env.example` for every one)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.prices import CATALOG_ORDER, read_currency

IdList = Annotated[tuple[int, ...], NoDecode]


class Settings(BaseSettings):
    """Everything configurable. The token is a `SecretStr`, so it never shows in logs or reprs."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # `SHARD_COUNT=` as in .env.example means "not set"
        extra="ignore",
    )

    discord_token: SecretStr | None = None
    command_prefix: str = Field("!", min_length=1, max_length=5)
    data_path: Path = Path("data/specs.yaml")
    catalog_cache_dir: Path | None = None
    owner_ids: IdList = ()
    log_level: str = "INFO"
    dev_guild_id: int | None = None
    sync_commands_on_start: bool = False
    auto_reload: bool = False
    message_content: bool = True
    inline_cards: bool = True
    reply_to_messages: bool = False
    compare_image: bool = True
    price_currency: str | None = None
    cooldown_commands: int = Field(5, ge=1)
    cooldown_seconds: float = Field(10.0, gt=0)
    discord_api_base: str | None = None
    discord_gateway_url: str | None = None
    shard_count: int | None = Field(None, ge=1)
    shard_ids: IdList = ()
    database_url: str | None = None
    state_dir: Path = Path("state")
    home_guild_id: int | None = None
    curator_role_ids: IdList = ()
    confirm_timeout_seconds: float = Field(300.0, gt=0)
    review_channel_id: int | None = None
    reports_per_hour: int = Field(5, ge=1)
    crash_test_pause_seconds: float = Field(0.0, ge=0)
    sync_seconds: float = Field(60.0, gt=0)
    sync_listen: bool = True

    @field_validator("owner_ids", "shard_ids", "curator_role_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        """`CURATOR_ROLE_IDS=123,456` in the environment, as people write it."""
        if not isinstance(value, str):
            return value
        parts = [part for part in value.replace(" ", "").split(",") if part]
        if not all(part.isdigit() for part in parts):
            raise ValueError(f"expected ids (numbers) separated by commas, got {value!r}")
        return tuple(int(part) for part in parts)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        """`LOG_LEVEL=debug` works; a level logging does not know is refused at start."""
        level = value.strip().upper()
        if level not in logging.getLevelNamesMapping():
            raise ValueError("expected DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("price_currency")
    @classmethod
    def _currency_code(cls, value: str | None) -> str | None:
        """`PRICE_CURRENCY=eur` (or `€`) is EUR; `none`: each phone's prices in catalog order."""
        if value is None or value.strip().casefold() == CATALOG_ORDER:
            return None
        code = read_currency(value)
        if code is None:
            raise ValueError(f"expected a currency code such as EUR, or {CATALOG_ORDER}")
        return code

    @property
    def catalog_cache(self) -> Path:
        """Where validated catalogs are cached (`bot.catalogcache`): beside the data by default."""
        return self.catalog_cache_dir or self.data_path.absolute().parent / ".phonespec-cache"

    @property
    def token(self) -> str | None:
        return self.discord_token.get_secret_value() if self.discord_token else None

    @property
    def database(self) -> str:
        """DATABASE_URL, or an SQLite file in STATE_DIR (made on first start)."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.state_dir / 'phonespec.db').absolute()}"
