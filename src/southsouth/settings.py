"""Settings read from ``SOUTHSOUTH_*`` environment variables; built at the edges only."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from southsouth.errors import ConfigError


def _default_home() -> Path:
    return Path(platformdirs.user_data_dir("southsouth", appauthor=False))


class Settings(BaseSettings):
    """Where southsouth keeps its files and where it gets its data."""

    model_config = SettingsConfigDict(env_prefix="SOUTHSOUTH_", frozen=True, extra="ignore")

    home: Path = Field(
        default_factory=_default_home,
        description="Directory for the download cache and the warehouse (SOUTHSOUTH_HOME).",
    )
    mirror: str | None = Field(
        default=None,
        description=(
            "A directory or http(s) base URL laid out like shared/data that stands in for "
            "the publishers (SOUTHSOUTH_MIRROR)."
        ),
    )
    http_timeout: float = Field(default=60.0, gt=0, description="Seconds before a request fails.")
    http_retries: int = Field(default=4, ge=0, le=20, description="Retries after the first try.")
    http_backoff: float = Field(
        default=1.0, ge=0, description="First retry delay in seconds; doubles each retry."
    )
    tracker_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the commitment tracker database, e.g. "
            "postgresql+psycopg://user@host/db (SOUTHSOUTH_TRACKER_URL); "
            "default: SQLite file tracker.sqlite in the home directory."
        ),
    )

    @field_validator("mirror", "tracker_url")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @property
    def cache_dir(self) -> Path:
        """Downloaded files with their provenance sidecars."""
        return self.home / "cache"

    @property
    def warehouse_path(self) -> Path:
        """The DuckDB file."""
        return self.home / "warehouse.duckdb"

    @property
    def tracker_database_url(self) -> str:
        """The tracker's database: SOUTHSOUTH_TRACKER_URL, or SQLite in the home directory."""
        return self.tracker_url or f"sqlite:///{self.home / 'tracker.sqlite'}"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides; a clear error if invalid."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = "; ".join(
            f"SOUTHSOUTH_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors()
        )
        raise ConfigError(
            f"invalid settings: {problems}", hint="fix or unset the variables named"
        ) from exc
