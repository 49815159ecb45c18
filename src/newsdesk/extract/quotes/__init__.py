"""Direct quotations and their speakers.

A quote is the text between a pair of double quote marks, straight or curly (mixed pairs
too: scraped text often closes a curly quote with a straight one). Marks pair within a
paragraph; a quote left open at a paragraph's end continues when the next paragraph opens
with a quote mark (the convention for a quotation over several paragraphs). Each
paragraph's piece is one record, ``part_of`` the first; so is each part of a quote broken
by its attribution (``"…," she said, "…"``).

The speaker, from the surest sign to the weakest: (1) a **cue**: a transcript label
(``"PENCE: …"``), a credit after a dash (``"…" ― Jane Doe``), a reporting verb or noun
whose complement holds the quote (dependency parse), one beside it in its sentence
(``"…," she said``, ``Smith said: "…"``), "according to X"; the speaker is the cue's
subject, widened to the named entity it is part of and cut before an appositive ("Smith,
the mayor, said" gives "Smith"), a pronoun resolved (``speaker_how="pronoun"``);
(2) **carried**: a quote with no cue takes the latest speaker before it in its paragraph,
or, when it opens its paragraph, the previous paragraph's; (3) otherwise unknown
(``speaker=None``, ``speaker_how="none"``): never a guess. Quotes of a social media post
get ``speaker_how="post"``.

Scare quotes and titles ("Hold My Hand", a show "on CBS's “Face the Nation”") are
dropped: a quote shorter than ``min_words`` words needs a cue, one in title case or
introduced as a name ("a show called “…”") a cue whose complement holds it. The rules
were tuned on PolNeAR train (``newsdesk eval quotes``); comments say what was measured.

The rules live in one module per concern, each importing only those before it:

- ``config``: ``QuoteConfig`` and the word lists and character classes the rules share;
- ``marks``: pairing quote marks into quote pieces (text only, no parse);
- ``speakers``: the parsed article and who a cue names (subjects, names, pronouns);
- ``cues``: which cue attributes a quote (label, dash, parse path, window, colon);
- ``carry``: the speaker an unattributed quote takes from what comes before it;
- ``find``: ``find_quotes``, tying these together into ``Quote`` records.
"""

from __future__ import annotations

from .config import CUE_NOUNS, CUE_VERBS, ROLE_NOUNS, QuoteConfig
from .find import find_quotes

__all__ = ["CUE_NOUNS", "CUE_VERBS", "ROLE_NOUNS", "QuoteConfig", "find_quotes"]
