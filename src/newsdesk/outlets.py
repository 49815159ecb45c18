"""One name per outlet across a corpus.

The same outlet reaches newsdesk under several names: a folder slug
("meridian-wire"), a site ("meridianwire.com"), the publisher's own metadata
("Meridian Wire"). Counted as three, it inflates "outlets" and "independent
sources" and splits an outlet's row in every table. Names that reduce to the
same key (lower case, letters and digits only, without "www." and a common
top-level domain) are one outlet, shown under its most readable name: one
with capitals or spaces (what a publisher writes) before a slug or a host,
then the most frequent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_TLD = re.compile(r"\.(?:com|org|net|co\.uk|co|news|info|io|us)$")


def outlet_key(name: str) -> str:
    key = name.strip().lower().removeprefix("www.")
    return re.sub(r"[^a-z0-9]+", "", _TLD.sub("", key))


def _readable(name: str) -> bool:
    return " " in name.strip() or any(c.isupper() for c in name)


def canonical_outlets(names: Iterable[str | None]) -> dict[str, str]:
    """``{name: display name}`` for every name that should be shown otherwise."""
    counts = Counter(n for n in names if n and n.strip())
    groups: dict[str, list[str]] = {}
    for name in counts:
        if key := outlet_key(name):
            groups.setdefault(key, []).append(name)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        best = max(sorted(members), key=lambda n: (_readable(n), counts[n]))
        out.update({n: best for n in members if n != best})
    return out
