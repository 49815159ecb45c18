from __future__ import annotations

import pytest

from newsdesk.model import Paragraph
from newsdesk.segment import split_sentences


def _split(text: str) -> list[str]:
    paras = []
    pos = 0
    for block in text.split("\n\n"):
        paras.append(Paragraph(pos, pos + len(block)))
        pos += len(block) + 2
    sents = split_sentences(text, paras)
    for s in sents:
        assert text[s.start : s.end] == s.text
    return [s.text for s in sents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr. Ana Ruiz arrived. She spoke.", ["Dr. Ana Ruiz arrived.", "She spoke."]),
        ("The U.S. team won 3-1. Fans cheered.", ["The U.S. team won 3-1.", "Fans cheered."]),
        (
            "“We will rebuild,” she said. “It will take years.”",
            ["“We will rebuild,” she said.", "“It will take years.”"],
        ),
        ('He asked, "Why now?" Nobody answered.', ['He asked, "Why now?"', "Nobody answered."]),
        (
            "It cost $4.5 million. Work starts May 27.",
            ["It cost $4.5 million.", "Work starts May 27."],
        ),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert _split(text) == expected


def test_never_crosses_paragraphs() -> None:
    assert _split("A heading without a stop\n\nThe body starts here. It ends.") == [
        "A heading without a stop",
        "The body starts here.",
        "It ends.",
    ]


def test_offsets_with_non_ascii() -> None:
    text = "Ça coûte 5 €. Naïve café… Ünïcode “quotes” work.\n\n𝐁𝐨𝐥𝐝 stays. Next one."
    sents = _split(text)
    assert sents[-1] == "Next one."
    assert "€" in sents[0]


def test_heading_paragraph_is_one_sentence() -> None:
    text = "Mayor Resigns. Council Reacts"
    sents = split_sentences(text, [Paragraph(0, len(text), "heading")])
    assert [s.text for s in sents] == [text]
