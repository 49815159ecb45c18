"""Who is who within one story, and which articles are copies of which.

``Names`` maps a name as an outlet wrote it to the story's entity (entity linking
left some subjects and speakers unlinked: "Mayor Ana Ruiz" when the entity is
"Ruiz"). ``Origins`` groups articles by independent origin using the copy links.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from ..extract.values import TITLE_MODIFIERS, TITLES
from ..model import Entity, Link
from .tolerance import names_agree, norm_text, places_agree

_TITLE_WORDS = TITLES | TITLE_MODIFIERS | {"mr", "mrs", "ms", "dr", "sir", "dame", "rep", "sen"}
COPY_KINDS = frozenset({"duplicate", "near_duplicate", "rewrite"})


def strip_titles(name: str) -> str:
    """``name`` normalised, without leading titles ("Mayor", "Dr.")."""
    words = norm_text(name).split()
    while len(words) > 1 and words[0] in _TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def looks_like_name(text: str) -> bool:
    """A short run of capitalised words ("Ana Ruiz"), not a description
    ("a couple of photographs of them", "A source")."""
    words = text.split()
    if not 1 <= len(words) <= 5:
        return False
    caps = [w for w in words if w[:1].isupper()]
    return len(caps) == len(words) and norm_text(words[0]) not in ("a", "an", "one", "some")


class Names:
    """The entities of one story, looked up by any of their names."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities = {e.id: e for e in entities}
        by_name: dict[str, set[str]] = {}
        by_surname: dict[str, set[str]] = {}
        for e in self.entities.values():
            spellings = (e.name, *e.aliases, *(v.spelling for v in e.variants))
            for spelling in spellings:
                by_name.setdefault(strip_titles(spelling), set()).add(e.id)
                words = strip_titles(spelling).split()
                if e.type == "PERSON" and len(words) >= 2:
                    by_surname.setdefault(words[-1], set()).add(e.id)
        # A name two entities share ("Clinton") identifies neither.
        self._by_name = {n: next(iter(ids)) for n, ids in by_name.items() if len(ids) == 1}
        self._by_surname = {n: next(iter(i)) for n, i in by_surname.items() if len(i) == 1}

    def entity(self, name: str | None) -> str | None:
        """The id of the entity ``name`` names, when exactly one does."""
        if not name:
            return None
        key = strip_titles(name)
        if (found := self._by_name.get(key)) is not None:
            return found
        words = key.split()
        if words and looks_like_name(name):
            return self._by_surname.get(words[-1])
        return None

    def display(self, entity_id: str | None, fallback: str | None) -> str | None:
        e = self.entities.get(entity_id or "")
        return e.name if e is not None else fallback

    def same_person(self, a: str, b: str) -> bool:
        """Names of one person: one entity, or names that agree even where the
        entity merge kept them apart ("Judge Peter Cahill", "Peter A. Cahill")."""
        ea, eb = self.entity(a), self.entity(b)
        return (ea is not None and ea == eb) or names_agree(a, b)

    def same_place(self, a: str, b: str) -> bool:
        """One place, or one inside the other: by words, by entity, or a part of
        one ("Harbour Hall, Port Vell") naming the other's entity."""
        ea, eb = self.entity(a), self.entity(b)
        if ea is not None and ea == eb:
            return True
        if places_agree(a, b):
            return True
        parts_a = {self.entity(p) for p in a.split(",")} - {None}
        parts_b = {self.entity(p) for p in b.split(",")} - {None}
        return bool((parts_a & ({eb} | parts_b)) or (parts_b & {ea}))


class Origins:
    """Independent origins among a story's articles.

    Two articles depend on each other when one is a copy (duplicate,
    near-duplicate or rewrite, through any chain of copies) of the other, or
    both copy a common article. A link whose direction is unknown counts both
    ways. Two articles that only share a copier (a digest quoting both) stay
    independent.
    """

    def __init__(self, links: Iterable[Link], *, published: Mapping[str, date | None]) -> None:
        self.published = published
        self._sources: dict[str, set[str]] = {}
        for link in links:
            if link.kind not in COPY_KINDS:
                continue
            self._sources.setdefault(link.target, set()).add(link.source)
            if not link.directed:
                self._sources.setdefault(link.source, set()).add(link.target)
        self._ancestors: dict[str, frozenset[str]] = {}

    def ancestors(self, article_id: str) -> frozenset[str]:
        """The article and every article it copies, directly or not."""
        if (known := self._ancestors.get(article_id)) is not None:
            return known
        seen = {article_id}
        todo = [article_id]
        while todo:
            for source in self._sources.get(todo.pop(), ()):
                if source not in seen:
                    seen.add(source)
                    todo.append(source)
        self._ancestors[article_id] = frozenset(seen)
        return self._ancestors[article_id]

    def groups(self, article_ids: Sequence[str]) -> list[list[str]]:
        """``article_ids`` split into groups of mutually dependent articles."""
        ids = list(dict.fromkeys(article_ids))
        parent = {a: a for a in ids}

        def root(a: str) -> str:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if self.ancestors(a) & self.ancestors(b):
                    parent[root(a)] = root(b)
        out: dict[str, list[str]] = {}
        for a in ids:
            out.setdefault(root(a), []).append(a)
        return list(out.values())

    def sources(self, article_ids: Sequence[str]) -> tuple[str, ...]:
        """One article per independent origin: the one the others copy, else
        the earliest published (then the smallest id)."""
        out = []
        for group in self.groups(article_ids):
            order = {a: self._source_order(a, group) for a in group}
            out.append(min(group, key=order.__getitem__))
        return tuple(sorted(out))

    def _source_order(self, a: str, group: Sequence[str]) -> tuple[int, bool, date, str]:
        copies = sum(a in self.ancestors(b) for b in group if b != a)
        day = self.published.get(a)
        return (-copies, day is None, day or date.min, a)
