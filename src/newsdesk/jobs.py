"""Jobs: what connects readers, the pipeline and the store.

The CLI, the web app and the batch mode all call these, so an ingest behaves the
same wherever it is started. Stages stay pure; the I/O is here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, TypeVar

import numpy as np

from . import __version__
from .config import Config
from .extract.stage import extractor_version
from .ingest import read_paths
from .model import Document, IngestError
from .outlets import canonical_outlets
from .pipeline import Pipeline, StageTiming
from .stages import CORPUS_STAGES, INGEST_STAGES
from .store import Store

T = TypeVar("T")
log = logging.getLogger("newsdesk")


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


class CachedEmbedder:
    """Sentence embeddings through a cache keyed by (model, text).

    ``lookup`` reads cached vectors (the store's); new vectors are kept in
    ``new`` for the caller to persist, so the stage that calls ``encode`` stays
    free of I/O of its own.
    """

    def __init__(
        self,
        encode: Callable[[Sequence[str]], np.ndarray],
        *,
        lookup: Callable[[Sequence[str]], dict[str, bytes]],
        model_id: str,
    ) -> None:
        self._encode = encode
        self._lookup = lookup
        self._model = model_id
        self.new: dict[str, bytes] = {}
        self.hits = 0

    def _key(self, text: str) -> str:
        return hashlib.blake2b(f"{self._model}\0{text}".encode(), digest_size=16).hexdigest()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        # Only this call's keys are looked at: copying or re-hashing everything
        # embedded so far on every call grew with the run (and doubled the memory).
        known = self._lookup(sorted({k for k in keys if k not in self.new}))
        missing = sorted(
            {
                k: t
                for k, t in zip(keys, texts, strict=True)
                if k not in known and k not in self.new
            }.items()
        )
        if missing:
            vectors = self._encode([t for _, t in missing])
            for (key, _), vec in zip(missing, vectors, strict=True):
                self.new[key] = np.asarray(vec, dtype=np.float32).tobytes()
            del vectors
        self.hits += len(keys) - len(missing)
        if not keys:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack(
            [np.frombuffer(self.new.get(k) or known[k], dtype=np.float32) for k in keys]
        )


@dataclass(slots=True)
class AnalysisSummary:
    articles: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, StageTiming] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _embedder(store: Store) -> CachedEmbedder | None:
    from .embed import EmbeddingUnavailable, get_encoder

    try:
        encoder = get_encoder()
    except EmbeddingUnavailable as exc:
        log.warning("%s; rewrites will not be detected", exc)
        return None
    return CachedEmbedder(encoder.encode, lookup=store.embeddings, model_id="all-MiniLM-L6-v2")


def _nlp() -> Any:
    from .extract.nlp import NLPUnavailable, get_nlp

    try:
        return get_nlp()
    except NLPUnavailable as exc:
        log.warning("%s", exc)
        return None


def analyze(store: Store, *, config: Config) -> AnalysisSummary:
    """Run the corpus-level stages over every stored article and persist results."""
    articles = store.articles()
    # One name per outlet before anything counts outlets (see outlets.py).
    if renamed := canonical_outlets(a.outlet for a in articles):
        store.rename_outlets(renamed)
        articles = [
            dataclasses.replace(a, outlet=renamed[a.outlet]) if a.outlet in renamed else a
            for a in articles
        ]
    summary = AnalysisSummary(articles=len(articles))
    names = [n for n in CORPUS_STAGES if not config.pipeline.stages or n in config.pipeline.stages]
    if not names:
        return summary
    embedder = _embedder(store)
    if embedder is None:
        summary.notes.append("embedding model not installed: rewrite detection skipped")
    nlp = _nlp() if {"extract", "entities"} & set(names) else None
    if nlp is None and "extract" in names:
        summary.notes.append("spaCy English model not installed: entities, quotes, claims skipped")
    version = extractor_version(config.extract)
    state: dict[str, Any] = {
        "articles": articles,
        "embedder": embedder.encode if embedder is not None else None,
        "story_prior": store.story_assignments(),
        "nlp": nlp,
        # Every cached extraction is a JSON read per article: only when extract runs.
        "extraction_prior": store.extractions(version=version) if "extract" in names else {},
        "stories": store.stories(),
    }
    if "compare" in names:
        # Comparing alone (``pipeline.stages = ["compare"]``) works on what the
        # earlier stages stored.
        if "dedup" not in names:
            state["links"] = store.links()
        if "entities" not in names:
            state.update(entities=store.entities(), quotes=store.quotes(), claims=store.claims())
    if "summarize" in names:
        # Summarising alone works on what the earlier stages stored.
        if "dedup" not in names:
            state.setdefault("links", store.links())
        if "entities" not in names:
            state.setdefault("claims", store.claims())
        if "compare" not in names:
            state.update(facts=store.facts(), discrepancies=store.discrepancies())
    pipeline = Pipeline.from_names(names, inputs=tuple(state))
    result = pipeline.run(state, config=config, timings=summary.timings)
    if "extractions" in result.state:
        prior = state["extraction_prior"]
        store.put_extractions(
            [x for x in result.state["extractions"] if x.article_id not in prior],
            version=version,
        )
    if "entities" in names:
        store.replace_extraction(
            entities=result.state["entities"],
            quotes=result.state["quotes"],
            claims=result.state["claims"],
        )
        for key in ("entities", "quotes", "claims"):
            summary.counts[key] = len(result.state[key])
    if "compare" in names:
        store.replace_comparison(
            facts=result.state["facts"],
            discrepancies=result.state["discrepancies"],
            quote_variants=result.state["quote_variants"],
        )
        summary.counts["discrepancies"] = len(result.state["discrepancies"])
        # Quotes only one outlet has are listed too, but are not variants.
        summary.counts["quote variants"] = sum(
            v.kind != "single" for v in result.state["quote_variants"]
        )
    if "summarize" in names:
        store.replace_summaries(result.state["summaries"])
        summary.counts["summaries"] = len(result.state["summaries"])
    if "links" in result.state and "dedup" in names:
        store.replace_links(result.state["links"])
        summary.counts["links"] = len(result.state["links"])
    if "cluster" in names or "summarize" in names:
        store.replace_stories(result.state["stories"])
        summary.counts["stories"] = len(result.state["stories"])
    if embedder is not None and embedder.new:
        store.put_embeddings(embedder.new)
    return summary
