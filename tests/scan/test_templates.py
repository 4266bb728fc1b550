"""Template grouping: planted clusters come back, and the guards keep unrelated ads apart."""

from __future__ import annotations

import random

import numpy as np

from baken.scan import minhash, synthetic_text
from baken.scan.grouping import GroupingPolicy, group
from baken.scan.grouping.summary import summarise
from baken.scan.metrics import pair_scores
from baken.scan.model import Identifier
from baken.scan.synthetic import generate


def shingles(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return minhash.Shingler().shingle([minhash.tokens(text) for text in texts])


def labels_of(texts: list[str], policy: GroupingPolicy | None = None) -> np.ndarray:
    return group(*shingles(texts), policy).labels


def words(rng: random.Random, count: int) -> str:
    pool = synthetic_text.NL_WORDS + synthetic_text.EN_WORDS
    return " ".join(rng.choice(pool) for _ in range(count))


def test_planted_templates_are_recovered_at_ten_percent_noise() -> None:
    data = generate(3000, noise=0.10, seed=4)

    found = labels_of([post.text for post in data.posts])

    scores = pair_scores(data.clusters, found)
    assert scores.ari >= 0.98
    assert scores.precision >= 0.99


def test_planted_templates_hold_together_at_twenty_percent_noise() -> None:
    data = generate(3000, noise=0.20, seed=5)

    scores = pair_scores(data.clusters, labels_of([post.text for post in data.posts]))

    assert scores.precision >= 0.99
    assert scores.recall >= 0.8


def test_a_generic_phrase_shared_by_unrelated_ads_does_not_merge_them() -> None:
    rng = random.Random(1)
    phrase = "100% echt geen nep, bel of app mij dag en nacht beschikbaar voor jou"
    unrelated = [f"{words(rng, 22)} {phrase} {words(rng, 8)}" for _ in range(40)]
    template = words(rng, 30)
    copies = [f"{template} {phrase} Ik ben {name}" for name in ("Anna", "Eva", "Mila", "Noor")]

    found = labels_of(unrelated + copies)

    assert len(set(found[:40].tolist())) == 40  # every unrelated ad alone
    assert len(set(found[40:].tolist())) == 1  # the copies together
    assert found[40] not in set(found[:40].tolist())


def test_a_post_mixing_two_templates_does_not_weld_them_together() -> None:
    rng = random.Random(2)
    first, second = words(rng, 36), words(rng, 36)
    texts = [f"{first} {words(rng, 3)}" for _ in range(15)]
    texts += [f"{second} {words(rng, 3)}" for _ in range(15)]
    texts.append(" ".join(first.split()[:18] + second.split()[18:]))

    found = labels_of(texts)

    assert len(set(found[:15].tolist())) == 1
    assert len(set(found[15:30].tolist())) == 1
    assert found[0] != found[15]


def test_copies_differing_only_in_phone_numbers_are_one_template() -> None:
    rng = random.Random(3)
    body = words(rng, 25)
    texts = [f"{body} bel 06-{rng.randrange(10**8):08d}" for _ in range(6)]
    other = words(rng, 25)
    texts += [f"{other} bel 06-12345678", f"{words(rng, 25)} bel 06-12345678"]

    found = labels_of(texts)

    assert len(set(found[:6].tolist())) == 1
    assert found[6] != found[7]  # the same number in two texts is not a shared template


def test_short_messages_are_never_grouped() -> None:
    found = labels_of(["oke bel me"] * 20)

    assert len(set(found.tolist())) == 20


def test_cluster_numbers_follow_the_order_of_each_first_post() -> None:
    rng = random.Random(4)
    a, b = words(rng, 30), words(rng, 30)
    texts = [b, a, words(rng, 30), b, a]

    found = labels_of(texts)

    assert found.tolist() == [0, 1, 2, 0, 1]


def test_template_summary_marks_names_ages_and_cities_as_slots() -> None:
    fills = [("Anna", "21", "Utrecht"), ("Sophie", "24", "Breda"), ("Ioana", "19", "Arnhem")]
    texts, found = [], []
    for name, age, city in fills:
        text = f"Hoi lieve heren, ik ben {name}, {age} jaar en nieuw in {city}. Bel mij snel."
        texts.append(text)
        found.append(
            [
                Identifier("age", age, age, text.index(age), text.index(age) + 2),
                Identifier("place", city, city, text.index(city), text.index(city) + len(city)),
            ]
        )

    summary = summarise(texts, found)

    kinds = [slot.kind for slot in summary.slots]
    assert kinds == ["name", "age", "city"]
    assert {"Anna,", "Sophie,", "Ioana,"} <= set(summary.slots[0].examples)
    constant = " ".join(s.text for s in summary.segments if not s.slot)
    assert "Hoi lieve heren, ik ben" in constant
    assert "Bel mij snel." in constant
