"""Opening-lines metadata: headlines, bylines, datelines, front matter (newsdesk.ingest.header)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from newsdesk.ingest.header import Header, parse_header

BODY = "The council voted on Tuesday to approve the budget for next year."


def removed(header: Header, reason: str) -> list[str]:
    return [r.text for r in header.consumed if r.reason == reason]


def check_offsets(text: str, header: Header) -> None:
    for removal in header.consumed:
        assert text[removal.start : removal.end] == removal.text


# --- datelines ----------------------------------------------------------------------------

DATELINES = [
    # (opening text, publication date, consumed dateline)
    (f"date 2022-05-04 {BODY}", date(2022, 5, 4), "date 2022-05-04 "),
    (
        f"Budget Passes\n\n2022-05-03T08:41:55+00:00May 3rd, 2022|News|\n\n{BODY}",
        date(2022, 5, 3),
        "2022-05-03T08:41:55+00:00May 3rd, 2022|News|",
    ),
    (f"Budget Passes\n\nPublished: 12 March 2024\n\n{BODY}", date(2024, 3, 12), None),
    (f"Budget Passes\n\nUpdated May 3, 2022 8:41 am\n\n{BODY}", date(2022, 5, 3), None),
    (f"Budget Passes\n\nMarch 11, 2024 — {BODY}", date(2024, 3, 11), "March 11, 2024 — "),
    (
        f"Budget Passes\n\nLONDON, May 3, 2022 (Reuters) - {BODY}",
        date(2022, 5, 3),
        "LONDON, May 3, 2022 (Reuters) - ",
    ),
    (f"Budget Passes\n\nLONDON, May 3 (Reuters) - {BODY}", None, "LONDON, May 3 (Reuters) - "),
    (f"Budget Passes\n\nNEW YORK (AP) — {BODY}", None, "NEW YORK (AP) — "),
    (f"Budget Passes\n\nMon 4 Mar 2024 10.15 GMT\n\n{BODY}", date(2024, 3, 4), None),
    (
        f"Budget Passes\n\nTuesday, May 3, 2022 at 8:41 a.m. EDT\n\n{BODY}",
        date(2022, 5, 3),
        None,
    ),
    (f"Budget Passes\n\nSept. 5, 2023\n\n{BODY}", date(2023, 9, 5), None),
    (f"Budget Passes\n\n5th of September 2023\n\n{BODY}", date(2023, 9, 5), None),
    (f"Budget Passes\n\nLast updated: 2024-03-12T10:00:00Z\n\n{BODY}", date(2024, 3, 12), None),
    (f"Budget Passes\n\n2024/03/12\n\n{BODY}", date(2024, 3, 12), None),
    (f"2024-01-30 | Local News\n\n{BODY}", date(2024, 1, 30), "2024-01-30 | Local News"),
    (f"Budget Passes\n\nPosted on 7 June 2021 · 4 min read\n\n{BODY}", date(2021, 6, 7), None),
    (f"2021-06-07T10:00:00Z{BODY}", date(2021, 6, 7), "2021-06-07T10:00:00Z"),
]


@pytest.mark.parametrize(("text", "published", "dateline"), DATELINES)
def test_dateline_forms(text: str, published: date | None, dateline: str | None) -> None:
    header = parse_header(text)
    check_offsets(text, header)
    assert header.published == published
    lines = removed(header, "dateline")
    assert len(lines) == 1, header.consumed
    if dateline is not None:
        assert lines == [dateline]
    # whatever was consumed, the body sentence is untouched
    kept = "".join(
        text[a:b]
        for a, b in zip(
            [0] + [r.end for r in header.consumed],
            [r.start for r in header.consumed] + [len(text)],
            strict=True,
        )
    )
    assert BODY in kept


def test_iso_stamp_wins_when_the_human_date_disagrees() -> None:
    text = f"Budget Passes\n\n2022-05-03T23:30:00-04:00May 4th, 2022|News|\n\n{BODY}"
    assert parse_header(text).published == date(2022, 5, 3)


def test_published_date_beats_updated_date() -> None:
    text = f"Budget Passes\n\nUpdated: June 2, 2023\nPublished: June 1, 2023\n\n{BODY}"
    header = parse_header(text)
    assert header.published == date(2023, 6, 1)
    assert len(removed(header, "dateline")) == 2


def test_numeric_dates_follow_the_dayfirst_option() -> None:
    text = f"Budget Passes\n\n03/05/2024\n\n{BODY}"
    assert parse_header(text).published == date(2024, 3, 5)
    assert parse_header(text, dayfirst=True).published == date(2024, 5, 3)


@pytest.mark.parametrize(
    "text",
    [
        "Budget Passes\n\nOn May 3, 2022 the council voted to approve the budget.",
        f"Budget Passes\n\nMay 2022 was the wettest month on record. {BODY}",
        "Budget Passes\n\nTOM Cruise arrived at the premiere on Tuesday evening.",
        f"Budget Passes\n\n{BODY}\n\nPublished: 12 March 2024",
    ],
)
def test_dates_in_sentences_or_after_the_body_starts_are_not_datelines(text: str) -> None:
    header = parse_header(text)
    assert header.published is None
    assert removed(header, "dateline") == []


# --- bylines ------------------------------------------------------------------------------

BYLINES = [
    # (byline line, author)
    ("by Jane Doe", "Jane Doe"),
    ("By JANE DOE, Staff Writer", "Jane Doe"),
    ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
    ("Written by Jane Doe", "Jane Doe"),
    ("Jane Doe | Reporter", "Jane Doe"),
    ("Jane Doe - Senior Political Correspondent", "Jane Doe"),
    ("By Jane Doe, John Roe and Ann Poe", "Jane Doe, John Roe and Ann Poe"),
    ("Author: Jane Doe", "Jane Doe"),
    ("By MARY-JANE O'BRIEN", "Mary-Jane O'Brien"),
    ("written by jane doe", "Jane Doe"),
    ("By Ana de Souza in Lisbon", "Ana de Souza"),
    ("By Jane Doe, for The Valley Ledger", "Jane Doe"),
    ("Story by J. R. Doe", "J. R. Doe"),
    ("BY JANE DOE AND JOHN ROE, ASSOCIATED PRESS", "Jane Doe and John Roe"),
]


@pytest.mark.parametrize(("line", "author"), BYLINES)
def test_byline_forms(line: str, author: str) -> None:
    text = f"Budget Passes\n\n{line}\n\n{BODY}"
    header = parse_header(text)
    check_offsets(text, header)
    assert header.author == author
    assert removed(header, "byline") == [line]
    assert header.title == "Budget Passes"


@pytest.mark.parametrize(
    ("line", "author", "published", "pieces"),
    [
        (
            "By Jane Doe | May 3, 2022 | News",
            "Jane Doe",
            date(2022, 5, 3),
            [("byline", "By Jane Doe | "), ("dateline", "May 3, 2022 | News")],
        ),
        (
            "Posted on May 3, 2022 by Jane Doe",
            "Jane Doe",
            date(2022, 5, 3),
            [("dateline", "Posted on May 3, 2022 "), ("byline", "by Jane Doe")],
        ),
        (
            "By Jane Doe on Sept. 5, 2023",
            "Jane Doe",
            date(2023, 9, 5),
            [("byline", "By Jane Doe "), ("dateline", "on Sept. 5, 2023")],
        ),
        (
            "By Jane DoeMay 3, 2022",
            "Jane Doe",
            date(2022, 5, 3),
            [("byline", "By Jane Doe"), ("dateline", "May 3, 2022")],
        ),
        (
            "Jane Doe • 12 March 2024",
            "Jane Doe",
            date(2024, 3, 12),
            [("byline", "Jane Doe • "), ("dateline", "12 March 2024")],
        ),
    ],
)
def test_byline_and_dateline_on_one_line(
    line: str, author: str, published: date, pieces: list[tuple[str, str]]
) -> None:
    text = f"Budget Passes\n\n{line}\n\n{BODY}"
    header = parse_header(text)
    check_offsets(text, header)
    assert (header.author, header.published) == (author, published)
    assert [(r.reason, r.text) for r in header.consumed if r.reason != "headline"] == pieces
    # the pieces tile the whole line: nothing of it is left for the body
    assert "".join(text for _, text in pieces) == line


@pytest.mark.parametrize(
    "line",
    [
        "By the time we arrived, the meeting was over.",
        "(Photo by Rich Harbour/Example Images)",
        "Photo by Jane Doe",
        "By 2030 the city wants every bus to be electric.",
        "Jane Doe",  # a bare name alone is not enough
    ],
)
def test_lines_that_are_not_bylines(line: str) -> None:
    text = f"Budget Passes\n\n{line}\n\n{BODY}"
    header = parse_header(text)
    assert header.author is None
    assert removed(header, "byline") == []


def test_photo_credit_under_the_byline_is_left_alone() -> None:
    text = f"Budget Passes\n\nby Jane Doe\n(Photo by Sam Lee/Example Images)\n\n{BODY}"
    header = parse_header(text)
    assert header.author == "Jane Doe"
    assert [r.text for r in header.consumed] == ["Budget Passes", "by Jane Doe"]


def test_dateline_after_a_photo_credit_is_still_found() -> None:
    text = f"Budget Passes\n\nby Jane Doe\n(Photo: Sam Lee)\nMay 3, 2022\n\n{BODY}"
    header = parse_header(text)
    assert header.published == date(2022, 5, 3)
    assert "(Photo: Sam Lee)" not in [r.text for r in header.consumed]


# --- headlines ----------------------------------------------------------------------------

HEADLINES = [
    # (text, title)
    (f"Budget Passes After Long Debate\n\n{BODY}", "Budget Passes After Long Debate"),
    (f"Will the Budget Pass?\n\n{BODY}", "Will the Budget Pass?"),
    (f"Budget Passes!\n\n{BODY}", "Budget Passes!"),
    (f"‘Hold the Line’: Council Passes Budget\n\n{BODY}", "‘Hold the Line’: Council Passes Budget"),
    (f"  Budget Passes  \n  \n{BODY}", "Budget Passes"),
    (f"Budget Passes\nBy Jane Doe\n{BODY}", "Budget Passes"),  # byline right below
    (f"Budget Passes\nMay 3, 2022\n{BODY}", "Budget Passes"),  # dateline right below
    (f"# Budget Passes\n\n{BODY}", "Budget Passes"),  # Markdown heading
    (f"Mayor Visits U.S.\n\n{BODY}", "Mayor Visits U.S."),
    (f"Budget Passes\n\xa0\n\n{BODY}", "Budget Passes"),  # a no-break-space "blank" line
    (f"{BODY}\n\nMore text.", None),  # a sentence
    (f"Budget Passes\n{BODY}", None),  # no blank line, no byline below
    (f"date 2022-05-04 Budget Passes\n\n{BODY}", None),  # starts with a date token
    (f"May 3, 2022\n\n{BODY}", None),
    ("Budget Passes", None),  # nothing follows
    (f"{' '.join(['word'] * 30)}\n\n{BODY}", None),  # too long
    (f"The council said:\n\n{BODY}", None),  # a lead-in
    (f"https://example.org/story\n\n{BODY}", None),
    (f"By Jane Doe\n\n{BODY}", None),  # a byline first: no headline
    (f"Jane Doe | Reporter\n\n{BODY}", None),
    (f"Published: 12 March 2024\n\n{BODY}", None),
]


@pytest.mark.parametrize(("text", "title"), HEADLINES)
def test_headline_cases(text: str, title: str | None) -> None:
    header = parse_header(text)
    check_offsets(text, header)
    assert header.title == title
    if title is None:
        assert removed(header, "headline") == []
    else:
        (line,) = removed(header, "headline")
        assert title in line


# --- front matter -------------------------------------------------------------------------


def test_front_matter_fields() -> None:
    text = (
        "---\ntitle: Budget Passes\nauthors:\n  - Jane Doe\n  - John Roe\n"
        "date: 2024-03-12T10:00:00Z\npublisher: The Valley Ledger\n"
        "canonical_url: https://www.valleyledger.example/budget\nlang: en\n---\n"
        f"{BODY}\n"
    )
    header = parse_header(text)
    check_offsets(text, header)
    assert header.title == "Budget Passes"
    assert header.author == "Jane Doe and John Roe"
    assert header.published == date(2024, 3, 12)
    assert header.outlet == "The Valley Ledger"
    assert header.url == "https://www.valleyledger.example/budget"
    assert header.language == "en"
    assert [r.reason for r in header.consumed] == ["front-matter"]
    assert header.consumed[0].end == text.index(BODY)
    assert header.error is None


def test_invalid_front_matter_is_reported_but_read_leniently() -> None:
    text = f"---\ntitle: Budget: Passes\nauthor: Jane Doe\ndate: 2024-03-12\n---\n{BODY}"
    header = parse_header(text)
    assert header.error is not None and header.error.startswith("E117:")
    assert (header.title, header.author) == ("Budget: Passes", "Jane Doe")
    assert header.published == date(2024, 3, 12)
    assert [r.reason for r in header.consumed] == ["front-matter"]


def test_front_matter_error_names_the_line() -> None:
    text = f"---\ntitle: Budget Passes\nauthor: Jane Doe\n- stray item\n---\n{BODY}"
    header = parse_header(text)
    assert header.error is not None and "(line 4)" in header.error
    assert header.title == "Budget Passes"


def test_dashes_around_prose_are_not_front_matter() -> None:
    text = f"---\nJust a rule of dashes above a note\n---\n{BODY}"
    header = parse_header(text)
    assert header.error is None
    assert removed(header, "front-matter") == []


def test_front_matter_title_and_the_markdown_heading_below_it() -> None:
    text = f"---\ntitle: Budget Passes\n---\n\n# Budget Passes\n\n{BODY}"
    header = parse_header(text)
    assert [r.reason for r in header.consumed] == ["front-matter", "headline"]


# --- cost ---------------------------------------------------------------------------------


def test_header_parsing_is_cheap() -> None:
    paragraph = " ".join(["The council met again on Tuesday to discuss the harbour."] * 10)
    text = "Budget Passes\n\nBy Jane Doe\nMay 3, 2022\n\n" + "\n\n".join([paragraph] * 6)
    started = time.perf_counter()
    for _ in range(1000):
        parse_header(text)
    per_article = (time.perf_counter() - started) / 1000
    # Budget: ingest must reach 500 articles/s overall; the header gets a small share.
    assert per_article < 0.0005, f"{per_article * 1e6:.0f} µs per article"


def test_random_openings_never_break_offsets() -> None:
    import random

    pieces = [
        "Budget Passes",
        "By Jane Doe",
        "by JANE DOE and John Roe, Staff",
        "May 3, 2022",
        "2022-05-03T08:41:55+00:00May 3rd, 2022|News|",
        "Updated: 2024-03-12",
        "LONDON, May 3 (Reuters) - The council met.",
        "date 2022-05-04 Tom met Ann.",
        "(Photo by Sam Lee)",
        "Jane Doe | Reporter",
        "|| — | ·",
        "---",
        "title: x",
        "",
        " ",
        "\xa0",
        BODY,
        "# Heading",
        "12/31/2023 — News",
        "By",
        "2022-13-45",
    ]
    generator = random.Random(11)
    for _ in range(3000):
        text = "\n".join(generator.choice(pieces) for _ in range(generator.randrange(1, 9)))
        header = parse_header(text)
        check_offsets(text, header)
        ends = [(r.start, r.end) for r in header.consumed]
        assert all(a <= b for a, b in ends)
        assert all(ends[i][1] <= ends[i + 1][0] for i in range(len(ends) - 1)), text
