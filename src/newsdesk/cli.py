"""The ``newsdesk`` command line.

Data goes to stdout, logs and progress to stderr. Exit codes:
0 success; 1 the run completed but some inputs failed; 2 usage or configuration
error; 3 the run could not be carried out (database unusable, ...).
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, export
from .config import Config, ConfigError, load_config
from .jobs import IngestSummary, analyze, ingest
from .model import Article, Document, IngestError
from .store import Store, StoreError

EXIT_OK, EXIT_INPUT_ERRORS, EXIT_USAGE, EXIT_FATAL = 0, 1, 2, 3
DEFAULT_DB = "newsdesk.db"

F = TypeVar("F", bound=Callable[..., Any])


class State:
    """Options given to the group, shared with every subcommand."""

    def __init__(self) -> None:
        self.db: str | None = None
        self.config_file: str | None = None
        self.overrides: list[str] = []
        self.quiet = False
        self._config: Config | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            try:
                self._config = load_config(path=self.config_file, overrides=self.overrides)
            except ConfigError as exc:
                raise click.UsageError(str(exc)) from exc
        return self._config

    def db_path(self) -> str:
        return self.db or DEFAULT_DB


def _state() -> State:
    ctx = click.get_current_context()
    state = ctx.find_root().obj
    assert isinstance(state, State)
    return state


def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        root = ctx.find_root()
        root.ensure_object(State).db = value


def db_option(func: F) -> F:
    """``--db`` is accepted before or after the subcommand name."""
    return click.option(
        "--db",
        type=click.Path(dir_okay=False),
        expose_value=False,
        callback=_set_db,
        is_eager=True,
        help=f"SQLite database file (default ./{DEFAULT_DB}, or $NEWSDESK_DB).",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")(func)


@contextmanager
def open_store(path: str | None = None) -> Iterator[Store]:
    target = path or _state().db_path()
    try:
        store = Store(target)
    except (StoreError, OSError, Exception) as exc:  # sqlite3.Error and friends
        click.echo(f"error: cannot open database {target}: {exc}", err=True)
        raise SystemExit(EXIT_FATAL) from exc
    try:
        yield store
    finally:
        store.close()


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _echo_term(message: str = "", **kwargs: Any) -> None:
    """Echo scraped text to a terminal without its control characters: an
    article must not be able to move the cursor or retitle the window."""
    click.echo(_CONTROL.sub("", message), **kwargs)


def log(message: str) -> None:
    if not _state().quiet:
        click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="NEWSDESK_DB",
    type=click.Path(dir_okay=False),
    help=f"SQLite database file (default ./{DEFAULT_DB}).",
)
@click.option(
    "--config", "config_file", type=click.Path(dir_okay=False), help="Config file (TOML)."
)
@click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE", help="Override a setting.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or log output on stderr.")
@click.version_option(__version__, prog_name="newsdesk")
@click.pass_context
def cli(
    ctx: click.Context,
    db: str | None,
    config_file: str | None,
    overrides: tuple[str, ...],
    quiet: bool,
) -> None:
    """Turn articles from many outlets into verified stories.

    \b
    Example:
        newsdesk run articles/ --db news.db
        newsdesk articles --db news.db --search "bridge closure"
    """
    state = ctx.ensure_object(State)
    # A subcommand's eager --db callback may already have set it; it wins.
    state.db = state.db or db
    state.config_file = config_file
    state.overrides = list(overrides)
    state.quiet = quiet


# -- ingest / run ---------------------------------------------------------


def _progress_printer() -> Callable[[Document | IngestError], None] | None:
    if _state().quiet or not sys.stderr.isatty():
        return None
    counts = {"ok": 0, "err": 0}
    started = time.monotonic()
    last = [0.0]

    def show(item: Document | IngestError) -> None:
        counts["ok" if isinstance(item, Document) else "err"] += 1
        now = time.monotonic()
        if now - last[0] > 0.1:
            last[0] = now
            rate = (counts["ok"] + counts["err"]) / max(now - started, 1e-9)
            click.echo(
                f"\rread {counts['ok']} articles, {counts['err']} errors ({rate:.0f}/s)",
                err=True,
                nl=False,
            )

    return show


def _do_ingest(paths: tuple[str, ...], *, command: str, store: Store) -> IngestSummary:
    state = _state()
    stdin = sys.stdin.buffer if "-" in paths else None
    progress = _progress_printer()
    started = time.perf_counter()
    summary = ingest(
        store, list(paths), config=state.config, command=command, stdin=stdin, on_item=progress
    )
    if progress is not None:
        click.echo("", err=True)
    elapsed = time.perf_counter() - started
    log(
        f"{summary.articles} articles ({summary.new} new), {len(summary.errors)} failed "
        f"inputs, in {elapsed:.1f}s -> {store.path}"
    )
    for e in summary.errors[:20]:
        log(f"  error: {e.path}: {e.reason}")
    if len(summary.errors) > 20:
        log(f"  ... and {len(summary.errors) - 20} more (see `newsdesk errors`)")
    return summary


def _do_analyze(store: Store) -> None:
    started = time.perf_counter()
    result = analyze(store, config=_state().config)
    for note in result.notes:
        log(f"note: {note}")
    counts = ", ".join(_count(v, k) for k, v in result.counts.items()) or "nothing"
    n = _count(result.articles, "articles")
    log(f"analysed {n}: {counts}, in {time.perf_counter() - started:.1f}s")


# Singulars of the plural nouns the analysis counts under.
_SINGULAR = {"stories": "story", "summaries": "summary", "entities": "entity"}


def _count(n: int, plural: str) -> str:
    if n == 1:
        last = plural.split()[-1]
        singular = _SINGULAR.get(last, last.removesuffix("s"))
        plural = plural[: len(plural) - len(last)] + singular
    return f"{n} {plural}"


@cli.command("analyze")
@db_option
def analyze_cmd() -> None:
    """Run every analysis stage again over the articles already in the database.

    \b
    Example:
        newsdesk analyze --db news.db
    """
    with open_store() as store:
        _do_analyze(store)


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@json_option
def ingest_cmd(paths: tuple[str, ...], as_json: bool) -> None:
    """Read articles from files, folders, globs or - (stdin), clean them and store them.

    Formats: plain text/Markdown, HTML, JSON/JSONL, WARC, RSS/Atom feeds (and
    gzip of those). Failed inputs are recorded with their bytes; the run goes on.

    \b
    Example:
        newsdesk ingest ~/scrapes/*.html feeds/ --db news.db
        cat dump.jsonl | newsdesk ingest - --db news.db
    """
    with open_store() as store:
        summary = _do_ingest(paths, command="ingest", store=store)
    if as_json:
        click.echo(json.dumps(_summary_dict(summary), indent=2))
    sys.exit(EXIT_INPUT_ERRORS if summary.errors else EXIT_OK)


@cli.command("run")
@click.argument("paths", nargs=-1, required=True)
@db_option
@json_option
def run_cmd(paths: tuple[str, ...], as_json: bool) -> None:
    """Ingest PATHS and run every analysis stage over the database.

    \b
    Example:
        newsdesk run ../shared/seeds --db seeds.db
        newsdesk --set pipeline.batch_size=512 run articles/
    """
    with open_store() as store:
        summary = _do_ingest(paths, command="run", store=store)
        _do_analyze(store)
    if as_json:
        click.echo(json.dumps(_summary_dict(summary), indent=2))
    sys.exit(EXIT_INPUT_ERRORS if summary.errors else EXIT_OK)


def _summary_dict(summary: IngestSummary) -> dict[str, Any]:
    return {
        "run_id": summary.run_id,
        "articles": summary.articles,
        "new": summary.new,
        "errors": [e.to_dict() for e in summary.errors],
        "seconds": {name: round(t.seconds, 4) for name, t in summary.timings.items()},
    }


# -- reading ----------------------------------------------------------------


@cli.command("articles")
@click.option("--search", "-s", metavar="QUERY", help="Full-text search (title, text, outlet).")
@click.option(
    "--story", "story_query", metavar="ID", help="Only this story's articles (id or id prefix)."
)
@click.option("--limit", "-n", type=click.IntRange(min=1), default=None, help="At most N rows.")
@db_option
@json_option
def articles_cmd(
    search: str | None, story_query: str | None, limit: int | None, as_json: bool
) -> None:
    """List stored articles (oldest first), or search them.

    Columns: article id, published, story id, outlet, headline.

    \b
    Example:
        newsdesk articles --db news.db
        newsdesk articles --search "Lady Gaga" --json
        newsdesk articles --story s-3f9a --db news.db
    """
    with open_store() as store:
        story_of = store.story_assignments()
        if story_query is None:
            rows = store.articles(search=search, limit=limit)
        else:
            story_id = _find_story_id(store, story_query)
            # Filter first and cut to --limit after, so the limit counts only
            # this story's articles.
            rows = [a for a in store.articles(search=search) if story_of.get(a.id) == story_id]
            rows = rows[:limit]
    if as_json:
        data = [export.article_dict(a, story_id=story_of.get(a.id)) for a in rows]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for a in rows:
        published = a.published.isoformat() if a.published else "----------"
        outlet = (a.outlet or "unknown")[:18]
        story = story_of.get(a.id) or "-"
        # Titles are scraped text: no control characters to the terminal.
        _echo_term(f"{a.id}  {published}  {story:<14}  {outlet:<18}  {a.title or _first_words(a)}")
    if not rows:
        where = (f" match {search!r}" if search else "") + (
            f" in story {story_query!r}" if story_query else ""
        )
        log("no articles" + where)


def _find_story_id(store: Store, query: str) -> str:
    """The id of the story ``query`` names: an id, an alias (the id of a story
    merged into it, which a user may have saved) or an unambiguous id prefix,
    with or without the "s-" every story id starts with. Exits 2 otherwise."""
    stories = store.stories()
    for st in stories:
        if query == st.id or query in st.aliases:
            return st.id
    hits = [st.id for st in stories if st.id.startswith(query) or st.id.startswith("s-" + query)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        shown = ", ".join(hits[:5]) + (", …" if len(hits) > 5 else "")
        _echo_term(f"error: story id {query!r} is ambiguous: {shown}", err=True)
    else:
        _echo_term(f"error: no story with id {query!r} (see `newsdesk stories`)", err=True)
    sys.exit(EXIT_USAGE)


@cli.command("stories")
@db_option
@json_option
def stories_cmd(as_json: bool) -> None:
    """List stories (articles from any outlet on the same event), biggest first.

    Columns: story id, articles, outlets, first and last day seen, title.

    \b
    Example:
        newsdesk stories --db news.db
        newsdesk stories --json > stories.json
    """
    with open_store() as store:
        stories = store.stories()
        # One query for every article's outlet, not one lookup per story member.
        outlet_of = {a.id: a.outlet for a in store.articles()} if stories else {}
    rows = []
    for st in stories:
        outlets: dict[str, list[str]] = {}
        for aid in st.article_ids:
            outlets.setdefault(outlet_of.get(aid) or "unknown", []).append(aid)
        # Articles without an outlet are listed under "unknown" (as in the
        # export) but not counted as an outlet (as in the report).
        known = {outlet_of[aid] for aid in st.article_ids if outlet_of.get(aid)}
        rows.append(
            {
                **st.to_dict(),
                "n_articles": len(st.article_ids),
                "n_outlets": len(known),
                "outlets": outlets,
            }
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for row in rows:
        first = row["first_seen"] or "----------"
        last = row["last_seen"] or "----------"
        n_art, n_out = row["n_articles"], row["n_outlets"]
        # Padded singulars keep the columns aligned.
        n_articles = f"{n_art:>4} article{'s' if n_art != 1 else ' '}"
        n_outlets = f"{n_out:>3} outlet{'s' if n_out != 1 else ' '}"
        _echo_term(f"{row['id']:<14}  {n_articles}  {n_outlets}  {first}  {last}  {row['title']}")
    if not rows:
        log("no stories (analysis groups articles into stories: `newsdesk analyze`)")


def _first_words(a: Article, n: int = 10) -> str:
    words = a.text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _show_story(store: Store, story_id: str, *, as_json: bool) -> None:
    """``newsdesk show s-…``: the story's summary on top, then its articles."""
    from .cli_summary import print_summary

    story = next(st for st in store.stories() if st.id == story_id)
    articles = {a.id: a for a in store.articles()}
    summary = next(iter(store.summaries(story_id=story_id)), None)
    if as_json:
        data = {**story.to_dict(), "summary": summary.to_dict() if summary else None}
        _echo_term(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.secho(_CONTROL.sub("", story.title), bold=True)
    _echo_term(f"{'id':>10}: {story.id}")
    first, last = story.first_seen, story.last_seen
    _echo_term(f"{'seen':>10}: {first or 'unknown'} to {last or 'unknown'}")
    _echo_term("")
    click.secho("Summary:", bold=True)
    print_summary(summary, articles, title=story.title)
    _echo_term("")
    click.secho(f"Articles ({len(story.article_ids)}):", bold=True)
    for aid in story.article_ids:
        a = articles.get(aid)
        if a is not None:
            day = a.published.isoformat() if a.published else "----------"
            _echo_term(f"  {aid[:16]}  {day}  {a.outlet or 'unknown':<18}  {a.title or ''}")


@cli.command("show")
@click.argument("article_id")
@click.option("--removed/--no-removed", default=True, help="List what cleaning removed.")
@click.option(
    "--aligned", is_flag=True, help="Under each copy link, print the aligned sentence pairs."
)
@db_option
@json_option
def show_cmd(article_id: str, removed: bool, aligned: bool, as_json: bool) -> None:
    """Show one article: metadata, cleaned text, what cleaning removed, and its
    provenance (which articles it copies or is copied by). Given a story id
    (``s-…``), show the story: its cited summary, then its articles.

    ARTICLE_ID may be any unambiguous prefix of the id.

    \b
    Example:
        newsdesk show 3f9a2c --db news.db
        newsdesk show 3f9a2c --aligned
        newsdesk show s-e9e6f2218fd7
    """
    # Lazy: the report module pulls in Jinja2, which other commands do not need.
    from .report import provenance_lines

    with open_store() as store:
        article = store.article(article_id)
        if article is None and article_id.startswith("s-"):
            _show_story(store, _find_story_id(store, article_id), as_json=as_json)
            return
        links = store.links(article_id=article.id) if article else []
        story_id = store.story_assignments().get(article.id) if article else None
        story = next((st for st in store.stories() if st.id == story_id), None)
        # The other ends of the links, for their titles and aligned sentences.
        others = {
            oid: other
            for link in links
            for oid in (link.source, link.target)
            if article and oid != article.id and (other := store.article(oid)) is not None
        }
    if article is None:
        _echo_term(f"error: no single article with id {article_id!r}", err=True)
        sys.exit(EXIT_USAGE)
    if as_json:
        data = export.article_dict(article, story_id=story_id)
        data["links"] = [link.to_dict() for link in links]
        _echo_term(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.secho(_CONTROL.sub("", article.title or "(no headline)"), bold=True)
    for label, value in (
        ("outlet", article.outlet or "unknown"),
        ("published", article.published.isoformat() if article.published else "unknown"),
        ("author", article.author or "unknown"),
        ("source", article.path),
        ("url", article.url or "-"),
        ("id", article.id),
        # An assignment whose story row is missing still shows its id.
        ("story", f"{story.id}  {story.title}" if story else story_id or "none"),
    ):
        _echo_term(f"{label:>10}: {value}")
    _echo_term("")
    for p in article.paragraphs:
        _echo_term(article.text[p.start : p.end])
        _echo_term("")
    if removed and article.removals:
        click.secho(f"Removed by cleaning ({len(article.removals)}):", bold=True)
        for r in article.removals:
            snippet = " ".join(r.text.split())
            snippet = snippet if len(snippet) <= 100 else snippet[:99] + "…"
            _echo_term(f"  [{r.reason}] {snippet}")
    _echo_term("")
    count = f"{len(links)} link" + ("" if len(links) == 1 else "s")
    click.secho(f"Provenance ({count}):", bold=True)
    if not links:
        _echo_term("  no duplicates, near-duplicates or rewrites of or by this article")
    width = max(60, min(160, shutil.get_terminal_size((100, 24)).columns))
    for line in provenance_lines(links, article, others, aligned=aligned, width=width):
        _echo_term(line)


@cli.command("errors")
@db_option
@json_option
def errors_cmd(as_json: bool) -> None:
    """List inputs that failed, with the reason (their bytes are kept in the database).

    \b
    Example:
        newsdesk errors --db news.db --json
    """
    with open_store() as store:
        rows = store.errors()
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in rows], indent=2, ensure_ascii=False))
        return
    for e in rows:
        click.echo(f"{e.path}\t{e.reason}")
    if not rows:
        log("no errors")


@cli.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "md", "html"]), default="json", show_default=True
)
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Write to a file, not stdout.")
@db_option
def export_cmd(fmt: str, out: str | None) -> None:
    """Export everything in the database as JSON, Markdown or a self-contained HTML report.

    \b
    Example:
        newsdesk export --db news.db --format json > news.json
        newsdesk export --db news.db --format html --out report.html
    """
    with open_store() as store:
        text = _render(store, fmt)
    if out:
        Path(out).write_text(text, encoding="utf-8")
        log(f"wrote {out}")
    else:
        click.echo(text)


def _render(store: Store, fmt: str) -> str:
    if fmt == "html":
        from .report import render_html

        return render_html(store)
    doc = export.build(store)
    if fmt == "md":
        return export.to_markdown(doc)
    return json.dumps(doc, indent=2, ensure_ascii=False)


@cli.command("demo")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False),
    default="newsdesk-report.html",
    show_default=True,
    help="Where to write the HTML report.",
)
@db_option
def demo_cmd(out: str) -> None:
    """Run the whole pipeline on the bundled demo corpus and write the HTML report.

    The demo corpus is fictional: outlets that copy and rewrite each other,
    boilerplate, conflicting dates and numbers, quotes that drift. Without --db
    the database goes to a temporary folder.

    \b
    Example:
        newsdesk demo --out demo.html
        newsdesk demo --db demo.db
    """
    state = _state()
    corpus = resources.files("newsdesk") / "demo" / "corpus"
    with tempfile.TemporaryDirectory(prefix="newsdesk-demo-") as tmp:
        # Copy the packaged corpus so it works from a zipped install too.
        root = Path(tmp) / "corpus"
        with resources.as_file(corpus) as src:
            shutil.copytree(src, root)
        db_path = state.db or str(Path(tmp) / "demo.db")
        with open_store(db_path) as store:
            summary = _do_ingest((str(root),), command="demo", store=store)
            _do_analyze(store)
            from .report import render_html

            Path(out).write_text(render_html(store, title="newsdesk demo"), encoding="utf-8")
    click.echo(f"{summary.articles} articles, {len(summary.errors)} failed inputs")
    click.echo(f"report: {out}")
    sys.exit(EXIT_OK)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port."
)
@db_option
def serve_cmd(host: str, port: int) -> None:
    """Serve the web UI and JSON API (/api/, schema at /api/openapi.json) over the database.

    Listens on this machine only unless --host says otherwise; uploads from
    the "Add articles" page are ingested (and analysed) like `newsdesk run`.

    \b
    Example:
        newsdesk serve --db news.db
        newsdesk serve --db news.db --port 8080
    """
    # Lazy: FastAPI and uvicorn are for this command only.
    import uvicorn

    from .web import create_app
    from .web.server import is_loopback, loopback_hosts

    state = _state()
    try:
        app = create_app(
            state.db_path(),
            config=state.config,
            allowed_hosts=loopback_hosts() if is_loopback(host) else None,
        )
    except (StoreError, OSError, Exception) as exc:  # sqlite3.Error and friends
        click.echo(f"error: cannot open database {state.db_path()}: {exc}", err=True)
        raise SystemExit(EXIT_FATAL) from exc
    if not is_loopback(host):
        log(f"warning: listening on {host}: anyone who can reach it can read and add articles")
    shown = f"[{host}]" if ":" in host else host
    log(f"serving {state.db_path()} at http://{shown}:{port}/ (Ctrl-C stops)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command("config")
@json_option
def config_cmd(as_json: bool) -> None:
    """Print the resolved configuration (defaults, then your file, then --set).

    \b
    Example:
        newsdesk --set ingest.max_article_bytes=2000000 config
    """
    data = _state().config.to_dict()
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    for section, values in data.items():
        click.echo(f"[{section}]")
        for key, value in values.items():
            click.echo(f"{key} = {json.dumps(value)}")
        click.echo("")


def main() -> None:
    try:
        cli.main(prog_name="newsdesk", standalone_mode=True)
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        click.echo("interrupted", err=True)
        sys.exit(130)


def _register_subgroups() -> None:
    from . import cli_extract, cli_summary  # noqa: F401 - register their commands on ``cli``
    from .eval.cli import eval_group

    cli.add_command(eval_group)


_register_subgroups()
