from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from newsdesk.model import Document
from newsdesk.pipeline import Pipeline, PipelineError, Stage


@dataclass(frozen=True)
class Cfg:
    factor: int = 2


@dataclass(frozen=True)
class FakeConfig:
    double: Cfg = Cfg()


def _double(item: int, *, config: Cfg) -> int | None:
    if item == 13:
        raise ValueError("unlucky")
    return None if item == 0 else item * config.factor


def _total(*, doubled: list[int]) -> dict[str, Any]:
    return {"total": sum(doubled)}


DOUBLE = Stage(
    "double", _double, ("numbers",), ("doubled",), per_item=True, config_section="double"
)
TOTAL = Stage("total", _total, ("doubled",), ("total",))


def test_runs_in_order_and_isolates_item_failures() -> None:
    pipe = Pipeline([DOUBLE, TOTAL], inputs=["numbers"])
    result = pipe.run({"numbers": [1, 0, 13, 4]}, config=FakeConfig())
    assert result.state["doubled"] == [2, 8]
    assert result.state["total"] == 10
    (err,) = result.errors
    assert err.code == "E303"
    assert "unlucky" in err.reason
    assert result.timings["double"].items == 4


def test_missing_requirement_is_caught_before_running() -> None:
    with pytest.raises(PipelineError, match=r"E301.*total.*doubled"):
        Pipeline([TOTAL], inputs=["numbers"])


def test_undeclared_output_is_refused() -> None:
    bad = Stage("bad", lambda *, numbers: {"other": 1}, ("numbers",), ("x",))
    with pytest.raises(PipelineError, match="undeclared"):
        Pipeline([bad], inputs=["numbers"]).run({"numbers": []}, config=FakeConfig())


def test_unknown_stage_name() -> None:
    with pytest.raises(PipelineError, match="E302"):
        Pipeline.from_names(["no-such-stage"], inputs=["documents"])


def test_builtin_clean_stage_makes_articles() -> None:
    from newsdesk.config import Config

    pipe = Pipeline.from_names(["clean"], inputs=["documents"])
    doc = Document(
        source="x.txt", raw=b"x", text="The mayor spoke on Monday. She left.", format="txt"
    )
    result = pipe.run({"documents": [doc]}, config=Config())
    (article,) = result.state["articles"]
    assert article.id == doc.id
    assert [s.text for s in article.sentences] == ["The mayor spoke on Monday.", "She left."]
