"""CLI commands over extraction results: ``entities``, ``quotes``, ``claims``.

A module of its own to keep ``cli.py`` readable; the commands register on the
same ``cli`` group (``cli.py`` imports this module at the end).
"""

from __future__ import annotations

import json

import click

from .cli import _echo_term, cli, db_option, json_option, log, open_store


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
        if article_id:
            article = store.article(article_id)
            article_id = article.id if article else article_id
        quotes = store.quotes(article_id=article_id)
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
        if article_id:
            article = store.article(article_id)
            article_id = article.id if article else article_id
        claims = store.claims(article_id=article_id)
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
