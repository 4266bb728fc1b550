"""`run_scan` end to end: generated files in, the five output files out."""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import numpy as np
import pytest

from baken.scan.errors import ScanInputError
from baken.scan.metrics import pair_scores
from baken.scan.model import Entity, Post
from baken.scan.output import LEAD_COLUMNS
from baken.scan.pipeline import ScanOptions, run_scan
from baken.scan.read import whole_characters
from baken.scan.synthetic import generate
from baken.scan.synthetic_files import write_inputs
from baken.scan.workers import _read_ahead

FILES = ("posts.jsonl", "clusters.csv", "networks.csv", "leads.csv", "report.html")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], object]:
    folder = tmp_path_factory.mktemp("scan")
    data = generate(1500, noise=0.05, seed=6)
    inputs = write_inputs(data.posts, folder / "in")
    run_scan(inputs, folder / "out", workers=1)
    return folder / "out", inputs, data


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_outputs_have_exactly_the_columns(scanned) -> None:  # type: ignore[no-untyped-def]
    out, _, data = scanned

    posts = [json.loads(line) for line in (out / "posts.jsonl").read_text("utf-8").splitlines()]
    assert len(posts) == len(data.posts)
    assert all(
        list(post)
        == [
            "id",
            "source",
            "posted_at",
            "text",
            "identifiers",
            "indicators",
            "cluster_id",
            "network_id",
        ]
        for post in posts
    )
    spans = [i for post in posts for i in post["indicators"]]
    assert spans
    assert all({"code", "evidence", "start", "end"} <= set(i) for i in spans)
    assert (out / "clusters.csv").read_text("utf-8").splitlines()[0] == "post_id,cluster_id"
    assert (out / "networks.csv").read_text("utf-8").splitlines()[0] == "post_id,network_id"
    assert tuple(rows(out / "leads.csv")[0]) == LEAD_COLUMNS
    networks = {row["network_id"] for row in rows(out / "networks.csv")}
    assert {row["network_id"] for row in rows(out / "leads.csv")} == networks


def test_planted_templates_and_networks_come_back(scanned) -> None:  # type: ignore[no-untyped-def]
    out, _, data = scanned
    position = {post.id: k for k, post in enumerate(data.posts)}
    cluster = np.zeros(len(data.posts), dtype=object)
    network = np.zeros(len(data.posts), dtype=object)
    for row in rows(out / "clusters.csv"):
        cluster[position[row["post_id"]]] = row["cluster_id"]
    for row in rows(out / "networks.csv"):
        network[position[row["post_id"]]] = row["network_id"]

    templates = pair_scores(data.clusters, np.unique(cluster, return_inverse=True)[1])
    linked = pair_scores(data.networks, np.unique(network, return_inverse=True)[1])

    assert templates.ari >= 0.95
    assert templates.precision >= 0.98
    assert linked.ari >= 0.95
    assert linked.precision >= 0.98


def test_leads_are_ordered_by_score_and_list_their_contacts(scanned) -> None:  # type: ignore[no-untyped-def]
    out, _, _ = scanned

    leads = rows(out / "leads.csv")

    scores = [float(row["score"]) for row in leads]
    assert scores == sorted(scores, reverse=True)
    top = leads[0]
    assert int(top["posts"]) > 1
    assert all(phone.startswith("+") for phone in top["phones"].split("|"))
    assert top["first_seen"] <= top["last_seen"]


def test_a_second_run_on_the_same_inputs_writes_identical_files(scanned, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out, inputs, _ = scanned

    run_scan(inputs, tmp_path, workers=1)

    for name in FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_local_worker_processes_write_the_same_files(scanned, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out, inputs, _ = scanned

    run_scan(inputs, tmp_path, workers=2)

    for name in FILES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_progress_is_reported_for_every_stage(tmp_path: Path) -> None:
    inputs = write_inputs(generate(300, 0.0, seed=1).posts, tmp_path / "in")
    seen: list[tuple[str, int, int | None]] = []

    run_scan(inputs, tmp_path / "out", workers=1, progress=lambda *a: seen.append(a))

    assert [stage for stage, *_ in seen if _[0] == _[1]] == ["analyse", "group", "link", "write"]
    assert seen[-1] == ("write", 1, 1)


def test_the_report_escapes_post_text_and_needs_nothing_outside(tmp_path: Path) -> None:
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    body = "Hoi lieve heren, nieuw hier en 100% echt, kom gezellig langs voor een afspraak"
    lines = [
        json.dumps({"id": k, "site": "s", "text": f"{body} {evil} bel 06-1234567{k}"})
        for k in range(5)
    ]
    (tmp_path / "ads.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")

    run_scan([tmp_path / "ads.jsonl"], tmp_path / "out", workers=1)

    report = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "&lt;script&gt;" in report
    assert "<script" not in report
    assert "<img" not in report
    assert "http" not in report.replace("http://www.w3.org/2000/svg", "")
    assert "<svg" in report


def test_unreadable_input_names_file_and_line_and_keeps_old_results(tmp_path: Path) -> None:
    bad = tmp_path / "ads.jsonl"
    bad.write_text('{"id": 1, "text": "hoi"}\n{"id": 2, "text": \n', encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "leads.csv").write_text("old\n", encoding="utf-8")

    with pytest.raises(ScanInputError) as error:
        run_scan([bad], out, workers=1)

    assert str(bad) in str(error.value)
    assert "line 2" in str(error.value)
    assert (out / "leads.csv").read_text("utf-8") == "old\n"
    assert sorted(p.name for p in out.iterdir()) == ["leads.csv"]


def test_unreadable_input_stops_a_run_with_worker_processes_just_as_precisely(
    tmp_path: Path,
) -> None:
    good = write_inputs(generate(300, 0.0, seed=1).posts, tmp_path / "in")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "hoi"}\n[1, 2]\n', encoding="utf-8")
    out = tmp_path / "out"

    with pytest.raises(ScanInputError) as error:
        run_scan([*good, bad], out, workers=2)

    assert str(bad) in str(error.value)
    assert "line 2" in str(error.value)
    assert not out.exists() or not any(p.suffix in (".csv", ".jsonl") for p in out.iterdir())


def test_chunks_are_read_ahead_while_the_workers_start_and_no_further() -> None:
    ready = threading.Event()
    read: list[int] = []

    def source():  # type: ignore[no-untyped-def]
        for k in range(10):
            read.append(k)
            yield k

    chunks = _read_ahead(source(), ready, limit=3)
    threading.Timer(0.2, ready.set).start()

    assert next(chunks) == 0  # only once the workers are ready
    assert read == [0, 1, 2]  # three read meanwhile, then the reader waited
    assert list(chunks) == list(range(1, 10))


def test_the_summary_gives_a_network_view(scanned, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, inputs, _ = scanned

    summary = run_scan(inputs[:1], tmp_path, workers=1)

    top = summary.network_ids[summary.leads[0].network]
    graph = summary.graph(top)
    kinds = {node["kind"] for node in graph["nodes"]}
    assert "post" in kinds
    assert kinds & {"phone", "template"}
    assert all(edge["reason"] for edge in graph["edges"])


def test_half_an_emoji_becomes_a_replacement_character_and_the_scan_goes_on(
    tmp_path: Path,
) -> None:
    # "\ud83d" is the first half of an emoji's surrogate pair, cut off: valid JSON, but no
    # UTF-8 file can hold it.
    ads = tmp_path / "ads.jsonl"
    ads.write_text(
        '{"id": "1\\ud83d", "site": "s", "text": "Hoi \\ud83d nieuw hier, bel 0612345678",'
        ' "title": "Nieuw \\udc00"}\n'
        '{"id": 2, "site": "s", "text": "Nieuw in de stad, bel 0612345678"}\n',
        encoding="utf-8",
    )

    run_scan([ads], tmp_path / "out", workers=1)

    posts = [json.loads(line) for line in (tmp_path / "out/posts.jsonl").open(encoding="utf-8")]
    assert posts[0]["id"] == "ad:s:1\ufffd"
    assert posts[0]["text"] == "Hoi \ufffd nieuw hier, bel 0612345678"
    (phone,) = [i for i in posts[0]["identifiers"] if i["kind"] == "phone"]
    assert posts[0]["text"][phone["start"] : phone["end"]] == "0612345678"
    assert posts[0]["network_id"] == posts[1]["network_id"]


def test_lone_surrogates_in_telegram_entities_are_replaced_one_for_one() -> None:
    post = Post(
        id="tg:1:2",
        source="Kanaal \ud83d",
        text="Kijk \ud83d hier",
        entities=(Entity("text_link", 7, 11, "hier\udc00", "https://example.org/\ud83d"),),
    )

    whole = whole_characters(post)

    assert whole.text == "Kijk \ufffd hier"
    assert len(whole.text) == len(post.text)
    assert whole.source == "Kanaal \ufffd"
    assert whole.entities[0].text == "hier\ufffd"
    assert whole.entities[0].href == "https://example.org/\ufffd"
    assert whole_characters(whole) is whole  # nothing left to replace


def _places(out: Path) -> list[list[str]]:
    with (out / "posts.jsonl").open(encoding="utf-8") as lines:
        return [
            [i["value"] for i in json.loads(line)["identifiers"] if i["kind"] == "place"]
            for line in lines
        ]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_scan_finds_the_municipalities_it_is_given(tmp_path: Path, workers: int) -> None:
    # "Nieuwe Polder" (made up: a municipality formed after the shipped list) is not in the
    # list shipped with Baken; the scan's own list replaces it, in the scan's process and in
    # worker processes (the list travels with every chunk).
    ads = tmp_path / "ads.jsonl"
    ads.write_text(
        '{"id": "1", "text": "Nieuw in Nieuwe Polder en Utrecht, bel 0612345678"}\n'
        '{"id": "2", "text": "Lisa uit Den Haag", "city": "Nieuwe Polder"}\n',
        encoding="utf-8",
    )
    listed = ("'s-Gravenhage", "Nieuwe Polder")

    run_scan([ads], tmp_path / "default", workers=workers)
    run_scan(
        [ads],
        tmp_path / "listed",
        workers=workers,
        options=ScanOptions(chunk_size=1, municipalities=listed),
    )

    assert _places(tmp_path / "default") == [["Utrecht"], ["'s-Gravenhage"]]
    assert _places(tmp_path / "listed") == [["Nieuwe Polder"], ["'s-Gravenhage", "Nieuwe Polder"]]
