"""``newsdesk eval …``: measure newsdesk on real labelled data sets (paths you give)."""

from __future__ import annotations

import json
import sys

import click

from .datasets import LOADERS, DatasetError, load


@click.group("eval")
def eval_group() -> None:
    """Evaluate newsdesk's stages on public data sets.

    \b
    Example:
        newsdesk eval links ../shared/data/allsides/stories_dev.jsonl --format allsides
    """


@eval_group.command("links")
@click.argument("path", type=click.Path(exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(LOADERS)),
    default="allsides",
    show_default=True,
    help="Layout of the data set.",
)
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
