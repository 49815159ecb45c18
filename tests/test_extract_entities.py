"""Named entities: mention extraction on invented text, merging rules on invented
mentions, and the reference seeds (one story of four articles)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from newsdesk.extract.entities import EntityConfig, article_mentions, name_key, span_mention
from newsdesk.extract.merge import entity_at, merge_entities
from newsdesk.model import Entity, Mention, content_id

CONFIG = EntityConfig()


class _Writer:
    """Mentions laid out one after another, as if in an article's text."""

    def __init__(self) -> None:
        self.at: dict[str, int] = {}

    def __call__(self, article: str, text: str, label: str = "PERSON") -> Mention:
        start = self.at.get(article, 0)
        self.at[article] = start + len(text) + 10
        return Mention(article, start, start + len(text), text, label)


def _by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def _mentions(nlp: Any, text: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(m.text, m.label) for m in article_mentions(doc, article_id="a1", config=CONFIG)]


# --------------------------------------------------------------------------- name_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The F.B.I.'s", "fbi"),
        ("U. S.", "us"),
        ("Mr. Oren Vale", "oren vale"),
        ("Oren Vale’s", "oren vale"),
        ("TOM  Wrenfield", "tom wrenfield"),
        ("Zoë Brannigan", "zoe brannigan"),
        ("Quillon Corp.", "quillon"),
        ("Arlo Pike Jr.", "arlo pike"),
        ("Top Gun: Halcyon", "top gun halcyon"),
        # Titles of persons are not stripped from other names.
        ("General Motors", "general motors"),
    ],
)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


def test_name_key_strips_titles_of_a_person_only_when_asked() -> None:
    assert name_key("President Ilse Marrow") == "president ilse marrow"
    assert name_key("President Ilse Marrow", person=True) == "ilse marrow"


# --------------------------------------------------------------------------- merging


def test_partial_names_join_the_unique_full_name() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Marisol Quenby"),
        w("a1", "Quenby"),
        w("a2", "Quenby"),  # no full name in this article: the story-wide rule joins it
        w("a2", "Paramount Lanes", "ORG"),
        w("a3", "Paramount", "ORG"),
    ]
    entities = _by_name(merge_entities(mentions, story_id="s1", config=CONFIG))
    assert set(entities) == {"Marisol Quenby", "Paramount Lanes"}
    assert entities["Marisol Quenby"].aliases == ("Quenby",)
    assert len(entities["Marisol Quenby"].mentions) == 3
    assert entities["Paramount Lanes"].aliases == ("Paramount",)


def test_two_people_of_one_surname_keep_a_bare_surname_apart() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Dara Whitlock"),
        w("a2", "Perrin Whitlock"),
        w("a3", "Whitlock"),  # either of them: not guessed
    ]
    entities = _by_name(merge_entities(mentions, story_id="s1", config=CONFIG))
    assert set(entities) == {"Dara Whitlock", "Perrin Whitlock", "Whitlock"}
    assert [m.article_id for m in entities["Whitlock"].mentions] == ["a3"]


def test_a_surname_after_the_full_name_in_its_article_is_that_person() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Dara Whitlock"),
        w("a2", "Perrin Whitlock"),
        # NER often labels a bare surname as a place: the article's person decides.
        w("a2", "Whitlock", "GPE"),
        w("a3", "Whitlock"),
    ]
    entities = _by_name(merge_entities(mentions, story_id="s1", config=CONFIG))
    assert [m.article_id for m in entities["Perrin Whitlock"].mentions] == ["a2", "a2"]
    assert entities["Perrin Whitlock"].type == "PERSON"
    # The mention keeps what NER said.
    assert {m.label for m in entities["Perrin Whitlock"].mentions} == {"PERSON", "GPE"}
    assert [m.article_id for m in entities["Whitlock"].mentions] == ["a3"]


def test_a_surname_ner_is_unsure_of_joins_the_person() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Jack Kettleby"),
        w("a2", "Kettleby", "ORG"),  # an unfamiliar word: NER labels it at random
        w("a3", "Kettleby", "NORP"),
    ]
    (entity,) = merge_entities(mentions, story_id="s1", config=CONFIG)
    assert entity.type == "PERSON"
    # A name NER labels one way, again and again, is that type.
    places = [w("a1", "Jack Lindenport"), *(w(f"b{i}", "Lindenport", "GPE") for i in range(3))]
    assert len(merge_entities(places, story_id="s1", config=CONFIG)) == 2


def test_acronym_joins_the_name_with_its_initials() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Coastal Bureau of Investigation", "ORG"),
        w("a2", "CBI", "ORG"),
        w("a2", "THR", "ORG"),
        w("a3", "The Harbor Reporter", "ORG"),
    ]
    entities = _by_name(merge_entities(mentions, story_id="s1", config=CONFIG))
    assert set(entities) == {"Coastal Bureau of Investigation", "The Harbor Reporter"}
    assert entities["Coastal Bureau of Investigation"].aliases == ("CBI",)
    assert entities["The Harbor Reporter"].aliases == ("THR",)


def test_acronym_with_two_possible_long_forms_stays_apart() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Coastal Bureau of Investigation", "ORG"),
        w("a1", "Central Bank of Ireland", "ORG"),
        w("a2", "CBI", "ORG"),
    ]
    entities = _by_name(merge_entities(mentions, story_id="s1", config=CONFIG))
    assert "CBI" in entities
    assert len(entities) == 3


def test_spelling_variant_is_recorded_with_its_articles() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Harriet Folkestone"),
        w("a2", "Harriet Folkestone"),
        w("a3", "Harriet Folkstone"),
        w("a3", "Folkstone"),
    ]
    (entity,) = merge_entities(mentions, story_id="s1", config=CONFIG)
    assert entity.name == "Harriet Folkestone"
    assert [(v.spelling, v.article_ids) for v in entity.variants] == [
        ("Folkstone", ("a3",)),
        ("Harriet Folkstone", ("a3",)),
    ]
    assert entity.aliases == ()


def test_short_or_different_words_are_not_variants() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Jon Tallis"),
        w("a2", "Jan Tallis"),  # short first names: two people
        w("a3", "Rosa Brennard"),
        w("a4", "Rosa Brenner"),  # two edits on an 8-letter word
        w("a5", "Marlowe Quist"),
        w("a6", "Barlowe Quist"),  # another first letter
    ]
    entities = merge_entities(mentions, story_id="s1", config=CONFIG)
    assert len(entities) == 6
    assert all(not e.variants for e in entities)


def test_variants_can_be_switched_off() -> None:
    w = _Writer()
    mentions = [w("a1", "Harriet Folkestone"), w("a2", "Harriet Folkstone")]
    config = EntityConfig(merge_variants=False)
    assert len(merge_entities(mentions, story_id="s1", config=config)) == 2


def test_the_name_shown_avoids_capitals_of_a_headline() -> None:
    w = _Writer()
    mentions = [w("a1", "OREN VALE"), w("a1", "OREN VALE"), w("a2", "Oren Vale")]
    (entity,) = merge_entities(mentions, story_id="s1", config=CONFIG)
    assert entity.name == "Oren Vale" and entity.aliases == ()


def test_label_disagreement_is_settled_by_majority() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Brackwater", "ORG"),
        w("a2", "Brackwater", "ORG"),
        w("a3", "Brackwater", "PERSON"),
    ]
    (entity,) = merge_entities(mentions, story_id="s1", config=CONFIG)
    assert entity.type == "ORG"
    assert entity.id == content_id(b"entity\0s1\0ORG\0Brackwater")


def test_full_forms_of_one_person_join() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Frederick C. Pellow"),
        w("a2", "Frederick Cheney Pellow"),
        w("a3", "Fred Pellow"),
        w("a4", "Pellow"),
    ]
    entities = merge_entities(mentions, story_id="s1", config=CONFIG)
    assert len(entities) == 1
    assert len(entities[0].mentions) == 4


def test_titles_of_works_have_no_partial_names() -> None:
    w = _Writer()
    mentions = [w("a1", "Top Gun: Halcyon", "WORK_OF_ART"), w("a2", "Top Gun", "WORK_OF_ART")]
    assert len(merge_entities(mentions, story_id="s1", config=CONFIG)) == 2


def test_a_name_is_not_part_of_a_name_of_another_type() -> None:
    w = _Writer()
    mentions = [
        w("a1", "Lindenport", "GPE"),
        w("a2", "Lindenport", "GPE"),
        w("a3", "Lindenport Ledger", "ORG"),
    ]
    assert len(merge_entities(mentions, story_id="s1", config=CONFIG)) == 2


def test_entities_are_stable_and_mentions_sorted() -> None:
    w = _Writer()
    mentions = [
        w("b2", "Ilse Marrow"),
        w("a1", "Marrow"),
        w("a1", "Ilse Marrow"),
        w("a1", "Port Calder", "GPE"),
    ]
    one = merge_entities(mentions, story_id="s9", config=CONFIG)
    two = merge_entities(list(reversed(mentions)), story_id="s9", config=CONFIG)
    assert one == two
    marrow = one[0]
    assert marrow.name == "Ilse Marrow"
    assert [(m.article_id, m.start) for m in marrow.mentions] == sorted(
        (m.article_id, m.start) for m in marrow.mentions
    )
    assert marrow.id == content_id(b"entity\0s9\0PERSON\0Ilse Marrow")
    assert marrow.story_id == "s9"
    # The same names in another story are other entities.
    assert merge_entities(mentions, story_id="s8", config=CONFIG)[0].id != marrow.id


def test_entity_at_links_a_span_to_its_entity() -> None:
    w = _Writer()
    quenby, vale = w("a1", "Marisol Quenby"), w("a1", "Oren Vale")
    entities = merge_entities([quenby, vale], story_id="s1", config=CONFIG)
    found = entity_at(entities, article_id="a1", start=vale.start + 2, end=vale.end + 5)
    assert found is not None and found.name == "Oren Vale"
    assert entity_at(entities, article_id="a2", start=vale.start, end=vale.end) is None
    assert entity_at(entities, article_id="a1", start=vale.end + 1, end=vale.end + 4) is None


# --------------------------------------------------------------------------- mentions


def test_titles_determiners_and_possessives_are_trimmed(nlp: Any) -> None:
    found = _mentions(
        nlp,
        "Mr. Oren Vale met President Ilse Marrow in Port Calder on Tuesday, and the "
        "Harborview Orchestra's conductor praised Marrow's speech.",
    )
    assert ("Oren Vale", "PERSON") in found
    assert ("Ilse Marrow", "PERSON") in found
    assert ("Harborview Orchestra", "ORG") in found
    assert "Marrow" in [text for text, _ in found]  # "Marrow's", labelled as NER likes
    # Dates and numbers are claims, not entities.
    assert all(label not in ("DATE", "CARDINAL") for _, label in found)


def test_roles_are_not_part_of_a_name(nlp: Any) -> None:
    found = _mentions(nlp, "Composer Harriet Folkestone wrote the score for the film.")
    assert found == [("Harriet Folkestone", "PERSON")]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("With songs like her award-winning duet ‘Tides’, she ruled the charts.", "Tides"),
        ("She performed the single ‘Run’ at the Lindenport Arena.", "Run"),
        ("The film ‘Quiet Harbor’ opened on Friday.", "Quiet Harbor"),
        ("Listen to the album “Blue” now.", "Blue"),
    ],
)
def test_quoted_title_after_a_cue_word_is_a_work(nlp: Any, text: str, title: str) -> None:
    assert (title, "WORK_OF_ART") in _mentions(nlp, text)


def test_quoted_words_that_are_not_title_case_are_not_a_title(nlp: Any) -> None:
    found = _mentions(nlp, "Oren Vale called the film “a Quiet Triumph” and the song “Tides” fine.")
    assert found == [("Oren Vale", "PERSON"), ("Tides", "WORK_OF_ART")]


def test_credit_lists_name_their_makers(nlp: Any) -> None:
    assert _mentions(nlp, "Additional production by Tarn Oakes.") == [("Tarn Oakes", "PERSON")]
    assert _mentions(nlp, "Additional production by Hollow Bright Ensemble.") == [
        ("Hollow Bright Ensemble", "ORG")
    ]


def test_a_quote_mark_inside_a_span_cuts_it(nlp: Any) -> None:
    found = _mentions(nlp, "Wren hired “Salt Orchard’s” Tobias Renwick to score the sequel.")
    texts = [t for t, _ in found]
    assert "Tobias Renwick" in texts
    assert not any("’s" in t or "”" in t for t in texts)


def test_headline_spans_are_cut_to_names_the_body_knows(nlp: Any) -> None:
    found = _mentions(
        nlp,
        "Renwick Signs With Lindenport Rovers\n\n"
        "Tobias Renwick signed a contract with the Lindenport Rovers on Monday.",
    )
    assert [t for t, _ in found] == ["Renwick", "Tobias Renwick", "Lindenport Rovers"]
    found = _mentions(nlp, "Marisol Quenby Returns To Stage\n\nQuenby returns to the stage in May.")
    assert [t for t, _ in found] == ["Marisol Quenby", "Quenby"]


def test_a_persons_name_ends_at_a_possessive(nlp: Any) -> None:
    found = _mentions(nlp, "She gave the track to the soundtrack of Tom’s Salt Orchard sequel.")
    assert found == [("Tom", "PERSON")]


def test_mentions_are_sorted_and_do_not_overlap(nlp: Any) -> None:
    doc = nlp("Dara Whitlock and Oren Vale visited Lindenport and Port Calder in May.")
    mentions = article_mentions(doc, article_id="a1", config=CONFIG)
    spans = [(m.start, m.end) for m in mentions]
    assert spans == sorted(spans)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
    assert all(doc.text[m.start : m.end] == m.text for m in mentions)


def test_span_mention_trims_a_given_span(nlp: Any) -> None:
    doc = nlp("The court heard lawyer Mark Heller on Friday.")
    start = doc.text.index("lawyer")
    mention = span_mention(doc, article_id="a1", start=start, end=start + len("lawyer Mark Heller"))
    assert mention is not None and mention.text == "Mark Heller"
    assert span_mention(doc, article_id="a1", start=4, end=9) is None  # "court"


# --------------------------------------------------------------------------- seeds


def test_seed_story_entities(nlp: Any, seed_articles: Any) -> None:
    mentions = [
        m
        for art in seed_articles.values()
        for m in article_mentions(nlp(art.text), article_id=art.id, config=CONFIG)
    ]
    entities = _by_name(merge_entities(mentions, story_id="seeds", config=CONFIG))
    for name in (
        "Lady Gaga",
        "Tom Cruise",
        "Top Gun: Maverick",
        "Hold My Hand",
        "BloodPop",
        "Benjamin Rice",
        "Hans Zimmer",
        "Harold Faltermeyer",
        "Lorne Balfe",
        "Kenny Loggins",
        "Paramount Pictures",
        "Las Vegas",
    ):
        assert name in entities, name
    assert "Gaga" not in entities
    assert "Gaga" in entities["Lady Gaga"].aliases
    assert entities["Lady Gaga"].type == "PERSON"
    assert entities["Hans Zimmer"].type == "PERSON"
    assert entities["Hold My Hand"].type == "WORK_OF_ART"
    (variant,) = entities["Harold Faltermeyer"].variants
    assert variant.spelling == "Harold Faltemeyer"
    assert variant.article_ids == (seed_articles["002"].id,)
    assert "Paramount" in entities["Paramount Pictures"].aliases
    # Every mention is the text at its offsets.
    texts = {art.id: art.text for art in seed_articles.values()}
    for entity in entities.values():
        for m in entity.mentions:
            assert texts[m.article_id][m.start : m.end] == m.text
