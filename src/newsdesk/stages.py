"""The built-in stages, registered in order. This is the one place to read the pipeline.

Per article, as documents stream in:

1. ``clean``  Document -> Article: drop reader-consumed header lines and boilerplate
   (recording every removal), normalise Unicode, find paragraphs and sentences.

Over the whole corpus, after ingest:

2. ``dedup``  articles -> links: exact and near-duplicates (MinHash/LSH), rewrites
   (sentence alignment by meaning), and which article is the source.

3. ``cluster``  articles -> stories: online average-link clustering on meaning,
   rare words and time; ids stable across runs.

4. ``extract``  articles -> extractions: per article, one spaCy parse feeds the
   entity, quote and claim extractors (cached per article and extractor version).

5. ``entities``  extractions + stories -> entities, quotes, claims: mentions merged
   into entities per story; quote speakers and claim subjects linked to them.

6. ``compare``  stories + links + entities, quotes, claims -> facts, discrepancies,
   quote variants: what the story's outlets agree on (counted once per
   independent origin), where their values conflict beyond the tolerance rules,
   and how each outlet quotes the same words.

7. ``summarize``  stories + links + facts, discrepancies, claims -> summaries
   (and stories, each titled by its summary's headline): a short extractive
   summary per story; every sentence cites the articles that back it, and a
   disputed fact carries a note saying how reports differ.
"""

from __future__ import annotations

from .clean import CleanConfig, clean
from .cluster import cluster_stage
from .compare import compare_stage
from .dedup import detect_links
from .errors import msg
from .extract.stage import extract_stage, link_stage
from .lang import detect_language
from .model import Article, Document, IngestError
from .pipeline import Stage, register
from .segment import split_sentences
from .summarize import summarize_stage


def clean_document(doc: Document, *, config: CleanConfig) -> Article | IngestError:
    cleaned = clean(doc.text, skip=doc.consumed, config=config)
    if not cleaned.text.strip():
        return IngestError(path=doc.source, reason=msg("E113"), code="E113", raw=doc.raw)
    return Article(
        id=doc.id,
        path=doc.source,
        format=doc.format,
        text=cleaned.text,
        source_text=doc.text,
        title=doc.title,
        author=doc.author,
        published=doc.published,
        url=doc.url,
        outlet=doc.outlet,
        language=doc.language or detect_language(cleaned.text),
        paragraphs=cleaned.paragraphs,
        sentences=split_sentences(cleaned.text, cleaned.paragraphs),
        removals=cleaned.removals,
        raw=doc.raw,
    )


CLEAN = register(
    Stage(
        name="clean",
        func=clean_document,
        requires=("documents",),
        assigns=("articles",),
        per_item=True,
        config_section="clean",
        description="remove boilerplate, normalise text, split paragraphs and sentences",
    )
)

DEDUP = register(
    Stage(
        name="dedup",
        func=detect_links,
        requires=("articles", "embedder"),
        assigns=("links",),
        config_section="dedup",
        description="duplicates, near-duplicates and rewrites, with their direction",
    )
)

# Stages that run on each batch as documents stream in; corpus-level stages run
# afterwards over everything in the store.
INGEST_STAGES: tuple[str, ...] = ("clean",)
CLUSTER = register(
    Stage(
        name="cluster",
        func=cluster_stage,
        requires=("articles", "embedder", "story_prior"),
        assigns=("stories",),
        config_section="cluster",
        description="group articles into stories, incrementally, with stable ids",
    )
)

EXTRACT = register(
    Stage(
        name="extract",
        func=extract_stage,
        requires=("articles", "nlp", "extraction_prior"),
        assigns=("extractions",),
        config_section="extract",
        description="named entities, quotes with speakers, and claims, per article",
    )
)

ENTITIES = register(
    Stage(
        name="entities",
        func=link_stage,
        requires=("extractions", "stories"),
        assigns=("entities", "quotes", "claims"),
        config_section="extract",
        description="merge entities across a story's articles; link speakers and subjects",
    )
)

COMPARE = register(
    Stage(
        name="compare",
        func=compare_stage,
        requires=("articles", "stories", "links", "entities", "quotes", "claims"),
        assigns=("facts", "discrepancies", "quote_variants"),
        config_section="compare",
        description="corroborated facts, discrepancies and quote variants across outlets",
    )
)

SUMMARIZE = register(
    Stage(
        name="summarize",
        func=summarize_stage,
        requires=(
            "articles",
            "stories",
            "links",
            "embedder",
            "facts",
            "discrepancies",
            "claims",
        ),
        assigns=("summaries", "stories"),
        config_section="summary",
        description="a short summary per story, every sentence citing the articles behind it",
    )
)

CORPUS_STAGES: tuple[str, ...] = (
    "dedup",
    "cluster",
    "extract",
    "entities",
    "compare",
    "summarize",
)
