"""``newsdesk eval …``: measure newsdesk on real labelled data sets (paths you give)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping
from typing import Any

import click

from ..model import Article
from .datasets import LOADERS, DatasetError, Skipped, load


@click.group("eval")
def eval_group() -> None:
    """Evaluate newsdesk's stages on public data sets.

    \b
    Example:
        newsdesk eval links ../shared/data/allsides/stories_dev.jsonl --format allsides
        newsdesk eval clustering ../shared/data/mmds/dev.json --format mmds
    """


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(LOADERS)),
    default="allsides",
    show_default=True,
    help="Layout of the data set.",
)


@eval_group.command("links")
@click.argument("path", type=click.Path(exists=True))
@format_option
@click.option(
    "--samples",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="How many random links to print for reading.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")
@click.pass_context
def links_cmd(ctx: click.Context, path: str, fmt: str, samples: int, as_json: bool) -> None:
    """Count duplicate, near-duplicate and rewrite links within and across gold stories.

    Links across stories are errors by construction; within-story links are
    printed in a random sample so they can be judged by reading.

    \b
    Example:
        newsdesk eval links ../shared/data/allsides/stories_dev.jsonl --format allsides --json
    """
    from ..cli import _state
    from ..jobs import CachedEmbedder, _embedder
    from ..store import Store
    from .links import evaluate_links

    try:
        items = load(path, fmt)
    except DatasetError as exc:
        raise click.UsageError(str(exc)) from exc
    config = _state().config
    with Store(":memory:") as store:
        embedder: CachedEmbedder | None = _embedder(store)
        report = evaluate_links(items, config=config.dedup, embedder=embedder, samples=samples)
    data = report.to_dict()
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo(f"{data['n_articles']} articles")
        click.echo(f"{'kind':<16}{'within story':>14}{'across stories':>16}")
        for kind in ("duplicate", "near_duplicate", "rewrite"):
            click.echo(
                f"{kind:<16}{data['within_story'][kind]:>14}{data['across_stories'][kind]:>16}"
            )
        for s in data["samples"]:
            click.echo("")
            click.echo(f"[{s['kind']}, score {s['score']}, same story: {s['same_story']}]")
            click.echo(f"  source: {s['source']}")
            click.echo(f"  copy:   {s['target']}")
            for a, b in s["aligned"]:
                click.echo(f"    - {a[:150]}")
                click.echo(f"    + {b[:150]}")
    sys.exit(0)


# How many skipped items to name on stderr before summing up the rest.
_SHOW_SKIPPED = 5


def _show_skipped(skipped: list[Skipped]) -> None:
    for skip in skipped[:_SHOW_SKIPPED]:
        click.echo(f"skipped {skip.source}: {skip.reason}", err=True)
    if len(skipped) > _SHOW_SKIPPED:
        click.echo(f"skipped {len(skipped) - _SHOW_SKIPPED} more items", err=True)


def _nlp_or_exit() -> Any:
    """spaCy's English pipeline, or exit with the fatal code and why."""
    from ..cli import EXIT_FATAL
    from ..extract.nlp import NLPUnavailable, get_nlp

    try:
        return get_nlp()
    except NLPUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)


def _predictor(*, incremental: bool = False) -> Callable[[list[Article]], Mapping[str, str]]:
    """The real clusterer: ``newsdesk.cluster`` on sentence embeddings.

    A function of its own so tests can replace it; imports stay inside because the
    encoder and the clusterer are heavy and ``newsdesk --help`` loads this module.
    """
    from ..cluster import ClusterConfig, cluster_articles, cluster_incremental
    from ..embed import get_encoder

    encoder = get_encoder()
    config = ClusterConfig()

    def predict(articles: list[Article]) -> Mapping[str, str]:
        if incremental:
            return cluster_incremental(articles, embed=encoder.encode, config=config)
        return dict(cluster_articles(articles, embed=encoder.encode, config=config))

    return predict


@eval_group.command("clustering")
@click.argument("path", type=click.Path(exists=True))
@format_option
@click.option(
    "--incremental",
    is_flag=True,
    help="Feed articles one at a time in date order (the streaming path) instead of one batch.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")
def clustering_cmd(path: str, fmt: str, incremental: bool, as_json: bool) -> None:
    """Cluster the articles of a labelled set into stories and score against the gold.

    Prints BCubed precision/recall/F1, pairwise F1, ARI and AMI, and the number of
    gold and predicted clusters. Items that cannot be loaded are skipped and
    listed on stderr.

    \b
    Formats:
        allsides  stories_dev.jsonl (gold: story id)
        mmds      dev.json (gold: cluster label)
        ecbplus   folder of topic folders (gold: topic/ecb or topic/ecbplus)
        jsonl     one {"text", "story", "title"?, "date"?, "outlet"?} a line

    \b
    Example:
        newsdesk eval clustering ../shared/data/allsides/stories_dev.jsonl --format allsides
        newsdesk eval clustering ../shared/data/ecbplus --format ecbplus --json
    """
    from ..cli import EXIT_FATAL
    from ..embed import EmbeddingUnavailable
    from .clustering import evaluate_clustering

    skipped: list[Skipped] = []
    try:
        items = load(path, fmt, skipped=skipped)
    except DatasetError as exc:
        raise click.UsageError(str(exc)) from exc
    _show_skipped(skipped)
    try:
        predict = _predictor(incremental=incremental)
    except EmbeddingUnavailable as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    report = evaluate_clustering(items, predict=predict)
    data = {
        "format": fmt,
        "path": path,
        "mode": "incremental" if incremental else "batch",
        **report.to_dict(),
        "n_skipped": len(skipped),
    }
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{data['n_articles']} articles ({data['n_skipped']} skipped), "
        f"{data['n_gold']} gold stories, {data['n_pred']} predicted, {data['seconds']} s"
    )
    click.echo(f"{'':<10}{'precision':>10}{'recall':>10}{'F1':>10}")
    for name, key in (("BCubed", "bcubed"), ("pairwise", "pairwise")):
        click.echo(
            f"{name:<10}{data[key + '_precision']:>10.4f}"
            f"{data[key + '_recall']:>10.4f}{data[key + '_f1']:>10.4f}"
        )
    click.echo(f"ARI {data['ari']:.4f}   AMI {data['ami']:.4f}")
    if data["n_unlabelled"]:
        click.echo(f"{data['n_unlabelled']} articles got no story (scored as singletons)")


@eval_group.command("quotes")
@click.argument("path", type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["polnear"]),
    default="polnear",
    show_default=True,
    help="Layout of the data set.",
)
@click.option(
    "--errors",
    "n_errors",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Print up to this many missed, spurious and wrong-speaker quotes, for reading.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")
def quotes_cmd(path: str, fmt: str, n_errors: int, as_json: bool) -> None:
    """Find direct quotations and their speakers in a labelled set and score them.

    PATH is a PolNeAR split folder (text/*.txt and attributions/*.ann). Gold quotes
    are the quoted strings inside annotated attribution content; a prediction
    matches one it overlaps by half of the longer. Prints precision, recall, F1
    and the speaker accuracy on matched quotes. Unreadable items are skipped and
    listed on stderr.

    \b
    Example:
        newsdesk eval quotes ../shared/data/polnear/dev --format polnear
        newsdesk eval quotes ../shared/data/polnear/dev --json
    """
    from ..extract.quotes import QuoteConfig, find_quotes
    from ..model import Quote
    from .quotes import evaluate_quotes, load_polnear

    skipped: list[Skipped] = []
    try:
        articles = load_polnear(path, skipped=skipped)
    except DatasetError as exc:
        raise click.UsageError(str(exc)) from exc
    _show_skipped(skipped)
    nlp = _nlp_or_exit()
    config = QuoteConfig()

    def find(text: str, name: str) -> list[Quote]:
        return find_quotes(nlp(text), article_id=name, config=config)

    report = evaluate_quotes(articles, find=find, keep_errors=n_errors)
    data = {"format": fmt, "path": path, **report.to_dict(), "n_skipped": len(skipped)}
    if as_json:
        if n_errors:
            data["errors"] = [e.to_dict() for e in report.errors]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{data['n_articles']} articles ({data['n_skipped']} skipped), "
        f"{data['n_gold']} gold quotes, {data['n_pred']} predicted, "
        f"{data['n_matched']} matched, {data['seconds']} s"
    )
    click.echo(f"{'':<10}{'precision':>10}{'recall':>10}{'F1':>10}")
    click.echo(
        f"{'quotes':<10}{data['precision']:>10.4f}{data['recall']:>10.4f}{data['f1']:>10.4f}"
    )
    click.echo(
        f"speaker accuracy {data['speaker_accuracy']:.4f} "
        f"({data['n_speaker_correct']}/{data['n_speaker_scored']} matched quotes "
        "with a gold source)"
    )
    for e in report.errors:
        gold = f" gold: {e.gold_speaker}" if e.gold_speaker is not None else ""
        pred = f" predicted: {e.pred_speaker}" if e.kind != "missed" else ""
        click.echo(f"[{e.kind}] {e.article}: {e.text[:120]!r}{gold}{pred}")


@eval_group.command("entities")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["ecbplus"]),
    default="ecbplus",
    show_default=True,
    help="Layout of the data set.",
)
@click.option(
    "--baseline",
    is_flag=True,
    help="Merge by exact normalised name only (the string-rules baseline).",
)
@click.option(
    "--errors",
    "n_errors",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Print up to this many split chains and merged entities, for reading.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")
def entities_cmd(path: str, fmt: str, baseline: bool, n_errors: int, as_json: bool) -> None:
    """Merge named-entity mentions across the articles of each topic and score them.

    PATH is the ECB+ folder of topic folders (or one topic folder). Each topic is
    one story; the items are the proper-name participant mentions of the gold
    cross-document chains, and each is scored by the entity its mention was
    merged into (a mention NER missed is fed in from the gold span, so the score
    measures merging). Prints pooled BCubed precision/recall/F1.

    \b
    Example:
        newsdesk eval entities ../shared/data/ecbplus --format ecbplus
        newsdesk eval entities ../shared/data/ecbplus --baseline --json
    """
    from .entities import evaluate_entities, load_ecbplus

    skipped: list[Skipped] = []
    try:
        docs = load_ecbplus(path, skipped=skipped)
    except DatasetError as exc:
        raise click.UsageError(str(exc)) from exc
    _show_skipped(skipped)
    nlp = _nlp_or_exit()
    report = evaluate_entities(docs, nlp=nlp, baseline=baseline, n_errors=n_errors)
    data = {"format": fmt, "path": path, **report.to_dict(), "n_skipped": len(skipped)}
    if as_json:
        if n_errors:
            data["errors"] = [e.to_dict() for e in report.errors]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{data['n_documents']} documents in {data['n_topics']} topics "
        f"({data['n_skipped']} skipped), {data['n_mentions']} gold name mentions "
        f"({data['n_fed_from_gold']} missed by NER, fed from the gold), "
        f"{data['n_gold']} gold entities, {data['n_pred']} predicted, {data['seconds']} s"
    )
    click.echo(f"{'':<10}{'precision':>10}{'recall':>10}{'F1':>10}")
    click.echo(
        f"{'BCubed':<10}{data['bcubed_precision']:>10.4f}"
        f"{data['bcubed_recall']:>10.4f}{data['bcubed_f1']:>10.4f}"
    )
    for e in report.errors:
        click.echo(f"[{e.kind}] {e.topic} {e.what}: {' || '.join(e.parts)}")


@eval_group.command("summary")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["allsides", "allsides-roundup"]),
    default="allsides",
    show_default=True,
    help="Layout of the data set.",
)
@click.option(
    "--words",
    type=click.IntRange(min=5),
    default=65,
    show_default=True,
    help="Word budget of every summary (newsdesk and the baselines alike).",
)
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N clusters.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON to stdout.")
def summary_cmd(path: str, fmt: str, words: int, limit: int | None, as_json: bool) -> None:
    """Summarise each cluster and score against the human reference summary.

    Prints ROUGE-1/2/Lsum F1 (rouge-score, Porter stemming, sentences
    newline-split) for newsdesk and, from the same run, two baselines: round-robin
    lead sentences and a TF-IDF centroid with maximal marginal relevance. Also the
    share of newsdesk's summary sentences with at least one citation
    (cited_fraction) and the mean number of citing articles per sentence.

    The reference is the roundup's title and text; newsdesk is scored with its
    headline line (inside the budget). `newsdesk --set summary.headline=false
    eval summary …` scores its sentences alone.

    \b
    Formats:
        allsides          stories_dev.jsonl (reference: roundup[0]; articles: the 3 outlets)
        allsides-roundup  a .source file with its .target beside it

    \b
    Example:
        newsdesk eval summary ../shared/data/allsides/roundup_val.source --format allsides-roundup
        newsdesk eval summary ../shared/data/allsides/stories_dev.jsonl --json
    """
    from ..cli import EXIT_FATAL, _state
    from ..embed import EmbeddingUnavailable, get_encoder
    from .summary import SUMMARY_LOADERS, RougeUnavailable, evaluate_summaries

    skipped: list[Skipped] = []
    try:
        items = SUMMARY_LOADERS[fmt](path, skipped=skipped)
    except DatasetError as exc:
        raise click.UsageError(str(exc)) from exc
    _show_skipped(skipped)
    items = items[:limit] if limit else items
    try:
        encoder = get_encoder()
        with click.progressbar(length=len(items), label="summarising", file=sys.stderr) as bar:
            systems = evaluate_summaries(
                items,
                encode=encoder.encode,
                config=_state().config.summary,
                words=words,
                progress=lambda _n: bar.update(1),
            )
    except (EmbeddingUnavailable, RougeUnavailable) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FATAL)
    scores = {name: s.to_dict() for name, s in systems.items()}
    data = {
        "format": fmt,
        "path": path,
        "words": words,
        **scores["newsdesk"],
        "n_skipped": len(skipped),
        "baselines": {k: v for k, v in scores.items() if k != "newsdesk"},
    }
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{data['n']} clusters ({len(skipped)} skipped), {words}-word budget")
    click.echo(f"{'system':<14}{'R1':>8}{'R2':>8}{'RLsum':>8}{'words':>8}{'max':>6}")
    for name, s in scores.items():
        click.echo(
            f"{name:<14}{s['rouge1']:>8.2f}{s['rouge2']:>8.2f}{s['rougeLsum']:>8.2f}"
            f"{s['mean_words']:>8.1f}{s['max_words']:>6}"
        )
    click.echo(
        f"cited_fraction {data['cited_fraction']:.4f}   mean_citations {data['mean_citations']:.3f}"
    )
    click.echo(
        f"headline on {100 * data['headline_fraction']:.1f}% of newsdesk's summaries "
        f"({data['mean_headline_words']:.1f} words of the budget on average)"
    )
