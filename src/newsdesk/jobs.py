"""Jobs: what connects readers, the pipeline and the store.

The CLI, the web app and the batch mode all call these, so an ingest behaves the
same wherever it is started. Stages stay pure; the I/O is here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO, TypeVar

from . import __version__
from .config import Config
from .ingest import read_paths
from .model import Document, IngestError
from .pipeline import Pipeline, StageTiming
from .stages import INGEST_STAGES
from .store import Store

T = TypeVar("T")


@dataclass(slots=True)
class IngestSummary:
    run_id: int
    articles: int = 0
    new: int = 0
    errors: list[IngestError] = field(default_factory=list)
    timings: dict[str, StageTiming] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def ingest(
    store: Store,
    paths: Sequence[str],
    *,
    config: Config,
    command: str,
    stdin: BinaryIO | None = None,
    on_item: Callable[[Document | IngestError], None] | None = None,
) -> IngestSummary:
    """Read ``paths``, run the per-article stages in batches, persist everything.

    Errors never stop the run: each is stored with its original bytes and
    returned in the summary.
    """
    run_id = store.begin_run(command=command, config=config.to_dict(), version=__version__)
    summary = IngestSummary(run_id=run_id)
    pipeline = Pipeline.from_names(INGEST_STAGES, inputs=("documents",))
    status = "failed"
    try:
        for batch in _batched(
            read_paths(paths, config=config.ingest, stdin=stdin), config.pipeline.batch_size
        ):
            docs: list[Document] = []
            errors: list[IngestError] = []
            for item in batch:
                if isinstance(item, Document):
                    docs.append(item)
                else:
                    errors.append(item)
                if on_item is not None:
                    on_item(item)
            result = pipeline.run({"documents": docs}, config=config, timings=summary.timings)
            errors.extend(result.errors)
            articles = result.state["articles"]
            summary.new += store.add_articles(articles, run_id=run_id)
            summary.articles += len(articles)
            store.add_errors(errors, run_id=run_id)
            summary.errors.extend(errors)
        status = "completed with errors" if summary.errors else "ok"
    finally:
        store.finish_run(
            run_id,
            status=status,
            n_articles=summary.articles,
            n_new=summary.new,
            n_errors=len(summary.errors),
        )
    return summary
