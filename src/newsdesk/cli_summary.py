"""``newsdesk summary``: each story's cited summary, as stored or made afresh
with another length or through a configured LLM endpoint.

A module of its own to keep ``cli.py`` readable; the command registers on the
same ``cli`` group (``cli.py`` imports this module at the end).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from .cli import EXIT_FATAL, _echo_term, _find_story_id, _state, cli, db_option, log, open_store
from .model import Article, Discrepancy, Fact, StoryRecord, Summary
from .report.summary import summary_view
from .store import Store

if TYPE_CHECKING:  # the summarizer's modules load only when a summary is made
    from .summarize import Encode, SummaryConfig
    from .summarize_llm import LLMConfig


def print_summary(
    summary: Summary | None, articles: dict[str, Article], *, title: str | None = None
) -> None:
    """The summary as text: one sentence a line, ``[outlet, outlet]`` after each.
    A headline already printed as the story's ``title`` is not repeated: its
    line says whose headline it is and what backs it."""
    if summary is None or not summary.sentences:
        _echo_term("  (no summary: run `newsdesk analyze` with the embedding model installed)")
        return
    for sent in summary_view(summary, articles):
        if sent.kind == "headline" and sent.text == title and sent.cites:
            labels = ", ".join(dict.fromkeys(c.label for c in sent.cites))
            _echo_term(f"  (the title above is {sent.cites[0].label}'s headline) [{labels}]")
        else:
            _echo_term("  " + sent.plain())


def _fresh(
    store: Store,
    stories: list[StoryRecord],
    articles: dict[str, Article],
    *,
    words: int | None,
    sentences: int | None,
    headline: bool | None,
    llm_url: str | None,
    llm_model: str | None,
) -> list[Summary]:
    """Summaries made now from what the store holds (links, facts, disputes)."""
    from .embed import EmbeddingUnavailable, get_encoder
    from .summarize import claims_by_article, story_claims, summarize_story

    config = _state().config
    summary_config = config.summary
    if words is not None or sentences is not None:
        summary_config = dataclasses.replace(summary_config, words=words, sentences=sentences)
    if headline is not None:
        summary_config = dataclasses.replace(summary_config, headline=headline)
    llm = config.llm
    if llm_url or llm_model:
        llm = dataclasses.replace(llm, url=llm_url or llm.url, model=llm_model or llm.model)
    try:
        encode = get_encoder().encode
    except EmbeddingUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    links, claims_of = store.links(), claims_by_article(store.claims())
    out = []
    for story in stories:
        members = [articles[i] for i in story.article_ids if i in articles]
        facts = store.facts(story_id=story.id)
        disputes = store.discrepancies(story_id=story.id)
        summary = summarize_story(
            story=story,
            articles=members,
            links=links,
            encode=encode,
            config=summary_config,
            facts=facts,
            discrepancies=disputes,
            claims=story_claims(story, claims_of),
        )
        if llm.url:
            summary = _abstractive(summary, articles, facts, disputes, llm, encode, summary_config)
        out.append(summary)
    return out


def _abstractive(
    summary: Summary,
    articles: dict[str, Article],
    facts: Sequence[Fact],
    disputes: Sequence[Discrepancy],
    llm: LLMConfig,
    encode: Encode,
    config: SummaryConfig,
) -> Summary:
    from .summarize_llm import ChatClient, LLMError, abstractive_summary

    try:
        result = abstractive_summary(
            extractive=summary,
            articles=articles,
            facts=facts,
            discrepancies=disputes,
            complete=ChatClient(llm),
            encode=encode,
            max_words=config.words or 10_000,
            outlet_names={k: a.outlet for k, a in articles.items() if a.outlet},
        )
    except LLMError as exc:
        log(f"warning: {exc}; keeping the extractive summary of {summary.story_id}")
        return summary
    for dropped in result.dropped:
        log(f"dropped from the LLM summary of {summary.story_id}: {dropped.reason}: {dropped.text}")
    if not result.used_llm:
        log(f"no LLM sentence held up for {summary.story_id}; keeping the extractive summary")
    return result.summary


@cli.command("summary")
@click.argument("story", required=False)
@click.option(
    "--words", type=click.IntRange(min=5), help="Word budget, headline included (default 65)."
)
@click.option(
    "--sentences",
    type=click.IntRange(min=1),
    help="At most N sentences below the headline (no word budget).",
)
@click.option(
    "--headline/--no-headline",
    default=None,
    help="Open with an outlet's headline (default: the summary.headline setting, on).",
)
@click.option(
    "--llm-url",
    help="An OpenAI-compatible endpoint (llama.cpp server, Ollama, ...) for an abstractive "
    "summary; sentences its citations do not support are dropped.",
)
@click.option("--llm-model", help="Model name to ask the endpoint for.")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")
def summary_cmd(
    story: str | None,
    words: int | None,
    sentences: int | None,
    headline: bool | None,
    llm_url: str | None,
    llm_model: str | None,
    as_json: bool,
) -> None:
    """Print each story's summary; every sentence lists the articles behind it.

    Without options, the summaries the last analysis stored. With --words,
    --sentences, --[no-]headline or --llm-url they are made afresh (and not
    stored). STORY limits the output to one story (an id or id prefix). The
    first line is an outlet's own headline when one states the story.

    \b
    Example:
        newsdesk summary --db news.db
        newsdesk summary s-e9e6 --sentences 2
        newsdesk summary --llm-url http://127.0.0.1:8080/v1 --llm-model qwen2.5
    """
    if words is not None and sentences is not None:
        raise click.UsageError("give --words or --sentences, not both")
    with open_store() as store:
        stories = store.stories()
        if story:
            wanted = _find_story_id(store, story)
            stories = [s for s in stories if s.id == wanted]
        articles = {a.id: a for a in store.articles()}
        fresh = words, sentences, headline, llm_url, llm_model
        if all(x is None or x == "" for x in fresh):
            stored = {s.story_id: s for s in store.summaries()}
            summaries = [stored.get(s.id) or Summary(s.id, ()) for s in stories]
        else:
            summaries = _fresh(
                store,
                stories,
                articles,
                words=words,
                sentences=sentences,
                headline=headline,
                llm_url=llm_url,
                llm_model=llm_model,
            )
    if as_json:
        click.echo(json.dumps([s.to_dict() for s in summaries], indent=2, ensure_ascii=False))
        return
    titles = {s.id: s.title for s in stories}
    for summary in summaries:
        click.secho(f"{summary.story_id}  {titles.get(summary.story_id, '')}", bold=True)
        print_summary(summary, articles, title=titles.get(summary.story_id))
        _echo_term("")
    if not stories:
        log("no stories (analysis groups articles into stories: `newsdesk analyze`)")
