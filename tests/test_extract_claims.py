"""Claims: structured, normalised facts with subject, predicate, value and offsets.

The sentences here are invented (fictional people and places); the seed tests assert
only values and short names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from newsdesk.extract.claims import ClaimConfig, find_claims
from newsdesk.extract.values import (
    money_value,
    number_words,
    percent_value,
    quantity_value,
    resolve_date,
    time_value,
)
from newsdesk.model import Claim

THURSDAY = date(2024, 3, 14)

Extract = Callable[..., list[Claim]]


@pytest.fixture(scope="module")
def claims(nlp: Any) -> Extract:
    def extract(
        text: str, *, published: date | None = THURSDAY, config: ClaimConfig | None = None
    ) -> list[Claim]:
        found = find_claims(
            nlp(text), article_id="a1", published=published, config=config or ClaimConfig()
        )
        for claim in found:
            assert claim.text == text[claim.start : claim.end]
            assert claim.article_id == "a1"
        return found

    return extract


def one(found: list[Claim], *, kind: str, predicate: str | None = None) -> Claim:
    matching = [
        c for c in found if c.kind == kind and (predicate is None or c.predicate == predicate)
    ]
    assert len(matching) == 1, found
    return matching[0]


# -- values, without a parse ---------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "tense", "value"),
    [
        ("Monday", "past", "2024-03-11"),
        ("on Thursday", "past", "2024-03-14"),
        ("Monday", "future", "2024-03-18"),
        ("yesterday", "unknown", "2024-03-13"),
        ("last week", "past", "2024-W10"),
        ("the weekend", "past", "2024-03-09/2024-03-10"),
        ("last month", "past", "2024-02"),
        ("three years ago", "past", "2021"),
        ("two days ago", "past", "2024-03-12"),
        ("May 27", "future", "2024-05-27"),
        ("December 30", "past", "2023-12-30"),
        ("Friday, May 3rd, 2019", "past", "2019-05-03"),
        ("March 2021", "past", "2021-03"),
        ("1998", "past", "1998"),
    ],
)
def test_dates_resolve_against_the_publication_date(words: str, tense: Any, value: str) -> None:
    resolved = resolve_date(words, published=THURSDAY, tense=tense)
    assert resolved is not None and resolved.value == value


@pytest.mark.parametrize(
    ("words", "value"),
    [("Monday", "Monday"), ("last week", "last week"), ("May 27th", "--05-27"),
     ("early June", "--06"), ("June 2, 2021", "2021-06-02")],
)  # fmt: skip
def test_dates_without_a_publication_date_stay_as_written_or_lose_the_year(
    words: str, value: str
) -> None:
    resolved = resolve_date(words, published=None, tense="unknown")
    assert resolved is not None and resolved.value == value


@pytest.mark.parametrize("words", ["almost three years", "years", "59-year-old", "59", "the '80s"])
def test_durations_ages_and_decades_are_not_dates(words: str) -> None:
    assert resolve_date(words, published=THURSDAY, tense="past") is None


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("$4.5 million", "USD 4500000"),
        ("£3bn", "GBP 3000000000"),
        ("£290million", "GBP 290000000"),
        ("about €120m", "~EUR 120000000"),
        ("more than US$2 billion", ">USD 2000000000"),
        ("a million dollars", "USD 1000000"),
        ("50 cents", "USD 0.5"),
        ("¥300 billion", "JPY 300000000000"),
    ],
)
def test_money_has_a_currency_code_and_expanded_scale(words: str, value: str) -> None:
    assert money_value(words) == value


def test_a_bare_dollar_follows_the_configuration() -> None:
    assert money_value("$40", dollar="AUD") == "AUD 40"
    assert money_value("40 apples") is None


@pytest.mark.parametrize(
    ("words", "value"),
    [("5%", "5"), ("about 40 per cent", "~40"), ("5pc", "5"), ("2 percentage points", "2 pp")],
)
def test_percentages(words: str, value: str) -> None:
    assert percent_value(words) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [("5 km", "5 km"), ("400-mile", "400 mi"), ("nearly 2,000 acres", "~2000 acre"),
     ("two miles", "2 mi"), ("10 tonnes", "10 t")],
)  # fmt: skip
def test_quantities_keep_their_unit(words: str, value: str) -> None:
    assert quantity_value(words) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [("8:30 p.m. ET", "20:30 ET"), ("midnight", "00:00"), ("about 3pm", "~15:00"),
     ("two hours", None), ("last night", None)],
)  # fmt: skip
def test_times(words: str, value: str | None) -> None:
    assert time_value(words) == value


@pytest.mark.parametrize(
    ("words", "value"),
    [("twenty-five", 25), ("a dozen", 12), ("three hundred thousand", 300000),
     ("half a million", 500000), ("seven", 7), ("several", None)],
)  # fmt: skip
def test_number_words(words: str, value: int | None) -> None:
    assert number_words(words) == value


# -- claims from sentences -------------------------------------------------------------


def test_relative_date_takes_the_event_and_resolves_against_publication(
    claims: Extract,
) -> None:
    claim = one(claims("Edna Voss announced the closure on Monday."), kind="date")
    assert (claim.subject, claim.predicate, claim.value, claim.text) == (
        "Edna Voss", "announce", "2024-03-11", "Monday"
    )  # fmt: skip
    unknown = one(claims("Edna Voss announced the closure on Monday.", published=None), kind="date")
    assert unknown.value == "Monday"


def test_future_weekday_is_the_next_one(claims: Extract) -> None:
    claim = one(claims("Edna Voss said the bridge would reopen on Monday."), kind="date")
    assert (claim.predicate, claim.value) == ("reopen", "2024-03-18")


def test_release_and_premiere_stay_apart(claims: Extract) -> None:
    found = claims(
        "The Salt Orchard premiered at the Kestrel Bay Film Festival last week "
        "and opens in theaters on July 12."
    )
    premiere = one(found, kind="date", predicate="premiere")
    release = one(found, kind="date", predicate="release")
    assert premiere.value == "2024-W10"
    assert (release.subject, release.value) == ("The Salt Orchard", "2024-07-12")


def test_a_described_work_takes_the_previous_sentences_title(claims: Extract) -> None:
    found = claims(
        "The Salt Orchard is Marguerite Ollander's second feature. "
        "The film will be released in theaters on July 12."
    )
    release = one(found, kind="date", predicate="release")
    assert (release.subject, release.value) == ("The Salt Orchard", "2024-07-12")


def test_a_described_venue_takes_the_named_venue(claims: Extract) -> None:
    found = claims(
        "After years of delays, Riverside Arena finally has an opening night. "
        "The 9,400-seat venue will open on Friday, June 14.",
        published=date(2024, 5, 20),
    )
    opening = one(found, kind="date", predicate="open")
    assert (opening.subject, opening.value) == ("Riverside Arena", "2024-06-14")


def test_ages_in_both_forms_agree(claims: Extract) -> None:
    apposed = one(claims("Corin Vale, 47, performed at Meridian Hall."), kind="age")
    hyphened = one(
        claims("The 47-year-old singer Corin Vale performed at Meridian Hall."), kind="age"
    )
    assert apposed.value == hyphened.value == "47"
    assert apposed.subject == hyphened.subject == "Corin Vale"
    assert (apposed.text, hyphened.text) == ("47", "47-year-old")


def test_a_described_person_takes_the_name_that_carries_the_description(
    claims: Extract,
) -> None:
    found = claims(
        "Edna Voss praised singer Corin Vale after the show. "
        "The 47-year-old singer waved to the crowd."
    )
    assert one(found, kind="age").subject == "Corin Vale"


def test_money_claims(claims: Extract) -> None:
    fund = one(claims("The council approved a $4.5 million repair fund."), kind="money")
    assert (fund.subject, fund.predicate, fund.value) == (
        "The council", "amount:fund", "USD 4500000"
    )  # fmt: skip
    deal = one(claims("Kestrel Holdings bought the ferry line for about €120m."), kind="money")
    assert (deal.subject, deal.value, deal.text) == (
        "Kestrel Holdings", "~EUR 120000000", "about €120m"
    )  # fmt: skip


def test_money_whose_sign_the_ner_left_out(claims: Extract) -> None:
    bill = one(claims("The producers were left with a £290million bill."), kind="money")
    assert (bill.predicate, bill.value, bill.text) == (
        "amount:bill", "GBP 290000000", "£290million"
    )  # fmt: skip


def test_a_difference_is_not_an_amount(claims: Extract) -> None:
    found = claims("The stadium cost £40m, £5m more than planned.")
    assert [c.value for c in found if c.kind == "money"] == ["GBP 40000000"]


def test_counts_in_words_with_their_verb(claims: Extract) -> None:
    dead = one(claims("Twelve people were killed in the collapse."), kind="count")
    assert (dead.predicate, dead.value) == ("count:people:die", "12")
    died = one(claims("12 people died in the collapse."), kind="count")
    assert died.predicate == dead.predicate
    hired = one(claims("Lena Sorvik said the company would hire a dozen engineers."), kind="count")
    assert (hired.predicate, hired.value, hired.subject) == ("count:engineer", "12", None)
    homes = one(claims("More than 200 homes were flooded."), kind="count")
    assert (homes.value, homes.text) == (">200", "More than 200")


def test_counts_compare_across_phrasings(claims: Extract) -> None:
    fought = one(claims("Sixty-two firefighters fought the blaze."), kind="count")
    sent = one(claims("The brigade sent 62 firefighters to the blaze."), kind="count")
    assert (fought.subject, fought.predicate, fought.value) == (None, "count:firefighter", "62")
    assert (sent.subject, sent.predicate, sent.value) == (None, "count:firefighter", "62")


def test_labels_and_durations_are_not_counts(claims: Extract) -> None:
    found = claims("Fans queued for three hours to see Salt Orchard 2 in screen number four.")
    assert [c for c in found if c.kind == "count"] == []


def test_percent_claims(claims: Extract) -> None:
    rate = one(claims("Unemployment fell to 4.1 per cent in Marlshire."), kind="percent")
    assert (rate.predicate, rate.value) == ("percent:unemployment", "4.1")
    share = one(claims("Officials said nearly 40 percent of the town was flooded."), kind="percent")
    assert (share.predicate, share.value) == ("percent:town", "~40")


def test_quantity_claim(claims: Extract) -> None:
    rise = one(claims("The Tamsin rose 4 metres overnight."), kind="quantity")
    assert (rise.subject, rise.predicate, rise.value) == ("Tamsin", "quantity:rise", "4 m")


def test_time_claim(claims: Extract) -> None:
    start = one(claims("The fire broke out at 3:40 a.m. local time."), kind="time")
    assert (start.subject, start.predicate, start.value) == ("The fire", "break", "03:40")


def test_credits_one_claim_per_person(claims: Extract) -> None:
    found = claims(
        "The Salt Orchard was directed by Marguerite Ollander and produced by Tomas Brenn "
        "and Ada Frey, with additional production by Ivo Lund."
    )
    credits = {(c.predicate, c.value) for c in found if c.kind == "credit"}
    assert credits == {
        ("directed_by", "Marguerite Ollander"),
        ("produced_by", "Tomas Brenn"),
        ("produced_by", "Ada Frey"),
        ("produced_by", "Ivo Lund"),
    }
    assert {c.subject for c in found if c.kind == "credit"} == {"The Salt Orchard"}


def test_shared_agent_credits_every_verb(claims: Extract) -> None:
    found = claims("The film was written and directed by Ivo Lund.")
    assert {(c.predicate, c.value) for c in found if c.kind == "credit"} == {
        ("written_by", "Ivo Lund"), ("directed_by", "Ivo Lund")
    }  # fmt: skip


def test_played_by_has_the_character_as_subject(claims: Extract) -> None:
    role = one(claims("Pell Marrow plays Mara Quill in the film."), kind="credit")
    assert (role.subject, role.predicate, role.value) == ("Mara Quill", "played_by", "Pell Marrow")


def test_roles(claims: Extract) -> None:
    mayor = one(claims("Mayor Dana Whitlock said 14 roads were closed."), kind="role")
    assert (mayor.subject, mayor.value) == ("Dana Whitlock", "mayor")
    boss = one(claims("Chief Executive Lena Sorvik said profits rose."), kind="role")
    assert (boss.subject, boss.value) == ("Lena Sorvik", "chief executive")
    director = one(claims("Tomas Brenn, the festival director, said it was full."), kind="role")
    assert (director.subject, director.value) == ("Tomas Brenn", "director")


def test_places_of_events_with_venue_and_city(claims: Extract) -> None:
    found = claims(
        "The band played a sold-out concert at Meridian Hall in Port Calder on Saturday night."
    )
    venue = one(found, kind="place", predicate="venue:play")
    city = one(found, kind="place", predicate="location:play")
    assert (venue.value, city.value) == ("Meridian Hall, Port Calder", "Port Calder")
    assert one(found, kind="date").value == "2024-03-09"


def test_a_place_merely_named_is_not_a_claim(claims: Extract) -> None:
    assert [c for c in claims("Port Calder officials said the road was closed.")] == []


def test_relative_dates_in_quoted_speech_are_skipped_unless_configured(claims: Extract) -> None:
    text = "“We saw the flood last night,” said Ada Frey."
    assert [c for c in claims(text) if c.kind == "date"] == []
    allowed = claims(text, config=ClaimConfig(relative_dates_in_quotes=True))
    assert one(allowed, kind="date").value == "2024-03-13"


def test_kinds_can_be_restricted(claims: Extract) -> None:
    text = "Corin Vale, 47, paid $30 for tickets on Monday."
    found = claims(text, config=ClaimConfig(kinds=("money",)))
    assert [c.kind for c in found] == ["money"]
    assert {c.kind for c in claims(text)} >= {"age", "money", "date"}


# -- the seeds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_claims(seed_articles: Any, nlp: Any) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for key, article in seed_articles.items():
        out[key] = find_claims(
            nlp(article.text), article_id=article.id, published=article.published,
            config=ClaimConfig(),
        )  # fmt: skip
        for claim in out[key]:
            assert claim.text == article.text[claim.start : claim.end]
            assert claim.article_id == article.id
    return out


def test_seed_release_dates_are_comparable(seed_claims: dict[str, list[Claim]]) -> None:
    release = {
        key: [c for c in seed_claims[key] if c.kind == "date" and c.predicate == "release"
              and c.subject == "Top Gun: Maverick"]
        for key in ("000", "002", "003")
    }  # fmt: skip
    assert [c.value for c in release["000"]] == ["2022-05-27"]
    # 002 has no publication date: the year is left unknown, month and day kept.
    assert [c.value for c in release["002"]] == ["--05-27"]
    assert [c.value for c in release["003"]] == ["2022-05-26"]


def test_seed_premiere_is_not_the_release(seed_claims: dict[str, list[Claim]]) -> None:
    premiere = one(seed_claims["003"], kind="date", predicate="premiere")
    assert (premiere.subject, premiere.value) == ("Top Gun: Maverick", "2022-W17")


def test_seed_cruise_age(seed_claims: dict[str, list[Claim]]) -> None:
    for key in ("000", "001"):
        age = one(seed_claims[key], kind="age")
        assert age.value == "59"
        assert age.subject is not None and age.subject.lower().endswith("cruise")


def test_seed_credits_name_the_song(seed_claims: dict[str, list[Claim]]) -> None:
    for key in ("000", "003"):
        rice = [c for c in seed_claims[key] if c.kind == "credit" and c.value == "Benjamin Rice"]
        assert [(c.subject, c.predicate) for c in rice] == [("Hold My Hand", "produced_by")]
