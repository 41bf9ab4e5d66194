"""Settings read from ``SOUTHSOUTH_*`` environment variables; built at the edges only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
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
    ucdp_token: SecretStr | None = Field(
        default=None,
        description="Access token for the UCDP API, sent as x-ucdp-access-token; the API "
        "refuses requests without one since February 2026 (SOUTHSOUTH_UCDP_TOKEN). Unset: "
        "UCDP data come from the mirror.",
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

    tracker_anchors: Path | None = Field(
        default=None,
        description="The tracker's append-only anchors file (SOUTHSOUTH_TRACKER_ANCHORS); "
        "default: beside the SQLite database, else tracker-anchors.jsonl in the home.",
    )
    tracker_anchor_key: SecretStr | None = Field(
        default=None,
        description="HMAC key signing each anchor line, at least 16 bytes "
        "(SOUTHSOUTH_TRACKER_ANCHOR_KEY); unset: anchors are not signed.",
    )
    tracker_anchor_key_file: Path | None = Field(
        default=None,
        description="A file holding that key instead (SOUTHSOUTH_TRACKER_ANCHOR_KEY_FILE).",
    )
    api_max_body: int = Field(
        default=1_000_000,
        ge=1_000,
        le=1_000_000_000,
        description="Largest request body the server reads, bytes (SOUTHSOUTH_API_MAX_BODY).",
    )
    api_rate: str = Field(
        default="600/minute",
        description="Requests one address may send without a token, e.g. 600/minute; 0 = "
        "unlimited (SOUTHSOUTH_API_RATE).",
    )
    api_compute_rate: str = Field(
        default="30/minute",
        description="Expensive results (roadmaps, coalitions, …) one address may have "
        "computed, e.g. 30/minute; 0 = unlimited (SOUTHSOUTH_API_COMPUTE_RATE).",
    )
    api_compute_workers: int = Field(
        default=2,
        ge=1,
        le=64,
        description="Expensive computations run at once per server process "
        "(SOUTHSOUTH_API_COMPUTE_WORKERS).",
    )
    api_compute_queue: int = Field(
        default=4,
        ge=0,
        le=1000,
        description="Expensive computations waiting for a worker before new ones are refused "
        "with 503 (SOUTHSOUTH_API_COMPUTE_QUEUE).",
    )
    api_time_budget: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="Seconds a request waits for an expensive result before a 503 asks it to "
        "retry; the computation goes on (SOUTHSOUTH_API_TIME_BUDGET).",
    )
    as_of: date | None = Field(
        default=None,
        description="The day data ages are counted to, YYYY-MM-DD; default today "
        "(SOUTHSOUTH_AS_OF).",
    )
    warm_pages: bool = Field(
        default=True,
        description="A served instance computes the dashboard's pages in the background when "
        "it starts and after each data sync, so no visitor waits for a cold computation "
        "(SOUTHSOUTH_WARM_PAGES).",
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
