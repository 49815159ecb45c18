"""One name per outlet: slugs, hosts and metadata names of one outlet merge."""

from __future__ import annotations

from newsdesk.outlets import canonical_outlets, outlet_key


def test_slug_host_and_name_of_one_outlet_show_as_its_name() -> None:
    names = ["meridian-wire", "Meridian Wire", "meridianwire.com", "Meridian Wire"]
    assert canonical_outlets(names) == {
        "meridian-wire": "Meridian Wire",
        "meridianwire.com": "Meridian Wire",
    }


def test_different_outlets_and_lone_slugs_stay() -> None:
    names = ["daily-blare", "Valley Courier", "Valley Post", None, ""]
    assert canonical_outlets(names) == {}


def test_key_ignores_case_punctuation_www_and_domain() -> None:
    assert outlet_key("www.Harbor-Gazette.co.uk") == outlet_key("Harbor Gazette") == "harborgazette"


def test_the_most_frequent_readable_name_wins() -> None:
    names = ["Lakeshore ledger", "Lakeshore Ledger", "Lakeshore Ledger", "lakeshore-ledger"]
    out = canonical_outlets(names)
    assert out == {"Lakeshore ledger": "Lakeshore Ledger", "lakeshore-ledger": "Lakeshore Ledger"}
