"""``newsdesk eval …``: measure newsdesk on real labelled data sets (paths you give)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Mapping

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
    for skip in skipped[:_SHOW_SKIPPED]:
        click.echo(f"skipped {skip.source}: {skip.reason}", err=True)
    if len(skipped) > _SHOW_SKIPPED:
        click.echo(f"skipped {len(skipped) - _SHOW_SKIPPED} more items", err=True)
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
