"""Reading ad dumps (JSON Lines and CSV) and telling the formats apart by content."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from baken.scan.errors import ScanInputError
from baken.scan.read import detect_format, iter_posts, read_posts

DATA = Path(__file__).parent / "data"


def test_jsonl_dump_gives_one_post_per_ad_with_text() -> None:
    posts = list(iter_posts(DATA / "ads.jsonl"))

    # The blank line is skipped, and so is the ad with empty text (a4).
    assert [post.id for post in posts] == [
        "ad:kinky.example:a1",
        "ad:kinky.example:2",
        "ad:jobs.example:a3",
        "ad:unknown:a5",
    ]
    first = posts[0]
    assert first.source == "kinky.example"
    assert first.text == "Hoi heren, ik ben Mila, 100% echt. Bel o6-12 34 56 78, €150 p/u."
    assert first.fields == {
        "title": "Nieuw: Mila 19 jaar",
        "city": "Rotterdam",
        "phone": "06 12345678",
        "url": "https://kinky.example/ads/a1",
    }


def test_posted_at_is_read_as_iso_8601_epoch_or_date_in_utc() -> None:
    posts = {post.id: post for post in iter_posts(DATA / "ads.jsonl")}

    # ISO 8601 with an offset, converted to UTC.
    assert posts["ad:kinky.example:a1"].posted_at == datetime(2025, 5, 1, 18, 15, tzinfo=UTC)
    # Epoch seconds as a number.
    assert posts["ad:kinky.example:2"].posted_at == datetime(2025, 5, 1, 18, 15, tzinfo=UTC)
    # A date alone is midnight UTC; no time at all is None.
    assert posts["ad:jobs.example:a3"].posted_at == datetime(2025, 5, 3, tzinfo=UTC)
    assert posts["ad:unknown:a5"].posted_at is None


def test_csv_dump_reads_quoted_multiline_text_and_skips_ads_without_text() -> None:
    posts = list(iter_posts(DATA / "ads.csv"))

    assert [post.id for post in posts] == ["ad:escort.example:c1", "ad:escort.example:c2"]
    assert posts[0].posted_at == datetime(2025, 6, 1, 10, tzinfo=UTC)
    assert posts[0].fields == {"title": "Lisa 21", "city": "Utrecht", "phone": "0687654321"}
    assert posts[1].text == ('Two girls available, "no limits".\nSecond line: call +31 6 11223344')
    assert posts[1].posted_at == datetime(2025, 6, 1, 10, tzinfo=UTC)
    assert posts[1].fields["url"] == "https://t.me/TwoGirls_NL"


def test_csv_with_semicolons_and_only_some_columns_is_read() -> None:
    posts = list(iter_posts(DATA / "ads_semicolon.csv"))

    assert [(post.id, post.fields) for post in posts] == [
        ("ad:unknown:s1", {"city": "Zaanstad"}),
        ("ad:unknown:s2", {"city": "Venlo"}),
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("ads.jsonl", "jsonl"),
        ("ads.csv", "csv"),
        ("ads_semicolon.csv", "csv"),
        ("telegram_chat.json", "telegram"),
        ("telegram_account.json", "telegram"),
    ],
)
def test_format_is_detected_from_content(tmp_path: Path, name: str, kind: str) -> None:
    renamed = tmp_path / "upload.dat"  # the extension says nothing
    shutil.copy(DATA / name, renamed)

    assert detect_format(renamed) == kind
    assert list(iter_posts(renamed)) == list(iter_posts(DATA / name))


def test_jsonl_with_a_single_ad_is_not_taken_for_a_telegram_export(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('{"id": 1, "text": "Bel 0612345678"}\n', encoding="utf-8")

    assert detect_format(path) == "jsonl"
    assert [post.id for post in iter_posts(path)] == ["ad:unknown:1"]


def test_re_reading_ads_adds_nothing_and_ids_are_stable() -> None:
    first = [post.id for post in iter_posts(DATA / "ads.jsonl")]
    again = [post.id for post in iter_posts(DATA / "ads.jsonl")]
    combined = list(read_posts([DATA / "ads.jsonl", DATA / "ads.csv", DATA / "ads.jsonl"]))

    assert first == again
    assert len(combined) == 6
    assert len({post.id for post in combined}) == 6


# -- malformed dumps ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "where", "expected", "found"),
    [
        (
            "ads_bad_json.jsonl",
            "line 3",
            "a JSON object (one ad per line)",
            "invalid JSON: Invalid control character",
        ),
        ("ads_not_object.jsonl", "line 2", "a JSON object (one ad per line)", "list"),
        (
            "ads_missing_id.jsonl",
            "line 2",
            'a non-empty "id" (a string or a number)',
            "None",
        ),
        (
            "ads_bad_fields.csv",
            "line 4",
            "3 fields as in the header (id,site,text)",
            "5 fields",
        ),
        (
            "ads_bad_time.csv",
            "line 3",
            '"posted_at" as ISO 8601 or epoch seconds',
            "'yesterday evening'",
        ),
        (
            "ads_no_header.csv",
            "line 1",
            "a Telegram Desktop export (result.json), JSON Lines",
            "'name,body'",
        ),
    ],
)
def test_malformed_dump_names_file_line_and_expectation(
    name: str, where: str, expected: str, found: str
) -> None:
    path = DATA / name

    with pytest.raises(ScanInputError) as caught:
        list(iter_posts(path))

    error = caught.value
    assert error.path == str(path)
    assert error.where == where
    assert error.expected.startswith(expected)
    assert error.found.startswith(found)
    assert str(error).startswith(f"{path}: {where}: expected ")


def test_ads_before_a_bad_line_are_still_read() -> None:
    read: list[str] = []
    with pytest.raises(ScanInputError):
        read.extend(post.id for post in iter_posts(DATA / "ads_bad_json.jsonl"))

    assert read == ["ad:unknown:b1", "ad:unknown:b2"]


def test_line_of_a_bad_csv_row_counts_quoted_newlines(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text('id,text\nq1,"two\nlines"\nq2,fine\nq3,fine,extra\n', encoding="utf-8")

    with pytest.raises(ScanInputError) as caught:
        list(iter_posts(path))

    assert caught.value.where == "line 5"


def test_csv_without_text_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")

    with pytest.raises(ScanInputError, match="line 1: expected a Telegram Desktop export"):
        list(iter_posts(path))


def test_non_utf8_jsonl_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_bytes(b'{"id": 1, "text": "ok"}\n{"id": 2, "text": "caf\xe9"}\n')

    with pytest.raises(ScanInputError) as caught:
        list(iter_posts(path))

    assert caught.value.where == "line 2"
    assert caught.value.expected == "UTF-8 text"


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")

    with pytest.raises(ScanInputError) as caught:
        detect_format(path)

    assert caught.value.found == "an empty file"


def test_epoch_in_milliseconds_is_understood(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    path.write_text('{"id": "x", "text": "t", "posted_at": "1746123300000"}\n', encoding="utf-8")

    assert next(iter_posts(path)).posted_at == datetime(2025, 5, 1, 18, 15, tzinfo=UTC)
