from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import Config, ConfigError, load_config


def test_defaults_without_user_file() -> None:
    cfg = load_config(use_user_file=False)
    assert cfg == Config()


def test_file_then_overrides(tmp_path: Path) -> None:
    f = tmp_path / "c.toml"
    f.write_text("[pipeline]\nbatch_size = 10\n[ingest]\nmax_article_bytes = 5\n")
    cfg = load_config(path=f, overrides=["pipeline.batch_size=20"])
    assert cfg.pipeline.batch_size == 20
    assert cfg.ingest.max_article_bytes == 5


def test_lists_become_tuples() -> None:
    cfg = load_config(use_user_file=False, overrides=['pipeline.stages=["clean"]'])
    assert cfg.pipeline.stages == ("clean",)


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ("pipeline.nope=1", "E201"),
        ("nosection.x=1", "E201"),
        ("pipeline.batch_size=big", "E202"),
        ("pipeline.batch_size=true", "E202"),
        ("pipeline.batch_size", "E203"),
    ],
)
def test_bad_values_are_named(override: str, code: str) -> None:
    with pytest.raises(ConfigError, match=code):
        load_config(use_user_file=False, overrides=[override])


def test_bad_file_is_named(tmp_path: Path) -> None:
    f = tmp_path / "broken.toml"
    f.write_text("[pipeline\n")
    with pytest.raises(ConfigError, match=r"E204.*broken\.toml"):
        load_config(path=f)


def test_user_file_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "user.toml"
    f.write_text("[pipeline]\nbatch_size = 7\n")
    monkeypatch.setenv("NEWSDESK_CONFIG", str(f))
    assert load_config().pipeline.batch_size == 7


def test_config_is_jsonable() -> None:
    import json

    assert json.loads(json.dumps(Config().to_dict()))["pipeline"]["batch_size"] == 256
