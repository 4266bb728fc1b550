"""Extract and score in one call: what the pipeline runs for every post.

`analyse(post)` is `score(extract(post))`: identifiers, language, emoji and indicator hits of one
post. The hits order review; they never label a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from baken.scan.catalogue import Catalogue, default_catalogue
from baken.scan.extract import extract
from baken.scan.extract import language as language_model
from baken.scan.extract.places import PlaceMatcher, default_matcher
from baken.scan.indicators import matcher_for, score
from baken.scan.model import Finding, Post

__all__ = ["analyse", "analyse_all", "warm_up"]


def analyse(
    post: Post, catalogue: Catalogue | None = None, places: PlaceMatcher | None = None
) -> Finding:
    """Identifiers, language, emoji and indicator hits of `post`; places by `places` (default:
    the municipalities shipped with Baken)."""
    return score(extract(post, places), catalogue)


def analyse_all(
    posts: Iterable[Post], catalogue: Catalogue | None = None, places: PlaceMatcher | None = None
) -> Iterator[Finding]:
    """`analyse` over a stream of posts, lazily."""
    catalogue = catalogue or default_catalogue()
    for post in posts:
        yield score(extract(post, places), catalogue)


def warm_up(catalogue: Catalogue | None = None) -> None:
    """Load the language model, the place names and the compiled catalogue now.

    Loading takes about half a second with the table cache filled (the language model's
    tables and the catalogue's expression sources come from it; compiling the expressions
    remains), a second without; a worker pool does it once in its forkserver (see
    `baken.scan.preload`) instead of paying it on the first post of every worker.
    """
    language_model.load()
    default_matcher()
    matcher_for(catalogue or default_catalogue())
