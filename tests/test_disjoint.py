from newsdesk.disjoint import DisjointSets


def test_groups_follow_unions_in_first_seen_order() -> None:
    sets = DisjointSets(["a", "b", "c", "d", "e"])
    sets.union("a", "c")
    sets.union("d", "c")
    assert sets.joined("a", "d") and not sets.joined("a", "b")
    assert sets.groups(["a", "b", "c", "d", "e"]) == [["a", "c", "d"], ["b"], ["e"]]
    # Items never seen before are their own group until joined.
    assert not sets.joined("x", "y")
    sets.union("x", "e")
    assert sets.joined("e", "x")
