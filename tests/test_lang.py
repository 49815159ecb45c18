from __future__ import annotations

import pytest

from newsdesk.lang import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The harbour authority said the new ferry terminal would open in the spring.", "en"),
        ("El ayuntamiento dijo que la nueva terminal de ferris abrirá en primavera.", "es"),
        (
            "Pihak berkuasa pelabuhan berkata terminal feri baharu akan dibuka pada musim bunga.",
            "ms",
        ),
        ("港务局表示，新的渡轮码头将于春季启用，预计每天接待数千名旅客。", "zh"),
        ("Die Hafenbehörde teilte mit, das neue Fährterminal werde im Frühjahr eröffnet.", "de"),
    ],
)
def test_detects_the_language_of_a_news_sentence(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_too_short_to_call_gives_the_default() -> None:
    assert detect_language("Ok.") == "en"
    assert detect_language("Ok.", default="und") == "und"
