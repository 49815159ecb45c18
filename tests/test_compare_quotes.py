"""Quote variants on hand-made quotes (fictional people): each class, the
matching bars, and the word diff."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from newsdesk.model import Article, Entity, Quote, QuoteVariant
from test_compare_stage import article, entity, quote, run

LINE = "We built this harbour for the whole town and we will keep it open"
PEOPLE = [
    entity("e-varn", "Ilse Varn", aliases=["Varn"]),
    entity("e-brack", "Teo Brack", aliases=["Brack"]),
    entity("e-board", "Harbour Board", type_="ORG"),
]


def pair(
    first: str,
    second: str,
    *,
    speakers: tuple[str | None, str | None] = ("Ilse Varn", "Ilse Varn"),
    hows: tuple[str, str] = ("subject", "subject"),
    entities: Sequence[Entity] = PEOPLE,
) -> tuple[list[QuoteVariant], list[Article], list[Quote]]:
    """Two articles, one day apart, each quoting one text."""
    arts = [
        article(1, f'"{first}," she said.', published=date(2025, 3, 10)),
        article(2, f'"{second}," she said.', published=date(2025, 3, 11)),
    ]
    ids = {e.name: e.id for e in entities}
    quotes = [
        quote(a, text, speaker=who, entity=ids.get(who or ""), how=how)  # type: ignore[arg-type]
        for a, text, who, how in zip(arts, (first, second), speakers, hows, strict=True)
    ]
    return run(arts, quotes=quotes, entities=entities)["quote_variants"], arts, quotes


def one(variants: list[QuoteVariant]) -> QuoteVariant:
    shared = [v for v in variants if v.kind != "single"]
    assert len(shared) == 1, variants
    return shared[0]


def test_identical_despite_quote_marks_and_attribution_punctuation() -> None:
    v = one(
        pair(
            LINE.replace("harbour", "harbour’s dock").replace("’", "'"),
            LINE.replace("harbour", "harbour’s dock"),
        )[0]
    )
    assert v.kind == "identical"
    assert v.speaker == "Ilse Varn"
    assert [d.kind for d in v.diff] == ["identical"]


def test_benign_casing_punctuation_and_trimmed_ends() -> None:
    assert one(pair(LINE, LINE.replace("town and", "town. And"))[0]).kind == "benign"
    trimmed = "We built this harbour for the whole town"
    v = one(pair(LINE, trimmed)[0])
    assert v.kind == "benign"
    assert [(o.op, o.before) for o in v.diff[0].ops if o.op != "equal"] == [
        ("delete", "and we will keep it open")
    ]


def test_benign_dropped_handle_and_ellipsis() -> None:
    assert one(pair(LINE + " @harbourboard", LINE)[0]).kind == "benign"
    elided = "We built this harbour … and we will keep it open"
    assert one(pair(LINE, elided)[0]).kind == "benign"
    bracketed = "We built this [Kessel] harbour for the whole town and we will keep it open"
    assert one(pair(LINE, bracketed)[0]).kind == "benign"


def test_altered_words_inside_with_a_word_diff() -> None:
    changed = "We built this port for the whole town and we will keep it running"
    v = one(pair(LINE, changed)[0])
    assert v.kind == "altered"
    changes = [(o.op, o.before, o.after) for o in v.diff[0].ops if o.op != "equal"]
    assert changes == [("replace", "harbour", "port"), ("replace", "open", "running")]
    dropped = "We built this harbour for the town and we will keep it open"
    assert one(pair(LINE, dropped)[0]).kind == "altered"


def test_a_reworded_quote_of_the_same_speaker_is_altered() -> None:
    spun = "We constructed this harbour for the entire town and we are going to keep it open"
    v = one(pair(LINE, spun, speakers=("Ilse Varn", "Varn"))[0])
    assert v.kind == "altered" and v.speaker == "Ilse Varn"


def test_misattributed_needs_two_people_named_in_explicit_attributions() -> None:
    v = one(pair(LINE, LINE, speakers=("Ilse Varn", "Teo Brack"))[0])
    assert v.kind == "misattributed"
    assert [(d.speaker, d.kind) for d in v.diff] == [("Teo Brack", "misattributed")]
    # A pronoun resolution can be wrong itself: not evidence of misattribution.
    v = one(pair(LINE, LINE, speakers=("Ilse Varn", "Teo Brack"), hows=("subject", "pronoun"))[0])
    assert v.kind == "identical"
    # A spokesperson speaks for an organisation.
    v = one(pair(LINE, LINE, speakers=("Ilse Varn", "Harbour Board"))[0])
    assert v.kind == "identical"


def test_unknown_speaker_matches_by_the_words_alone() -> None:
    v = one(pair(LINE + " @harbourboard", LINE, speakers=("Ilse Varn", None))[0])
    assert v.kind == "benign" and v.speaker == "Ilse Varn"
    # A loosely similar quote with no known speaker is not the same quotation.
    spun = "We constructed this harbour for the entire town and we are going to keep it open"
    variants = pair(LINE, spun, speakers=("Ilse Varn", None))[0]
    assert [v.kind for v in variants] == ["single", "single"]


def test_different_speakers_with_different_words_do_not_match() -> None:
    other = "The harbour is too expensive for the whole town to keep open"
    variants = pair(LINE, other, speakers=("Ilse Varn", "Teo Brack"))[0]
    assert sorted(v.kind for v in variants) == ["single", "single"]


def test_single_outlet_quotes_are_listed_as_such() -> None:
    a = article(
        1, f'"{LINE}," Varn said. "Another thing entirely," Brack said.', outlet="Kessel Post"
    )
    b = article(2, f'"{LINE}," Varn said.', outlet="Kessel Post")  # same outlet
    quotes = [
        quote(a, LINE, speaker="Varn", entity="e-varn"),
        quote(a, "Another thing entirely", speaker="Brack", entity="e-brack"),
        quote(b, LINE, speaker="Varn", entity="e-varn"),
    ]
    variants = run([a, b], quotes=quotes, entities=PEOPLE)["quote_variants"]
    assert sorted(v.kind for v in variants) == ["single", "single"]
    shared = next(v for v in variants if len(v.quote_ids) == 2)
    assert shared.diff == () and set(shared.article_ids) == {a.id, b.id}


def test_a_quote_split_by_its_attribution_matches_the_whole() -> None:
    first, second = "We built this harbour for the whole town", "and we will keep it open"
    a = article(1, f'"{LINE}," Varn said.', published=date(2025, 3, 10))
    b = article(2, f'"{first}," Varn said, "{second}."', published=date(2025, 3, 11))
    head = quote(b, first, speaker="Varn", entity="e-varn")
    quotes = [
        quote(a, LINE, speaker="Varn", entity="e-varn"),
        head,
        quote(b, second, speaker="Varn", entity="e-varn", how="carried", part_of=head.id),
    ]
    v = one(run([a, b], quotes=quotes, entities=PEOPLE)["quote_variants"])
    assert v.kind == "identical"
    assert len(v.quote_ids) == 3


def test_consecutive_quotes_of_one_speaker_are_one_quotation() -> None:
    first, second = "The water rose fast tonight", "Crews held the line until dawn"
    a = article(1, f'"{first}. {second}," said Varn.', published=date(2025, 3, 10))
    b = article(2, f'"{first}," Chief Ilse Varn said. "{second}."', published=date(2025, 3, 11))
    quotes = [
        quote(a, f"{first}. {second},", speaker="Varn", entity="e-varn"),
        quote(b, f"{first},", speaker="Ilse Varn", entity="e-varn"),
        quote(b, f"{second}.", speaker="Ilse Varn", entity="e-varn", how="carried"),
    ]
    v = one(run([a, b], quotes=quotes, entities=PEOPLE)["quote_variants"])
    assert v.kind == "identical"
    # A partial quote inside a new sentence is not a continuation.
    c = article(3, f'"{first}," Varn said. She thanked "{second}."', published=date(2025, 3, 11))
    quotes = [
        quote(a, f"{first}. {second},", speaker="Varn", entity="e-varn"),
        quote(c, f"{first},", speaker="Varn", entity="e-varn"),
        quote(c, f"{second}.", speaker="Varn", entity="e-varn", how="pronoun"),
    ]
    v = one(run([a, c], quotes=quotes, entities=PEOPLE)["quote_variants"])
    # Each part matches on its own, as a trimmed quotation of the whole.
    assert v.kind == "benign" and len(v.quote_ids) == 3
