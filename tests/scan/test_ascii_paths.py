"""The expressions kept for all-ASCII text (most posts) find exactly what the general ones find.

`WordPattern` compiles each boundary pattern (place names, indicator lexicons) a second time
with only the ASCII part of the boundary class, and `masked_words` reads ASCII text with an
explicit letter class; both are taken only when the text is all ASCII, where they must agree
with the general expression match for match.
"""

from __future__ import annotations

import random
import re

import pytest

from baken.scan import minhash
from baken.scan.catalogue import default_catalogue
from baken.scan.extract.places import default_matcher
from baken.scan.extract.trie import (
    ASCII_BOUNDARY,
    BOUNDARY,
    WordPattern,
    lowered,
    padded,
    word_pattern,
)
from baken.scan.indicators import LANGUAGE_GROUPS, matcher_for
from baken.scan.synthetic import generate

# Every ASCII character, so each one is tried as a boundary, inside a word and after one.
_ASCII = [chr(code) for code in range(128)]


def _word_patterns() -> dict[str, tuple[WordPattern, list[str]]]:
    """The boundary patterns Baken scans with, each with words it matches (the place names;
    the literal stretches of the lexicons), so that random text around them matches often."""
    places = default_matcher()
    patterns = {"places": (places.pattern, sorted(n for n in places.values if n.isascii()))}
    for group, (finder, _, _) in matcher_for(default_catalogue()).word_res.items():
        words = sorted(set(re.findall(r"[a-z]{3,}", finder.pattern.pattern)))
        patterns[f"indicators:{group}"] = (finder, words)
    return patterns


def _ascii_texts(words: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 30)):
            roll = rng.random()
            if roll < 0.45:
                parts.append(rng.choice(words))
            elif roll < 0.7:
                parts.append(rng.choice(_ASCII))
            else:
                parts.append("".join(rng.choices(_ASCII, k=rng.randint(1, 4))))
            parts.append(rng.choice(" \t\n.,;:!?-/()'\"#@"))
        texts.append("".join(parts))
    return texts


def _generated_texts(count: int) -> list[str]:
    return [post.text for post in generate(count, 0.1, 11).posts if post.text.isascii()]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str | None]]:
    return [(match.start(), match.end(), match.lastgroup) for match in pattern.finditer(text)]


# Named without building the patterns, so that collecting the tests compiles nothing.
@pytest.mark.parametrize("name", ["places", *(f"indicators:{group}" for group in LANGUAGE_GROUPS)])
def test_ascii_word_pattern_finds_what_the_general_one_finds(name: str) -> None:
    pattern, words = _word_patterns()[name]
    texts = _ascii_texts(words, 1500, seed=len(name))
    texts += _generated_texts(1500)
    matched = 0
    for text in texts:
        padded_text = padded(lowered(text))
        assert padded_text.isascii()
        expected = _spans(pattern.pattern, padded_text)
        assert _spans(pattern.ascii, padded_text) == expected, text
        assert [m.span() for m in pattern.finditer(padded_text)] == [s[:2] for s in expected]
        matched += len(expected)
    if name == "indicators:cyrillic":
        assert matched == 0  # no Cyrillic word in ASCII text; the matcher skips the group there
    else:
        assert matched > 1000  # the texts exercised the pattern, not only its misses


def test_text_with_other_characters_takes_the_general_pattern() -> None:
    pattern = word_pattern("amsterdam|utrecht")
    # The ellipsis and the no-break space are boundaries only in the general class.
    text = padded("bel…amsterdam\u00a0utrecht")
    assert [m.group()[1:] for m in pattern.finditer(text)] == ["amsterdam", "utrecht"]
    assert list(pattern.ascii.finditer(text)) == []


def test_the_ascii_boundary_is_the_boundary_class_within_ascii() -> None:
    general, ascii_only = re.compile(BOUNDARY), re.compile(ASCII_BOUNDARY)
    for char in _ASCII:
        assert bool(ascii_only.fullmatch(char)) == bool(general.fullmatch(char)), repr(char)


def test_a_word_pattern_must_start_with_the_boundary_class() -> None:
    with pytest.raises(ValueError, match="BOUNDARY"):
        WordPattern("(?:amsterdam)")
    assert WordPattern(BOUNDARY + "x").pattern.pattern.startswith(BOUNDARY)


def test_ascii_words_are_the_words_of_the_general_expression() -> None:
    general = re.compile(r"[^\W\d_]+|\d+")
    texts = _ascii_texts(["Den", "HAAG", "o6", "24/7", "x_y", "fooBar12"], 2000, 5)
    texts += _generated_texts(1500)
    words = 0
    for text in texts:
        expected = general.findall(text.lower())
        assert minhash.masked_words(text) == expected, text
        words += len(expected)
    assert words > 10_000
    # Outside ASCII the general expression is used: accented letters stay in their word.
    assert minhash.masked_words("Café Ünïcode 12") == ["café", "ünïcode", "12"]
