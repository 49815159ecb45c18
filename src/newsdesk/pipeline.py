"""The stage runner.

A stage is a plain callable with declared inputs and outputs (spaCy's
``requires``/``assigns`` contract). The pipeline checks the declarations before it
runs anything, so a missing input is an error at construction, not a ``KeyError``
half-way through a corpus. Stages do no I/O and never import the store: the caller
reads inputs, runs the pipeline on batches and persists what comes out.

Two shapes of stage:

* per-item (``per_item=True``): ``func(item, *, config)`` maps one element of its
  first required field to one output (or ``None`` to drop it). A failure on one
  item is recorded as an ``IngestError`` and the batch goes on.
* corpus-level: ``func(*, <required fields>, config)`` returns a mapping with
  exactly its assigned fields.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import msg
from .model import Article, Document, IngestError


class PipelineError(ValueError):
    """The pipeline is mis-declared (a stage requires what nothing assigns)."""


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    func: Callable[..., Any]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    per_item: bool = False
    # Which section of ``Config`` the stage receives as ``config=`` (None: none).
    config_section: str | None = None
    description: str = ""


@dataclass(slots=True)
class StageTiming:
    name: str
    seconds: float = 0.0
    items: int = 0


@dataclass(slots=True)
class RunResult:
    state: dict[str, Any]
    errors: list[IngestError] = field(default_factory=list)
    timings: dict[str, StageTiming] = field(default_factory=dict)


_REGISTRY: dict[str, Stage] = {}


def register(stage: Stage) -> Stage:
    """Add a stage to the registry; later registrations replace earlier ones."""
    _REGISTRY[stage.name] = stage
    return stage


def registered() -> dict[str, Stage]:
    _load_builtin_stages()
    return dict(_REGISTRY)


def _load_builtin_stages() -> None:
    # Importing the module registers its stages; kept lazy so `newsdesk --help`
    # does not pay for every stage's imports.
    from . import stages  # noqa: F401


class Pipeline:
    """An ordered, validated list of stages."""

    def __init__(self, stages: Sequence[Stage], *, inputs: Iterable[str]) -> None:
        available = set(inputs)
        for stage in stages:
            for name in stage.requires:
                if name not in available:
                    raise PipelineError(msg("E301", stage=stage.name, field=name))
            available.update(stage.assigns)
        self.stages = tuple(stages)
        self.inputs = frozenset(inputs)

    @classmethod
    def from_names(cls, names: Sequence[str], *, inputs: Iterable[str]) -> Pipeline:
        known = registered()
        missing = [n for n in names if n not in known]
        if missing:
            raise PipelineError(msg("E302", stage=missing[0]))
        return cls([known[n] for n in names], inputs=inputs)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.stages)

    def run(
        self,
        state: Mapping[str, Any],
        *,
        config: Any,
        timings: dict[str, StageTiming] | None = None,
    ) -> RunResult:
        """Run every stage on ``state``; returns the new state and per-item errors."""
        result = RunResult(state=dict(state), timings=timings if timings is not None else {})
        for stage in self.stages:
            section = getattr(config, stage.config_section) if stage.config_section else None
            timing = result.timings.setdefault(stage.name, StageTiming(stage.name))
            started = time.perf_counter()
            if stage.per_item:
                self._run_per_item(stage, result, section, timing)
            else:
                kwargs = {name: result.state[name] for name in stage.requires}
                if stage.config_section:
                    kwargs["config"] = section
                out = stage.func(**kwargs)
                unexpected = set(out) - set(stage.assigns)
                if unexpected:
                    raise PipelineError(
                        f"stage '{stage.name}' returned undeclared fields {sorted(unexpected)}"
                    )
                result.state.update(out)
                timing.items += 1
            timing.seconds += time.perf_counter() - started
        return result

    @staticmethod
    def _run_per_item(stage: Stage, result: RunResult, section: Any, timing: StageTiming) -> None:
        items = result.state[stage.requires[0]]
        outputs: list[Any] = []
        for item in items:
            timing.items += 1
            try:
                out = stage.func(item, config=section) if section is not None else stage.func(item)
            except Exception as exc:
                result.errors.append(
                    IngestError(
                        path=_item_label(item),
                        reason=msg("E303", stage=stage.name, item=_item_label(item), detail=exc),
                        code="E303",
                        raw=getattr(item, "raw", None),
                    )
                )
                continue
            if isinstance(out, IngestError):
                result.errors.append(out)
            elif out is not None:
                outputs.append(out)
        result.state[stage.assigns[0]] = outputs


def _item_label(item: Any) -> str:
    if isinstance(item, Document):
        return item.source
    if isinstance(item, Article):
        return item.path
    if dataclasses.is_dataclass(item) and hasattr(item, "id"):
        return str(item.id)
    return repr(item)[:80]
