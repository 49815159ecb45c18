"""Tests for newsdesk.clean, trafilatura-style: fixtures with text that must stay and must go.

Fixtures (tests/fixtures/clean/) are fictional articles and boilerplate variants written for
newsdesk. ``variants.json`` holds many wordings of each boilerplate kind (inserted into a
carrier article) and look-alike sentences of reporting that must be kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from newsdesk.clean import CleanConfig, Cleaned, clean
from newsdesk.model import Removal

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
ARTICLES: dict[str, Any] = {
    k: v
    for k, v in json.loads((FIXTURES / "articles.json").read_text("utf-8")).items()
    if not k.startswith("_")
}
VARIANTS: dict[str, Any] = json.loads((FIXTURES / "variants.json").read_text("utf-8"))
CARRIER: list[str] = VARIANTS["carrier"]
REASONS = {
    "related-tail",
    "social-embed",
    "share-widget",
    "navigation",
    "photo-credit",
    "caption",
    "subscribe",
}
MATH = re.compile(
    "[\U0001d400-\U0001d7ff\u210a\u210b\u210c\u210d\u210e\u2110-\u2112\u2115"
    "\u2119-\u211d\u2124\u2128\u212c\u212d\u212f\u2130\u2131\u2133\u2134]"
)
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def article(name: str) -> str:
    # Bytes, not read_text: one fixture has \r\n line ends that must reach the cleaner.
    return (FIXTURES / "articles" / f"{name}.txt").read_bytes().decode("utf-8")


def fold(text: str) -> str:
    """Math letters to plain ones, as the cleaner must (NFKC of those code points only)."""
    return MATH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def embed(text: str, where: str = "mid") -> str:
    paras = list(CARRIER)
    if where == "end":
        paras.append(text)
    else:
        paras.insert(len(paras) - 1, text)
    return "\n\n".join(paras)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", INVISIBLE.sub("", text))


def check_invariants(source: str, out: Cleaned, skip: tuple[Removal, ...] = ()) -> None:
    """What every result must satisfy, whatever the input."""
    # Removals: exact offsets into the original, sorted, disjoint, known reasons.
    for r in out.removals:
        assert source[r.start : r.end] == r.text, r
        assert r.reason in REASONS or r in skip, r
    starts = [(r.start, r.end) for r in out.removals]
    assert starts == sorted(starts)
    for a, b in zip(out.removals, out.removals[1:], strict=False):
        assert a.end <= b.start, (a, b)
    for s in skip:
        assert s in out.removals
    # Paragraphs: exact offsets that tile the text with "\n\n".
    assert "\n\n".join(out.text[p.start : p.end] for p in out.paragraphs) == out.text
    for p in out.paragraphs:
        chunk = out.text[p.start : p.end]
        assert chunk and chunk == chunk.strip() and "\n" not in chunk
        assert p.kind in ("body", "heading")
    # Normalised text: no math letters, invisible characters, odd spaces or space runs.
    assert not MATH.search(out.text)
    assert not INVISIBLE.search(out.text)
    assert not re.search(r"[\r\t\u00a0\u2000-\u200a\u202f\u205f\u3000]|  ", out.text)
    # Nothing vanishes unrecorded: what is not in a removal is in the text.
    covered = bytearray(len(source))
    for r in out.removals:
        covered[r.start : r.end] = b"\x01" * (r.end - r.start)
    left = "".join(c for c, hit in zip(source, covered, strict=True) if not hit)
    assert squash(fold(left)) == squash(out.text)
    # Idempotent.
    again = clean(out.text)
    assert again.text == out.text
    assert [p.kind for p in again.paragraphs] == [p.kind for p in out.paragraphs]


# --- Whole articles ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_article_fixture(name: str) -> None:
    source = article(name)
    expect = ARTICLES[name]
    out = clean(source)
    check_invariants(source, out)
    for text in expect["with"]:
        assert text in out.text, text
    for text in expect["without"]:
        assert text not in out.text, text
    headings = {out.text[p.start : p.end] for p in out.paragraphs if p.kind == "heading"}
    for text in expect.get("headings", []):
        assert text in headings, (text, headings)
    reasons = {r.reason for r in out.removals}
    assert set(expect.get("reasons", [])) <= reasons
    if "removals" in expect:
        assert len(out.removals) == expect["removals"], out.removals


def test_fingerprint_of_cleaned_text() -> None:
    # Pinned: a change here means normalisation or removal changed. Review the diff of the
    # cleaned fixture, then update the digest on purpose.
    out = clean(article("a01_tabloid_captions"))
    digest = hashlib.sha256(out.text.encode("utf-8")).hexdigest()
    assert digest == "6ee5989767bb8d35b0e309cfef450da2646824081c031bfcc90b1ca7beea6376"


# --- Boilerplate variants ---------------------------------------------------------------

VARIANT_CASES = [
    pytest.param(v, id=f"{kind.split('/')[0]}-{i}")
    for kind, items in VARIANTS["variants"].items()
    for i, v in enumerate(items)
]


@pytest.mark.parametrize("variant", VARIANT_CASES)
def test_boilerplate_variant_removed(variant: dict[str, Any]) -> None:
    source = embed(variant["text"], variant["where"])
    out = clean(source)
    check_invariants(source, out)
    for text in variant["without"]:
        assert text not in out.text, (text, out.text)
    for text in variant.get("with", []):
        assert text in out.text, (text, out.text)
    for para in CARRIER:
        assert para in out.text.split("\n\n")
    reasons = {r.reason for r in out.removals}
    assert set(variant["reasons"]) <= reasons, out.removals


def test_variant_counts() -> None:
    groups = VARIANTS["variants"]
    assert all(len(items) >= 6 for items in groups.values())
    assert len(VARIANTS["keep"]) >= 25


# --- Reporting that looks like boilerplate ----------------------------------------------


@pytest.mark.parametrize("where", ["mid", "end"])
@pytest.mark.parametrize("sentence", VARIANTS["keep"])
def test_reporting_sentence_kept(sentence: str, where: str) -> None:
    source = embed(sentence, where)
    out = clean(source)
    check_invariants(source, out)
    assert sentence in out.text.split("\n\n")
    assert out.removals == ()


def test_all_lookalikes_in_one_article_kept() -> None:
    source = "\n\n".join(VARIANTS["keep"])
    out = clean(source)
    check_invariants(source, out)
    assert out.removals == ()
    assert out.text == source


def test_lookalikes_on_single_lines_of_one_block_kept() -> None:
    source = "\n".join(VARIANTS["keep"])
    out = clean(source)
    assert out.removals == ()
    assert out.text.split("\n\n") == VARIANTS["keep"]


@pytest.mark.parametrize(("heading", "body"), VARIANTS["headings"])
def test_sub_heading_kept_as_heading(heading: str, body: str) -> None:
    source = embed(f"{heading}\n\n{body}")
    out = clean(source)
    check_invariants(source, out)
    paras = {out.text[p.start : p.end]: p.kind for p in out.paragraphs}
    assert paras.get(fold(heading)) == "heading"
    assert paras.get(body) == "body"
    assert out.removals == ()


@pytest.mark.parametrize(
    "ending",
    [
        pytest.param(
            ["“We’ll see what happens...”", "“Nobody knows yet...”", "“It could take years…”"],
            id="quoted-pauses",
        ),
        pytest.param(
            [
                "Quint said the bridge would reopen “when it is safe, and not before...”",
                "Asked about the cost, she said: “We will find the money...”",
                "The council meets again in June.",
            ],
            id="attributed-ellipses",
        ),
        pytest.param(["Cast:", "Tom Ruiz", "Ana Moreau", "Lena Marsh"], id="name-list"),
        pytest.param(
            [
                "Harbour Ferry Fares to Rise in Spring",
                "Council Names New Head of Planning",
                "Storm Damage Closes Coastal Path",
            ],
            id="headlines-without-strong-signal",
        ),
    ],
)
def test_article_endings_that_are_not_teaser_tails(ending: list[str]) -> None:
    # Without a heading, a tail needs near-certain teasers (cut-off blurbs, math letters).
    source = "\n\n".join([*CARRIER, *ending])
    out = clean(source)
    check_invariants(source, out)
    assert out.removals == ()


def test_teasers_then_body_resumes_mid_article() -> None:
    source = "\n\n".join(
        [
            CARRIER[0],
            "READ MORE ON HARBOUR NEWS",
            "STORM Engineers warn of rust in old sea wall",
            "VOTE Councillors split over lifeboat fund",
            *CARRIER[1:],
        ]
    )
    out = clean(source)
    assert out.text == "\n\n".join(CARRIER)
    assert [r.reason for r in out.removals] == ["related-tail"] * 3


def test_body_paragraphs_are_not_headings() -> None:
    out = clean("\n\n".join(CARRIER))
    assert [p.kind for p in out.paragraphs] == ["body"] * len(CARRIER)


# --- Glued credits, captions --------------------------------------------------------------


def test_glued_caption_line_removed_with_exact_pieces() -> None:
    line = "Quint at the harbourCredit: InstagramThe crowd cheered her onCredit: Instagram"
    source = embed(line)
    out = clean(source)
    removed = [(r.text, r.reason) for r in out.removals]
    assert removed == [
        ("Quint at the harbour", "caption"),
        ("Credit: Instagram", "photo-credit"),
        ("The crowd cheered her on", "caption"),
        ("Credit: Instagram", "photo-credit"),
    ]


def test_glued_credit_in_reporting_removes_credit_only() -> None:
    source = "The bridge reopened at noon.Credit: Getty ImagesTraffic was light, police said."
    out = clean(source)
    assert out.text == "The bridge reopened at noon. Traffic was light, police said."
    assert [(r.text, r.reason) for r in out.removals] == [("Credit: Getty Images", "photo-credit")]


def test_multi_sentence_paragraph_with_glued_credit_is_not_a_caption() -> None:
    # Two sentences: reporting, even though the last has lost its full stop to the credit.
    source = "Crews worked all night. The pier reopened on Friday at the sceneCredit: Reuters"
    out = clean(source)
    assert out.text == "Crews worked all night. The pier reopened on Friday at the scene"
    assert [r.reason for r in out.removals] == ["photo-credit"]


def test_parenthesised_credit_closing_a_caption() -> None:
    out = clean(embed("Engineers inspect the harbour bridge (Photo by Ana Ruiz/AFP)"))
    assert [(r.text, r.reason) for r in out.removals] == [
        ("Engineers inspect the harbour bridge", "caption"),
        ("(Photo by Ana Ruiz/AFP)", "photo-credit"),
    ]


def test_full_sentence_before_a_credit_is_kept() -> None:
    # A punctuated sentence may be reporting that a credit got glued to: only the credit goes.
    source = embed("Engineers inspected the bridge on Monday. (Photo by Ana Ruiz/AFP)")
    out = clean(source)
    assert "Engineers inspected the bridge on Monday." in out.text.split("\n\n")
    assert [r.reason for r in out.removals] == ["photo-credit"]


def test_uncredited_caption_needs_captions_elsewhere_in_the_text() -> None:
    bare = "Volunteers haul the lifeboat up the slipway"
    credited = "The crew at dawn on SundayCredit: Coastguard"
    with_evidence = clean(embed(f"{credited}\n\n{bare}"))
    assert bare not in with_evidence.text
    assert [r.reason for r in with_evidence.removals] == ["caption", "photo-credit", "caption"]
    # Without a credited caption in the text the same line reads as a sub-heading.
    without = clean(embed(bare))
    assert without.removals == ()
    assert bare in without.text


def test_spaced_key_inside_a_sentence_is_not_a_credit() -> None:
    source = "Critics praised the new film Image: A Life in Pictures, which opens on Friday."
    assert clean(source).removals == ()


def test_dateline_agency_is_not_a_photo_credit() -> None:
    source = "DUNMORE (AP) — The council met on Monday to approve the budget."
    out = clean(source)
    assert out.text == source
    assert out.removals == ()


# --- Skip removals ---------------------------------------------------------------------


def test_skip_removals_pass_through() -> None:
    source = article("a03_magazine_headings")
    title_end = source.index("\n")
    by_start = source.index("by Priya")
    skip = (
        Removal(by_start, by_start + len("by Priya Haddad"), "by Priya Haddad", "byline"),
        Removal(0, title_end, source[:title_end], "title"),
    )
    out = clean(source, skip=skip)
    check_invariants(source, out, skip)
    assert out.removals[0] == skip[1] and out.removals[1] == skip[0]
    assert "Priya" not in out.text and "Timetable" not in out.text
    assert out.text.startswith("From July 1, the ferry")
    assert [r.reason for r in out.removals] == ["title", "byline", "photo-credit"]


def test_skip_part_of_a_line() -> None:
    source = "2024-06-02T09:12:00+00:00June 2nd, 2024|Arts|\n\nThe choir sang on Sunday."
    skip = (Removal(0, 25, source[:25], "dateline"),)
    out = clean(source, skip=skip)
    check_invariants(source, out, skip)
    assert out.text == "June 2nd, 2024|Arts|\n\nThe choir sang on Sunday."


def test_skip_outside_text_is_rejected() -> None:
    with pytest.raises(ValueError, match="outside the text"):
        clean("short", skip=(Removal(2, 99, "", "title"),))


def test_overlapping_skips_are_merged_for_cleaning() -> None:
    source = "Title line\n\nBody text of the article."
    skip = (Removal(0, 5, "Title", "title"), Removal(3, 10, "le line", "title"))
    out = clean(source, skip=skip)
    assert out.text == "Body text of the article."
    assert out.removals == tuple(sorted(skip, key=lambda r: r.start))


# --- Normalisation -----------------------------------------------------------------------


def test_math_letters_folded_quotes_and_dashes_kept() -> None:
    source = "𝐋𝐨𝐯𝐞 𝑇ℎ𝑒 𝕋𝕚𝕕𝕖 𝗦𝗮𝗹𝘁 𝟕 “quoted” ‘single’ — en – dash … ﬁne ½ x² ™ № Ⅻ ＡＢ"
    out = clean(source)
    assert out.text == ("Love The Tide Salt 7 “quoted” ‘single’ — en – dash … ﬁne ½ x² ™ № Ⅻ ＡＢ")


def test_whitespace_normalised() -> None:
    source = (
        "\ufeffFirst\u00a0line  with\tspaces\u200b and\u2009thin ones.\r\n\r\n"
        "Second\u202fparagraph\u2028continues here.\rThird on its own.\u2029Fourth one."
    )
    out = clean(source)
    check_invariants(source, out)
    # \u2028 breaks a line (here mid-sentence, so the lines join), \u2029 ends a block.
    assert out.text == (
        "First line with spaces and thin ones.\n\nSecond paragraph continues here."
        "\n\nThird on its own.\n\nFourth one."
    )


def test_wrapped_lines_join_but_caption_and_body_lines_stay_apart() -> None:
    source = (
        "The ferry will run every forty minutes from July, the operator said\n"
        "on Monday, after the crew union asked for longer breaks between\n"
        "crossings during the summer months.\n\n"
        "Skippers on the slipway at dawn\n"
        "The union said the change was overdue."
    )
    out = clean(source)
    paras = out.text.split("\n\n")
    assert paras[0].startswith("The ferry will run") and paras[0].endswith("summer months.")
    assert paras[1:] == [
        "Skippers on the slipway at dawn",
        "The union said the change was overdue.",
    ]


@pytest.mark.parametrize("source", ["", " ", "\n\n\n", "\u00a0\u200b\n \n"])
def test_empty_input(source: str) -> None:
    out = clean(source)
    assert out == Cleaned("", (), ())


def test_only_boilerplate_gives_empty_text() -> None:
    source = "Share this article\n\nAdvertisement\n\nView this post on Instagram\n\nGo to Top"
    out = clean(source)
    assert out.text == "" and out.paragraphs == ()
    assert [r.reason for r in out.removals] == [
        "share-widget",
        "subscribe",
        "social-embed",
        "navigation",
    ]


def test_invariants_hold_on_shuffled_mixtures() -> None:
    # Seeded mixtures of fixture lines, separators, invisible characters and skip spans:
    # offsets, coverage and idempotence must hold whatever the combination.
    rng = random.Random(7)
    pieces = [*CARRIER, *VARIANTS["keep"]]
    pieces += [v["text"] for items in VARIANTS["variants"].values() for v in items]
    for name in ARTICLES:
        pieces += article(name).split("\n")
    seps = ["\n", "\n\n", "\r\n", "\r\n\r\n", "\n \n", "\u2029", "\n\u00a0\n"]
    noise = ["\u200b", "\u00a0", "  ", "\t", "\ufeff", "\u2009"]
    for _ in range(400):
        text = ""
        for piece in rng.sample(pieces, rng.randint(1, 10)):
            if rng.random() < 0.2:
                at = rng.randint(0, len(piece))
                piece = piece[:at] + rng.choice(noise) + piece[at:]
            text += piece + rng.choice(seps)
        skip: tuple[Removal, ...] = ()
        if rng.random() < 0.3:
            a = rng.randint(0, len(text))
            b = min(len(text), a + rng.randint(0, 40))
            skip = (Removal(a, b, text[a:b], "title"),)
        check_invariants(text, clean(text, skip=skip), skip)


# --- Config and purity -------------------------------------------------------------------


def test_config_is_frozen_plain_data() -> None:
    cfg = CleanConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.teaser_threshold = 0.0  # type: ignore[misc]
    for f in dataclasses.fields(cfg):
        assert type(getattr(cfg, f.name)) in (int, float, bool, str, tuple), f.name


def test_config_thresholds_change_behaviour() -> None:
    source = article("a06_wrapped_headless")
    assert "Tidewater" not in clean(source).text
    strict = CleanConfig(headless_min_lines=50)
    assert "Tidewater" in clean(source, config=strict).text


def test_deterministic_and_pure() -> None:
    source = article("a01_tabloid_captions")
    skip = [Removal(0, 10, source[:10], "title")]
    first = clean(source, skip=skip)
    assert clean(source, skip=skip) == first
    assert skip == [Removal(0, 10, source[:10], "title")]


# --- Seeds (../shared): real scrapes, checked for markers only ----------------------------


def test_seeds(seeds_dir: Path) -> None:
    files = sorted(seeds_dir.glob("*.txt"))
    assert len(files) == 4
    outs = {}
    for path in files:
        source = path.read_text("utf-8")
        out = clean(source)
        check_invariants(source, out)
        outs[path.name[:3]] = (source, out)
    for marker in (
        "Credit:",
        "Related Posts",
        "View this post",
        "A post shared by",
        "Share This Story",
        "Go to Top",
    ):
        assert all(marker not in out.text for _, out in outs.values()), marker
    # 000 is all reporting; 002 loses its credit line only; 003 only embeds and widgets.
    assert outs["000"][1].removals == ()
    assert [r.reason for r in outs["002"][1].removals] == ["photo-credit"]
    assert {r.reason for r in outs["003"][1].removals} == {
        "social-embed",
        "share-widget",
        "navigation",
    }
    # 001: captions and credits, then the tail from its heading on, nothing else.
    source, out = outs["001"]
    tail = source.index("Related Posts")
    assert {r.reason for r in out.removals} == {"caption", "photo-credit", "related-tail"}
    assert all(r.start >= tail for r in out.removals if r.reason == "related-tail")
    assert all(r.end <= tail for r in out.removals if r.reason != "related-tail")
    assert "Related" not in out.text and "Trailer" not in out.text
