"""Configuration: packaged defaults, a user file, then ``--set a.b=c`` overrides.

Each stage owns the dataclass of its own options (``IngestConfig`` in ``ingest``,
``CleanConfig`` in ``clean``, ...); this module only composes them, validates a
user's values against the declared field types once, and hands the frozen result
to whoever needs it. Nothing reads configuration from globals.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .clean import CleanConfig
from .cluster import ClusterConfig
from .compare import CompareConfig
from .dedup import DedupConfig
from .errors import msg
from .extract import ExtractConfig
from .ingest import IngestConfig
from .summarize import SummaryConfig
from .summarize_llm import LLMConfig


class ConfigError(ValueError):
    """A configuration value or file is invalid. The message carries an error code."""


@dataclass(frozen=True, slots=True)
class PipelineConfig:
    batch_size: int = 256
    # Stage names to run after ingest; empty means every registered stage.
    stages: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    cluster: ClusterConfig = field(default_factory=ClusterConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    compare: CompareConfig = field(default_factory=CompareConfig)
    summary: SummaryConfig = field(default_factory=SummaryConfig)
    # The optional abstractive summary (off unless ``llm.url`` is set).
    llm: LLMConfig = field(default_factory=LLMConfig)
    pipeline: PipelineConfig = field(default_factory=PipelineConfig)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = _jsonable(dataclasses.asdict(self))
        return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(_jsonable(v) for v in value)
    return value


def user_config_path() -> Path:
    if env := os.environ.get("NEWSDESK_CONFIG"):
        return Path(env)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "newsdesk" / "config.toml"


def load_config(
    *,
    path: str | Path | None = None,
    overrides: Sequence[str] = (),
    use_user_file: bool = True,
) -> Config:
    """Resolve the configuration: defaults <- file <- overrides, validated once."""
    merged: dict[str, Any] = {}
    file = Path(path) if path else (user_config_path() if use_user_file else None)
    if file is not None and (path is not None or file.exists()):
        try:
            merged = tomllib.loads(file.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(msg("E204", path=file, detail=exc)) from exc
    for item in overrides:
        key, sep, raw = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(msg("E203", value=item))
        node = merged
        parts = key.strip().split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(msg("E201", key=key))
        node[parts[-1]] = _parse_literal(raw.strip())
    return _build(Config, merged, prefix="")


def _parse_literal(raw: str) -> Any:
    """``--set`` values: JSON/TOML-like literals, else the bare string."""
    lowered = raw.lower()
    if lowered in {"true", "false"}:
        return lowered == "true"
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


T = TypeVar("T")


def _build(cls: type[T], values: Mapping[str, Any], *, prefix: str) -> T:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        dotted = f"{prefix}{key}"
        if key not in fields:
            raise ConfigError(msg("E201", key=dotted))
        hint = hints[key]
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, Mapping):
                raise ConfigError(msg("E202", key=dotted, expected="a table", value=value))
            kwargs[key] = _build(hint, value, prefix=f"{dotted}.")  # type: ignore[arg-type]
        else:
            kwargs[key] = _coerce(value, hint, key=dotted)
    return cls(**kwargs)


def _coerce(value: Any, hint: Any, *, key: str) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is type(None) and value is None:
                return None
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(value, arg, key=key)
            except ConfigError:
                continue
        raise ConfigError(msg("E202", key=key, expected=str(hint), value=value))
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise ConfigError(msg("E202", key=key, expected="a list", value=value))
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_coerce(v, args[0], key=key) for v in value)
        if len(args) != len(value):
            raise ConfigError(msg("E202", key=key, expected=f"{len(args)} items", value=value))
        return tuple(_coerce(v, a, key=key) for v, a in zip(value, args, strict=True))
    if hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif hint is str:
        if isinstance(value, str):
            return value
    elif origin is typing.Literal:
        if value in args:
            return value
    else:
        return value
    raise ConfigError(
        msg("E202", key=key, expected=getattr(hint, "__name__", str(hint)), value=value)
    )
