from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsdesk.cli import cli

STORY = """Harbor bridge to close for repairs

by Mara Quill

DUNMORE — The Harbor Street bridge will close for six weeks starting June 14, the city
said on Monday.

"We cannot wait another winter," said public works director Ana Ruiz, 52.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "harbor-gazette").mkdir(parents=True)
    (root / "harbor-gazette" / "bridge.txt").write_text(STORY, encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    return root


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_run_then_export_json(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    code, _, err = run("run", str(corpus), "--db", db)
    assert code == 1, err  # completed, but empty.txt failed
    assert "E103" in err
    code, out, _ = run("--db", db, "export", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert set(doc) >= {
        "version",
        "articles",
        "errors",
        "stories",
        "links",
        "entities",
        "quotes",
        "claims",
        "discrepancies",
        "quote_variants",
        "summaries",
    }
    (article,) = doc["articles"]
    assert article["title"] == "Harbor bridge to close for repairs"
    assert article["author"] == "Mara Quill"
    assert article["outlet"] == "harbor-gazette"
    assert {"id", "path", "url", "published", "text", "removed", "story_id"} <= set(article)
    assert doc["errors"][0]["path"].endswith("empty.txt")
    assert set(doc["errors"][0]) >= {"path", "reason"}


def test_db_before_or_after_subcommand_and_env(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "t.db")
    run("--db", db, "ingest", str(corpus / "harbor-gazette"))
    code, out, _ = run("articles", "--db", db)
    assert code == 0 and "Harbor bridge" in out
    monkeypatch.setenv("NEWSDESK_DB", db)
    code, out, _ = run("articles", "--search", "Ruiz")
    assert code == 0 and "Harbor bridge" in out


def test_rerun_is_idempotent(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("run", str(corpus), "--db", db)
    first = run("export", "--db", db)[1]
    run("run", str(corpus), "--db", db)
    second = run("export", "--db", db)[1]
    assert json.loads(first) == json.loads(second)


def test_show_and_errors(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("run", str(corpus), "--db", db)
    art = json.loads(run("articles", "--db", db, "--json")[1])[0]
    code, out, _ = run("show", art["id"][:8], "--db", db)
    assert code == 0 and "Mara Quill" in out and "Ana Ruiz" in out
    code, _, err = run("show", "ffffffff", "--db", db)
    assert code == 2 and "no single article" in err
    code, out, _ = run("errors", "--db", db)
    assert code == 0 and "empty.txt" in out


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("ingest")[0] == 2
    code, _, err = run("--set", "nope.x=1", "--db", str(tmp_path / "x.db"), "ingest", "x")
    assert code == 2 and "E201" in err


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    code, _, err = run("ingest", str(tmp_path / "nothing-here"), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "E101" in err


def test_stdin(tmp_path: Path) -> None:
    code, _, _ = run("ingest", "-", "--db", str(tmp_path / "x.db"), input=STORY)
    assert code == 0
    out = run("articles", "--db", str(tmp_path / "x.db"))[1]
    assert "Harbor bridge" in out


def test_export_md_and_html(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    run("run", str(corpus), "--db", db)
    md = run("export", "--db", db, "--format", "md")[1]
    assert "## Harbor bridge to close for repairs" in md
    out = tmp_path / "r.html"
    assert run("export", "--db", db, "--format", "html", "--out", str(out))[0] == 0
    html = out.read_text()
    assert "Harbor bridge to close for repairs" in html and "E103" in html


def test_demo_writes_report(tmp_path: Path) -> None:
    out = tmp_path / "demo.html"
    code, stdout, _ = run("demo", "--out", str(out), "--db", str(tmp_path / "demo.db"))
    assert code == 0, stdout
    html = out.read_text()
    assert html.count('class="item"') >= 18


def test_every_command_has_help_with_example() -> None:
    for name in cli.commands:
        code, out, _ = run(name, "--help")
        assert code == 0
        assert "Example:" in out, f"`newsdesk {name} --help` has no Example"
    assert "Example:" in run("--help")[1]


def test_config_command(tmp_path: Path) -> None:
    code, out, _ = run("--set", "pipeline.batch_size=9", "config", "--json")
    assert code == 0 and json.loads(out)["pipeline"]["batch_size"] == 9
