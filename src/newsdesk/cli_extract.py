"""CLI commands over extraction and comparison results: ``entities``,
``quotes``, ``claims``, ``discrepancies``, ``quote-variants``.

A module of its own to keep ``cli.py`` readable; the commands register on the
same ``cli`` group (``cli.py`` imports this module at the end).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import click

from .cli import _echo_term, _find_story_id, cli, db_option, json_option, log, open_store
from .model import Article, DiffOp
from .store import Store


def _full_id(store: Store, prefix: str | None) -> str | None:
    """The article id an unambiguous prefix names (the prefix itself when none does)."""
    if not prefix:
        return None
    article = store.article(prefix)
    return article.id if article else prefix


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@cli.command("entities")
@click.option("--story", "story_id", help="Only the entities of this story (id).")
@click.option("--type", "etype", help="Only this type (PERSON, ORG, GPE, WORK_OF_ART, ...).")
@db_option
@json_option
def entities_cmd(story_id: str | None, etype: str | None, as_json: bool) -> None:
    """List named entities merged across each story's articles, with their
    other names (aliases), spelling variants and how many articles mention them.

    \b
    Example:
        newsdesk entities --db news.db
        newsdesk entities --story s-1a2b3c4d5e6f --type PERSON --json
    """
    with open_store() as store:
        entities = store.entities(story_id=story_id)
    if etype:
        entities = [e for e in entities if e.type == etype.upper()]
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in entities], indent=2, ensure_ascii=False))
        return
    for e in entities:
        n_articles = len({m.article_id for m in e.mentions})
        extra = []
        if e.aliases:
            extra.append("also: " + ", ".join(e.aliases))
        for v in e.variants:
            extra.append(f"spelled {v.spelling!r} in {', '.join(a[:8] for a in v.article_ids)}")
        _echo_term(
            f"{e.type:<12} {e.name:<32} {len(e.mentions):>3} mentions {n_articles:>3} articles"
            + (f"  ({'; '.join(extra)})" if extra else "")
        )
    if not entities:
        log("no entities (extraction runs in `newsdesk analyze`)")


@cli.command("quotes")
@click.option("--article", "article_id", help="Only quotes in this article (id or prefix).")
@click.option("--speaker", help="Only quotes whose speaker contains this text.")
@db_option
@json_option
def quotes_cmd(article_id: str | None, speaker: str | None, as_json: bool) -> None:
    """List direct quotations with their speakers and cue verbs.

    A speaker newsdesk could not establish is shown as "unknown", never guessed.

    \b
    Example:
        newsdesk quotes --db news.db
        newsdesk quotes --speaker Gaga --json
    """
    with open_store() as store:
        quotes = store.quotes(article_id=_full_id(store, article_id))
    if speaker:
        quotes = [q for q in quotes if q.speaker and speaker.lower() in q.speaker.lower()]
    if as_json:
        click.echo(json.dumps([q.to_dict() for q in quotes], indent=2, ensure_ascii=False))
        return
    for q in quotes:
        who = q.speaker or "unknown"
        cue = f" ({q.cue})" if q.cue else ""
        _echo_term(f"{q.article_id[:8]}  {who + cue:<30}  “{_short(q.text)}”")
    if not quotes:
        log("no quotes")


@cli.command("claims")
@click.option("--article", "article_id", help="Only claims in this article (id or prefix).")
@click.option("--kind", help="Only this kind (date, age, money, count, percent, place, credit…).")
@db_option
@json_option
def claims_cmd(article_id: str | None, kind: str | None, as_json: bool) -> None:
    """List checkable claims (dates, ages, money, counts, places, credits) with
    their normalised values and where each was said.

    \b
    Example:
        newsdesk claims --db news.db --kind date
        newsdesk claims --article 3f9a2c --json
    """
    with open_store() as store:
        claims = store.claims(article_id=_full_id(store, article_id))
    if kind:
        claims = [c for c in claims if c.kind == kind.lower()]
    if as_json:
        click.echo(json.dumps([c.to_dict() for c in claims], indent=2, ensure_ascii=False))
        return
    for c in claims:
        subject = c.subject or "-"
        _echo_term(
            f"{c.article_id[:8]}  {c.kind:<8} {_short(subject, 28):<28} {c.predicate:<20} "
            f"{c.value:<16} “{_short(c.text, 60)}”"
        )
    if not claims:
        log("no claims")


# -- comparison: discrepancies and quote variants ----------------------------------


def _outlets(store_articles: dict[str, Article], ids: Sequence[str]) -> str:
    return ", ".join(
        (a.outlet if (a := store_articles.get(aid)) and a.outlet else aid[:8]) for aid in ids
    )


def word_diff(ops: Sequence[DiffOp]) -> str:
    """A diff as one line, wdiff style: ``[-dropped-]{+added+}``."""
    out = []
    for o in ops:
        if o.op == "equal":
            out.append(o.after)
            continue
        if o.before:
            out.append(f"[-{o.before}-]")
        if o.after:
            out.append(f"{{+{o.after}+}}")
    return " ".join(out)


@cli.command("discrepancies")
@click.option("--story", "story_query", help="Only this story (id or unambiguous prefix).")
@click.option(
    "--kind",
    type=click.Choice(
        ["date", "time", "number", "money", "age", "place", "credit", "name_spelling"]
    ),
    help="Only this kind.",
)
@click.option("--severity", type=click.Choice(["major", "minor"]), help="Only this severity.")
@db_option
@json_option
def discrepancies_cmd(
    story_query: str | None, kind: str | None, severity: str | None, as_json: bool
) -> None:
    """List where the articles of a story disagree (dates, numbers, money, ages,
    places, credits, spellings of a name): each value and the articles giving it.

    Compatible statements are not listed ("about 300" and "312", "May 27" and
    "Friday, May 27th", "59-year-old" and "59"): the tolerance rules are in
    newsdesk/compare/tolerance.py.

    \b
    Example:
        newsdesk discrepancies --db news.db
        newsdesk discrepancies --story s-1a2b3c --severity major --json
    """
    with open_store() as store:
        story_id = _find_story_id(store, story_query) if story_query else None
        found = store.discrepancies(story_id=story_id)
        articles = {a.id: a for a in store.articles()} if not as_json else {}
    found = [
        d
        for d in found
        if (kind is None or d.kind == kind) and (severity is None or d.severity == severity)
    ]
    if as_json:
        click.echo(json.dumps([d.to_dict() for d in found], indent=2, ensure_ascii=False))
        return
    for d in found:
        _echo_term(f"{d.story_id}  {d.severity:<5}  {d.kind:<13}  {d.description}")
        for v in d.values:
            _echo_term(f"    {_short(v.value, 28):<28}  {_outlets(articles, v.article_ids)}")
    if not found:
        log("no discrepancies")


@cli.command("quote-variants")
@click.option("--story", "story_query", help="Only this story (id or unambiguous prefix).")
@click.option(
    "--kind",
    type=click.Choice(["identical", "benign", "altered", "misattributed", "single"]),
    help="Only this kind.",
)
@click.option(
    "--all", "show_all", is_flag=True, help="Also list quotes only one outlet has (kind single)."
)
@db_option
@json_option
def quote_variants_cmd(
    story_query: str | None, kind: str | None, show_all: bool, as_json: bool
) -> None:
    """List quotations that several outlets print, grouped, with how each outlet
    quotes them: identical, benign (punctuation, casing, trimmed, a dropped
    @handle), altered (words changed inside; shown as a word diff) or
    misattributed (the same words given to another person).

    \b
    Example:
        newsdesk quote-variants --db news.db
        newsdesk quote-variants --kind altered --json
    """
    with open_store() as store:
        story_id = _find_story_id(store, story_query) if story_query else None
        variants = store.quote_variants(story_id=story_id)
        quotes = {q.id: q for q in store.quotes()}
        articles = {a.id: a for a in store.articles()} if not as_json else {}
    wanted = [
        v
        for v in variants
        if (kind is None or v.kind == kind) and (show_all or kind == "single" or v.kind != "single")
    ]
    if as_json:
        click.echo(json.dumps([v.to_dict() for v in wanted], indent=2, ensure_ascii=False))
        return
    for v in wanted:
        first = quotes.get(v.quote_ids[0]) if v.quote_ids else None
        text = first.text if first else ""
        _echo_term(
            f"{v.story_id}  {v.kind:<13}  {v.speaker or 'unknown'}: “{_short(text, 70)}” "
            f"({_outlets(articles, v.article_ids)})"
        )
        for d in v.diff:
            where = quotes.get(d.quote_id)
            outlet = _outlets(articles, [where.article_id]) if where else d.quote_id[:8]
            shown = "same words" if d.kind == "identical" else word_diff(d.ops)
            _echo_term(f"    {outlet} ({d.kind}): {shown}")
    if not wanted:
        log("no quote variants" + ("" if show_all else " (quotes in one outlet only: --all)"))
