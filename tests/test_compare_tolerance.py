"""The tolerance rules of the comparison, one by one (values as ``Claim.value``
carries them; conventions in ``newsdesk.extract.values``)."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.compare.tolerance import (
    dates_agree,
    names_agree,
    numbers_agree,
    parse_date,
    parse_number,
    parse_time,
    places_agree,
    slack,
    times_agree,
)


def numbers(a: str, b: str, kind: str = "count") -> bool | None:
    x, y = parse_number(a, kind=kind), parse_number(b, kind=kind)
    assert x is not None and y is not None
    return numbers_agree(x, y)


def days(a: str, b: str, text_a: str = "", text_b: str = "") -> bool:
    x, y = parse_date(a), parse_date(b)
    assert x is not None and y is not None
    return dates_agree(slack(x, text=text_a or a), slack(y, text=text_b or b))


def clocks(a: str, b: str) -> bool | None:
    x, y = parse_time(a), parse_time(b)
    assert x is not None and y is not None
    return times_agree(x, y)


# -- numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "kind", "expected"),
    [
        ("300", "312", "count", True),  # a round number covers what rounds to it
        ("300", "380", "count", False),
        ("120", "210", "count", False),  # one trailing zero: exact
        ("210", "212", "count", False),
        ("44", "47", "age", False),
        ("59", "59", "age", True),
        ("60", "61", "age", False),  # ages never round
        ("6", "5.5", "percent", True),  # a whole percentage covers its rounding
        ("5.4", "5.5", "percent", False),
        ("USD 4500000", "USD 4520000", "money", True),
        ("USD 4500000", "USD 5400000", "money", False),
        ("USD 218000000", "USD 219000000", "money", False),  # neighbours do not touch
    ],
)
def test_rounding(a: str, b: str, kind: str, expected: bool) -> None:
    assert numbers(a, b, kind) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("~300", "312", True),
        ("~300", "340", True),  # "about 300" rounds at the hundreds: 251-349
        ("~300", "380", False),
        ("~60", "62", True),  # 5 % when the number has no round unit to speak of
        ("~60", "70", False),
        ("~40000", "40000", True),
    ],
)
def test_about(a: str, b: str, expected: bool) -> None:
    assert numbers(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (">18000", "18250", True),
        (">18000", "17000", False),
        (">=100", "100", True),
        ("<200", "150", True),
        ("<=15000", "62500", False),
        (">100", ">5000", True),  # two lower bounds never conflict
        (">100", "<50", False),
    ],
)
def test_bounds(a: str, b: str, expected: bool) -> None:
    assert numbers(a, b) is expected


def test_units_and_currencies_are_not_converted() -> None:
    assert numbers("USD 5000000", "GBP 5000000", "money") is None
    assert numbers("5 km", "5 mi", "quantity") is None
    assert numbers("5 km", "5 km", "quantity") is True
    assert numbers("5 pp", "5", "percent") is None  # points are not a percentage


# -- dates -----------------------------------------------------------------------


def test_containment_and_year_less_dates() -> None:
    assert days("2022-05", "2022-05-27")
    assert days("2022", "2022-05-27")
    assert not days("2022-06", "2022-05-27")
    assert days("--05-27", "2022-05-27")
    assert not days("--05-27", "2022-05-26")
    assert days("--05", "2022-05-03")
    assert days("--05-27", "2022")  # a year holds every May 27
    assert days("2022-W21", "2022-05-27")
    assert days("2022-04-30/2022-05-01", "2022-05-01")
    assert not days("2022-04-30/2022-05-01", "2022-05-02")


def test_absolute_dates_are_strict() -> None:
    assert not days("2022-05-26", "2022-05-27", "May 26", "May 27")
    assert not days("2024-06-14", "2024-06-15", "Friday, June 14", "Saturday, June 15")


def test_date_bounds() -> None:
    assert days("<2020", "2019")
    assert not days("<2020", "2021")
    assert days(">=2013", "2024-05-13")
    assert not days("<=2024-05-16", "2024-05-20")


def test_relative_dates_get_a_day_and_a_week_of_slack() -> None:
    # Time zones and late editions: "Monday" resolved a day off still agrees.
    assert days("2024-05-13", "2024-05-14", "Monday", "May 14")
    assert not days("2024-05-13", "2024-05-15", "Monday", "May 15")
    # A bare weekday placed in the wrong week by its tense.
    assert days("2024-05-07", "2024-05-14", "Tuesday", "Tuesday")
    assert days("2024-05-12", "2024-05-13", "yesterday", "May 13")


def test_years_ago_gets_a_year_of_slack() -> None:
    assert days("2019", "2020", "three years ago", "2020")
    assert days("2019", "2018", "three years ago", "2018")
    assert not days("2019", "2017", "three years ago", "2017")


def test_unresolved_relative_words_are_not_dates() -> None:
    assert parse_date("last year") is None
    assert parse_date("Monday") is None
    assert parse_date("weekend") is None
    assert parse_date("--13-40") is None


# -- times -----------------------------------------------------------------------


def test_times_and_zones() -> None:
    assert clocks("20:30 ET", "17:30 PT")
    assert clocks("20:30 ET", "18:30 PT")  # ET/PT without a season: an hour of slack
    assert not clocks("20:30 ET", "15:00 PT")
    assert clocks("20:30 EDT", "00:30 UTC") is True
    assert clocks("20:30 ET", "20:30") is None  # the reader's zone is unknown
    assert clocks("~15:00", "15:20")
    assert not clocks("15:00", "16:00")
    assert clocks("<=06:00", "05:30")


# -- places and names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Park MGM, Las Vegas", "Las Vegas", True),  # a part of one is the other
        ("MGM", "Park MGM", True),  # one's words inside the other's
        ("the Riverside arena", "Riverside Arena", True),
        ("Riverside Arena, Dunmore", "Riverside Arena", True),
        ("Fenwick Park", "Harbour Stadium", False),
        ("Kestrel Bay", "Port Calder", False),
    ],
)
def test_places(a: str, b: str, expected: bool) -> None:
    assert places_agree(a, b) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Olander", "Marguerite Olander", True),
        ("Ollander", "Olander", True),  # a typo
        ("Marguerite Ollander", "Marguerite Olander", True),
        ("Tobias Renn", "Marguerite Olander", False),
        ("County Judge Peter Calder", "Peter A. Calder", True),
        ("Peter Calder", "Susan Calder", False),
        ("Ana Ruiz", "Ana Ortiz", False),
    ],
)
def test_names(a: str, b: str, expected: bool) -> None:
    assert names_agree(a, b) is expected


def test_parse_number_reads_the_value_conventions() -> None:
    money = parse_number("~USD 12000000", kind="money")
    assert money is not None and money.unit == "USD" and money.prefix == "~"
    assert money.lo < 12_000_000 < money.hi
    assert parse_number("400 mi", kind="quantity") is not None
    assert parse_number("Monday", kind="count") is None
    span = parse_date("2022-W17")
    assert span is not None and span.lo == date(2022, 4, 25) and span.hi == date(2022, 5, 1)
