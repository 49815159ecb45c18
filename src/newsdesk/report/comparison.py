"""The comparison part of a story card: discrepancies, quote variants with word
diffs, the agreement table and what each outlet alone reports.

Built from the export document (so the report says what the JSON says) as plain
strings; the template escapes every one of them. A word diff is a list of runs
(kept, dropped, added), never pre-rendered HTML: article text is untrusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model import Article


@dataclass(frozen=True, slots=True)
class ValueView:
    value: str
    texts: tuple[str, ...]
    outlets: tuple[tuple[str, str], ...]  # (article id, outlet shown)


@dataclass(frozen=True, slots=True)
class DiscrepancyView:
    kind: str
    severity: str
    description: str
    values: tuple[ValueView, ...]


@dataclass(frozen=True, slots=True)
class DiffView:
    article_id: str
    outlet: str
    kind: str
    speaker: str | None
    runs: tuple[tuple[str, str, str], ...]  # (op, before, after)


@dataclass(frozen=True, slots=True)
class VariantView:
    kind: str
    speaker: str | None
    text: str  # the reference quotation, as its article printed it
    outlet: str
    article_id: str
    diffs: tuple[DiffView, ...]


@dataclass(frozen=True, slots=True)
class FactRow:
    subject: str
    predicate: str
    value: str
    agreement: str
    outlets: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class StoryComparison:
    discrepancies: tuple[DiscrepancyView, ...]
    variants: tuple[VariantView, ...]
    singles: int  # quotations only one outlet has
    facts: tuple[FactRow, ...]
    unique: tuple[tuple[str, tuple[FactRow, ...]], ...]

    @property
    def empty(self) -> bool:
        return not (self.discrepancies or self.variants or self.facts or self.unique)


def _outlets(ids: list[str], outlet_of: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((aid, outlet_of.get(aid) or aid[:8]) for aid in ids)


def _fact_row(f: Mapping[str, Any], outlet_of: Mapping[str, str]) -> FactRow:
    texts = f.get("texts") or []
    return FactRow(
        subject=f["subject"] or "(the story)",
        predicate=f["predicate"],
        value=texts[0] if texts and f["kind"] not in ("credit", "role") else f["value"],
        agreement=f["agreement"],
        outlets=_outlets(f["article_ids"], outlet_of),
    )


def story_comparisons(
    doc: Mapping[str, Any], articles: Mapping[str, Article]
) -> dict[str, StoryComparison]:
    outlet_of = {aid: a.outlet or "" for aid, a in articles.items()}
    quotes = {q["id"]: q for q in doc["quotes"]}
    discrepancies: dict[str, list[DiscrepancyView]] = {}
    for d in doc["discrepancies"]:
        discrepancies.setdefault(d["story_id"], []).append(
            DiscrepancyView(
                kind=d["kind"],
                severity=d["severity"],
                description=d["description"],
                values=tuple(
                    ValueView(v["value"], tuple(v["texts"]), _outlets(v["article_ids"], outlet_of))
                    for v in d["values"]
                ),
            )
        )
    variants: dict[str, list[VariantView]] = {}
    singles: dict[str, int] = {}
    for v in doc["quote_variants"]:
        sid = v["story_id"]
        if v["kind"] == "single":
            singles[sid] = singles.get(sid, 0) + 1
            continue
        ref = quotes.get(v["quote_ids"][0]) if v["quote_ids"] else None
        ref_id = ref["article_id"] if ref else ""
        variants.setdefault(sid, []).append(
            VariantView(
                kind=v["kind"],
                speaker=v["speaker"],
                text=" ".join(
                    quotes[q]["text"]
                    for q in v["quote_ids"]
                    if q in quotes and quotes[q]["article_id"] == ref_id
                ),
                outlet=outlet_of.get(ref_id) or ref_id[:8],
                article_id=ref_id,
                diffs=tuple(
                    DiffView(
                        article_id=(aid := quotes.get(x["quote_id"], {}).get("article_id", "")),
                        outlet=outlet_of.get(aid) or aid[:8],
                        kind=x["kind"],
                        speaker=x["speaker"],
                        runs=tuple((o["op"], o["before"], o["after"]) for o in x["ops"]),
                    )
                    for x in v["diff"]
                ),
            )
        )
    out = {}
    for story in doc["stories"]:
        sid = story["id"]
        unique: dict[str, list[FactRow]] = {}
        for f in story.get("unique_facts", []):
            unique.setdefault(f["outlet"], []).append(_fact_row(f, outlet_of))
        out[sid] = StoryComparison(
            discrepancies=tuple(discrepancies.get(sid, ())),
            variants=tuple(variants.get(sid, ())),
            singles=singles.get(sid, 0),
            facts=tuple(_fact_row(f, outlet_of) for f in story.get("facts", [])),
            unique=tuple((o, tuple(rows)) for o, rows in unique.items()),
        )
    return out
