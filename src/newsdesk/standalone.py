"""Whether a sentence or an outlet's title can stand on its own in a summary.

Shared by the summarizer (which sentences and which title it may use) and
clustering (which title names a story): a question, a teaser, a caption, a
lifted quotation or a sentence leaning on the one before it does not.
"""

from __future__ import annotations

import re

_TERMINAL = re.compile(r"[.!][\"'”’)\]]*$")
QUOTE_CHARS = re.compile(r"[\"“”«»„]")
# A quoted stretch: straight, curly, low-high („…“) or guillemets («…»).
_QUOTED = re.compile(r"[\"“„«][^\"”“»]*[\"”“»]")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|We|my|My|our|Our|you|You|your|Your)\b")
# A pronoun or demonstrative opening the sentence points back at a sentence
# the reader of the summary may not get.
_DANGLING = re.compile(r"^(?:He|She|They|It|This|That|These|Those|His|Her|Their|Its|There)\b")
# "The actress, 34, ..." names by role and age someone a sentence before named.
_ROLE_AND_AGE = re.compile(r"^The (?:[a-z][\w-]* ){0,2}[a-z][\w-]*, \d{1,3}, ")
# A short sentence whose subject is "this production" or "these talks" leans on
# a sentence before it just as an opening "This" does; a longer one usually
# says enough itself. Time phrases ("this week") lean on nothing. Measured on
# roundup train: 28 of 12,870 candidates, ROUGE unchanged.
_LEANING = re.compile(
    r"\b(?:this|these|those)\s+(?!(?:week|weekend|year|month|morning|afternoon|evening|"
    r"night|season|spring|summer|fall|autumn|winter|time|decade|century|day|past|coming|"
    r"quarter|term|session)\b)[a-z]"
)
_LEANING_MAX_WORDS = 12
# Captions, credits and page furniture that survive cleaning.
_FURNITURE = re.compile(
    r"https?://|www\.|@\w|\b(?:click|subscribe|sign up|newsletter|read more|"
    r"related (?:posts|articles|stories|coverage|content|reading)|"
    r"all rights reserved|copyright|follow us|advertisement|getty images|photo by|"
    r"file photo|pictured|image credit|photograph:|\(photo|\(ap\b|\(reuters\b)",
    re.IGNORECASE,
)


# Fact-check layouts label what is checked: the sentence after "CLAIM:" is
# the claim under test, not a fact to repeat.
_FACT_CHECK = re.compile(r"^(?:claim|the claim|verdict|the facts|rating|fact check)\s*:", re.I)


def _unbalanced(t: str) -> bool:
    """A closing quote mark without its opening one: the sentence is the tail
    of a quotation that began in an earlier sentence."""
    return t.count("”") > t.count("“") or t.count("»") > t.count("«")


def usable(text: str, *, min_words: int, max_words: int) -> bool:
    """Whether ``text`` can stand in a summary on its own."""
    t = text.strip()
    n = len(t.split())
    if not (min_words <= n <= max_words):
        return False
    if not _TERMINAL.search(t) or t.endswith(("...", "…")):
        return False  # a question, or a fragment (leads cut off mid-sentence)
    if not (t[0].isupper() or t[0].isdigit()):
        return False
    if _FURNITURE.search(t) or _DANGLING.match(t) or _ROLE_AND_AGE.match(t) or _FACT_CHECK.match(t):
        return False
    quoted = sum(len(m) for m in _QUOTED.findall(t))
    if t[0] in "\"“„«'‘" or quoted > 0.4 * len(t) or _unbalanced(t):
        return False  # a quotation without the context that says who and why
    unquoted = _QUOTED.sub(" ", t)
    if n <= _LEANING_MAX_WORDS and _LEANING.search(unquoted):
        return False
    return not _FIRST_PERSON.search(unquoted)


# Furniture some outlets put in titles: "LIVE:", "WATCH:", "Opinion |".
_TITLE_FLAG = re.compile(
    r"^(?:live|watch|video|listen|opinion|analysis|breaking|exclusive)\b\s*[:|-]", re.I
)
# Teasers that promise a story rather than state it: "See …", "Here's why …",
# "How …", "What we know …".
_TEASER = re.compile(r"^(?:see|watch|here'?s|here is|why|how|what|who|when|this is)\b", re.I)


def usable_headline(title: str, *, max_words: int = 20) -> bool:
    """Whether an outlet's title can open the summary: a statement of at least
    four words, not a question, a teaser, a quotation or shouting."""
    t = " ".join(title.split())
    n = len(t.split())
    if not (4 <= n <= max_words) or t.endswith(("?", "...", "…")):
        return False
    if _FURNITURE.search(t) or _TITLE_FLAG.match(t) or _TEASER.match(t) or " | " in t:
        return False
    letters = [ch for ch in t if ch.isalpha()]
    if letters and sum(ch.isupper() for ch in letters) > 0.8 * len(letters):
        return False
    quoted = sum(len(m) for m in _QUOTED.findall(t))
    if t[0] in "\"“„«'‘" or quoted > 0.4 * len(t) or _unbalanced(t):
        return False
    return not _TITLE_FIRST_PERSON.search(_QUOTED.sub(" ", t))


# In Title Case "Hold My Hand" names a song: a capitalised pronoun counts as
# first person only where it opens the title.
_TITLE_FIRST_PERSON = re.compile(
    r"^(?:I|I'm|I’m|We|My|Our|You|Your)\b|\b(?:I|I'm|I’m|we|my|our|you|your)\b"
)
