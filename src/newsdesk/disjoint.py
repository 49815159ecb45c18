"""Disjoint sets (union-find with path halving): which items a set of links
joins into one group. Used for copy groups (report), drawn provenance edges
(web) and groups of candidate pairs (dedup)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class DisjointSets(Generic[T]):
    def __init__(self, items: Iterable[T] = ()) -> None:
        self._parent: dict[T, T] = {x: x for x in items}

    def find(self, x: T) -> T:
        parent = self._parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: T, b: T) -> None:
        self._parent[self.find(a)] = self.find(b)

    def joined(self, a: T, b: T) -> bool:
        return self.find(a) == self.find(b)

    def groups(self, items: Iterable[T]) -> list[list[T]]:
        """``items`` by group, each group and the groups in first-seen order."""
        out: dict[T, list[T]] = {}
        for x in items:
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())
