"""Numbered error messages, in one place so users can search them and tests can assert them.

Codes never change meaning once released; add new ones at the end of a block.
"""

from __future__ import annotations


class Messages:
    # Ingest: inputs that could not become articles (E1xx).
    E101 = "path does not exist"
    E102 = "file cannot be read: {detail}"
    E103 = "file is empty"
    E104 = "file looks binary ({detail}), not an article"
    E105 = "bytes cannot be decoded as text (tried {detail})"
    E106 = (
        "file is {size_mb:.1f} MB, over the {limit_mb:.1f} MB limit for one article "
        "(ingest.max_article_bytes)"
    )
    E107 = "HTML has no extractable article text{detail}"
    E108 = "line {line}: invalid JSON: {detail}"
    E109 = "line {line}: JSON record has no text field (looked for {fields})"
    E110 = "invalid JSON: {detail}"
    E111 = "WARC archive is damaged: {detail}"
    E112 = "feed cannot be parsed: {detail}"
    E113 = "no text left after cleaning"
    E114 = "unsupported input ({detail})"
    E115 = "record {index}: {detail}"
    E116 = "glob matched no files"
    E117 = "front matter is not valid YAML: {detail}"
    E118 = "compressed data is damaged: {detail}"
    E119 = "reader '{reader}' failed on this input: {detail}"

    # Configuration and usage (E2xx).
    E201 = "unknown config key '{key}'"
    E202 = "config key '{key}' expects {expected}, got {value!r}"
    E203 = "--set expects KEY=VALUE, got {value!r}"
    E204 = "config file {path} cannot be read: {detail}"

    # Pipeline (E3xx).
    E301 = "stage '{stage}' requires '{field}', which no earlier stage assigns"
    E302 = "no stage named '{stage}'"
    E303 = "stage '{stage}' failed on {item}: {detail}"

    # Store (E4xx).
    E401 = "database {path} was written by a newer newsdesk (migration '{name}' is unknown)"
    E402 = "no article with id '{id}'"


def msg(code: str, **fields: object) -> str:
    """Format message ``code`` ("E101") with its fields, prefixed by the code."""
    template: str = getattr(Messages, code)
    return f"{code}: {template.format(**fields)}"
