"""The generator: repeatable, with a truth that matches what it planted."""

from __future__ import annotations

import json

import numpy as np
import phonenumbers

from baken.scan.synthetic import OBSCURED_FORMS, PLAIN_FORMS, generate
from baken.scan.synthetic_files import write_inputs


def test_the_same_seed_gives_the_same_posts_and_truth() -> None:
    first, second = generate(400, 0.1, seed=9), generate(400, 0.1, seed=9)

    assert [p.text for p in first.posts] == [p.text for p in second.posts]
    assert np.array_equal(first.clusters, second.clusters)
    assert generate(400, 0.1, seed=10).posts[0].text != first.posts[0].text


def test_templates_are_planted_inside_networks() -> None:
    data = generate(3000, 0.0, seed=1)

    sizes = np.bincount(data.clusters)
    assert (sizes >= 2).sum() > 50
    assert 0.5 < sizes[data.clusters].__ge__(2).mean() < 0.8
    # A cluster never spans two networks; some networks hold several templates.
    pairs = {(c, n) for c, n in zip(data.clusters.tolist(), data.networks.tolist(), strict=True)}
    assert len({c for c, _ in pairs}) == len(pairs)
    assert len({n for _, n in pairs}) < len(pairs)


def test_planted_phones_are_valid_in_plain_and_obscured_forms_and_decoys_are_not() -> None:
    data = generate(3000, 0.03, seed=2)

    planted = [phone for phones in data.phones for phone in phones]
    assert {p.form for p in planted} == set(PLAIN_FORMS) | set(OBSCURED_FORMS)
    for phone in planted[:300]:
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone.e164))
    decoys = {d for ds in data.decoys for d in ds}
    assert decoys
    for decoy in decoys:
        assert not phonenumbers.is_valid_number(phonenumbers.parse(decoy, "NL"))
    for post, phones in zip(data.posts, data.phones, strict=True):
        assert all(phone.written in post.text for phone in phones)


def test_noise_edits_about_the_share_of_words_asked_for() -> None:
    clean, noisy = generate(600, 0.0, seed=3), generate(600, 0.2, seed=3)

    changed = same = 0
    for a, b in zip(clean.posts, noisy.posts, strict=True):
        x, y = a.text.split(), b.text.split()
        same += sum(1 for word in y if word in set(x))
        changed += len(y)
    assert 0.65 < same / changed < 0.9


def test_written_files_keep_the_post_ids(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = generate(200, 0.0, seed=4)

    paths = write_inputs(data.posts, tmp_path)

    ids = set()
    for path in paths:
        if path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                ids.add(f"ad:{record['site']}:{record['id']}")
        else:
            chat = json.loads(path.read_text(encoding="utf-8"))
            ids.update(f"tg:{chat['id']}:{m['id']}" for m in chat["messages"])
    assert ids == {post.id for post in data.posts}
