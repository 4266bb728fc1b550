"""Reading Telegram Desktop exports (result.json), both layouts, as a stream."""

from __future__ import annotations

import json
import re
import shutil
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from baken.scan.errors import ScanInputError
from baken.scan.model import Entity, Post
from baken.scan.read import detect_format, iter_posts, read_posts
from baken.scan.read.telegram import iter_telegram

DATA = Path(__file__).parent / "data"
CHAT = DATA / "telegram_chat.json"
ACCOUNT = DATA / "telegram_account.json"


def _by_id(path: Path) -> dict[str, Post]:
    return {post.id: post for post in iter_posts(path)}


def test_single_chat_export_yields_messages_with_text_and_skips_the_rest() -> None:
    posts = list(iter_posts(CHAT))

    # 1 and 7 are service messages, 5 and 9 have no text (a photo, a sticker), 6 is unsupported.
    assert [post.id for post in posts] == [
        "tg:1700000001:2",
        "tg:1700000001:3",
        "tg:1700000001:4",
        "tg:1700000001:8",
        "tg:1700000001:10",
    ]
    assert {post.source for post in posts} == {"Escort NL (synthetisch)"}


def test_time_comes_from_date_unixtime_in_utc_not_from_the_local_date() -> None:
    post = next(iter_posts(CHAT))

    # `date` says 21:16:40 local time of the exporting machine; date_unixtime is the truth.
    assert post.posted_at == datetime(2025, 3, 1, 20, 16, 40, tzinfo=UTC)


def test_plain_string_text_is_taken_as_is() -> None:
    post = next(iter_posts(CHAT))

    assert post.text == "Nieuw: Lisa, 19 jaar. Bel o6 12 34 56 78. 100% echt, geen nep."
    assert post.entities == ()


def test_mixed_text_array_gives_plain_text_and_telegram_entities_with_offsets() -> None:
    post = list(iter_posts(CHAT))[1]

    assert post.text == (
        "Bel +31 6 87654321 of @lisa_escort \U0001f48b 24/7 https://t.me/lisa_nl foto's "
        "#amsterdam lisa.nl@example.com"
    )
    kinds = [(entity.kind, entity.text, entity.href) for entity in post.entities]
    assert kinds == [
        ("phone", "+31 6 87654321", ""),
        ("mention", "@lisa_escort", ""),
        ("link", "https://t.me/lisa_nl", ""),
        ("text_link", "foto's", "https://example.org/lisa"),
        ("hashtag", "#amsterdam", ""),
        ("email", "lisa.nl@example.com", ""),
    ]
    # Formatting (bold) is not an entity the scan keeps, but its text is part of the offsets.
    for entity in post.entities:
        assert post.text[entity.start : entity.end] == entity.text
    assert post.entities[0] == Entity("phone", 4, 18, "+31 6 87654321")


def test_message_fields_keep_sender_forward_media_and_shared_contact() -> None:
    posts = _by_id(CHAT)

    forwarded = posts["tg:1700000001:8"]
    assert forwarded.fields["forwarded_from"] == "Uitzendbureau Voorbeeld"
    assert forwarded.fields["from_id"] == "channel1700000001"
    assert posts["tg:1700000001:4"].fields["media"] == "photo"
    contact = posts["tg:1700000001:10"]
    assert contact.fields["phone"] == "+31 6 11223344"
    assert contact.fields["chat_type"] == "public_channel"


def test_full_account_export_reads_chats_and_left_chats_but_not_contacts() -> None:
    posts = list(iter_posts(ACCOUNT))

    assert [post.id for post in posts] == [
        "tg:1700000002:1",
        "tg:1700000002:3",
        "tg:5000001:1",
        "tg:4000001:1",
        "tg:1800000001:2",
    ]
    texts = " ".join(post.text for post in posts)
    # Personal information and the contact list are not posts.
    assert "+31 6 99999999" not in texts
    assert "+31 6 55555555" not in texts


def test_chat_without_name_is_named_by_its_type() -> None:
    posts = _by_id(ACCOUNT)

    assert posts["tg:5000001:1"].source == "saved_messages"
    assert posts["tg:4000001:1"].source == "private_group"
    assert posts["tg:1800000001:2"].source == "Kamers Den Haag (synthetisch)"


def test_same_message_id_in_two_chats_gives_two_posts() -> None:
    ids = [post.id for post in iter_posts(ACCOUNT)]

    assert "tg:1700000002:1" in ids
    assert "tg:5000001:1" in ids
    assert len(ids) == len(set(ids))


def test_account_export_entities_are_kept_per_chat() -> None:
    post = _by_id(ACCOUNT)["tg:1700000002:3"]

    assert post.text == ("Praca w Holandii, zakwaterowanie zapewnione. Kontakt: +48 512 345 678")
    assert [entity.kind for entity in post.entities] == ["phone"]


@pytest.mark.parametrize("path", [CHAT, ACCOUNT])
def test_fast_single_chat_path_and_event_path_give_the_same_posts(path: Path) -> None:
    assert list(iter_telegram(path, fast=True)) == list(iter_telegram(path, fast=False))


@pytest.mark.parametrize(
    ("late", "normal"),
    [
        (DATA / "telegram_chat_late_id.json", CHAT),
        (DATA / "telegram_account_late_id.json", ACCOUNT),
    ],
)
def test_chat_name_and_id_after_the_messages_still_give_stable_ids(
    late: Path, normal: Path
) -> None:
    assert [(p.id, p.source) for p in iter_posts(late)] == [
        (p.id, p.source) for p in iter_posts(normal)
    ]


def test_export_folder_stands_for_its_result_json(tmp_path: Path) -> None:
    shutil.copy(CHAT, tmp_path / "result.json")

    assert detect_format(tmp_path) == "telegram"
    assert len(list(iter_posts(tmp_path))) == 5


def test_folder_without_result_json_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScanInputError, match=r"result\.json"):
        list(iter_posts(tmp_path))


def test_reading_the_same_export_twice_adds_nothing() -> None:
    posts = list(read_posts([CHAT, ACCOUNT, CHAT]))

    assert len(posts) == 10
    seen = {post.id for post in posts}
    assert list(read_posts([CHAT], seen=seen)) == []


def test_minified_single_line_export_is_detected_and_read(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(json.loads(CHAT.read_text())), encoding="utf-8")

    assert detect_format(path) == "telegram"
    assert len(list(iter_posts(path))) == 5


# -- malformed exports --------------------------------------------------------------------------
def test_truncated_export_names_file_end_and_message() -> None:
    path = DATA / "telegram_truncated.json"

    with pytest.raises(ScanInputError) as caught:
        list(iter_posts(path))

    message = str(caught.value)
    assert str(path) in message
    assert f"byte {path.stat().st_size} (the end of the file" in message
    assert "messages[7]" in message
    assert "expected well-formed JSON" in message
    assert "premature EOF" in message


def test_syntax_error_names_byte_line_and_message() -> None:
    path = DATA / "telegram_syntax.json"
    data = path.read_bytes()
    bad = data.index(b'"type": message') + len(b'"type": ')
    line = data[:bad].count(b"\n") + 1

    with pytest.raises(ScanInputError) as caught:
        list(iter_posts(path))

    message = str(caught.value)
    found = re.search(r"near byte (\d+) \(line (\d+)\), in messages\[3\]", message)
    assert found is not None, message
    assert abs(int(found.group(1)) - bad) <= 1  # yajl points at or just after the bad byte
    assert int(found.group(2)) == line
    assert "expected well-formed JSON" in message


def test_posts_before_a_syntax_error_are_still_read() -> None:
    read: list[str] = []
    with pytest.raises(ScanInputError):
        read.extend(post.id for post in iter_posts(DATA / "telegram_truncated.json"))

    assert read == ["tg:1700000001:2", "tg:1700000001:3", "tg:1700000001:4"]


def test_wrong_shape_names_json_path_and_expectation() -> None:
    path = DATA / "telegram_bad_text.json"

    with pytest.raises(ScanInputError) as caught:
        list(iter_posts(path))

    assert str(caught.value).startswith(f"{path}: messages[2].text (before byte ")
    assert caught.value.expected == "a string or an array of text parts"
    assert caught.value.found == "12345"


@pytest.mark.parametrize(
    ("document", "where", "expected"),
    [
        ({"name": "x", "id": 1, "messages": {"id": 1}}, "messages", "an array of messages"),
        ({"name": "x", "id": "abc", "messages": []}, "id", "the chat's numeric id"),
        ({"name": "x", "messages": []}, "$", "the chat's numeric id"),
        ({"name": "x", "id": 1, "messages": ["hi"]}, "messages[0]", "a message object"),
        (
            {"name": "x", "id": 1, "messages": [{"id": "7", "type": "message", "text": "hi"}]},
            "messages[0]",
            "an integer message id",
        ),
        (
            {
                "chats": {
                    "about": "",
                    "list": [{"id": 5, "messages": [{"id": 1, "type": "message", "text": [3]}]}],
                }
            },
            "chats.list[0].messages[0].text[0]",
            'a string or an object with "type" and "text"',
        ),
        ({"chats": [1, 2]}, "chats", 'an object with "about" and "list"'),
        ({"foo": 1}, "$", '"messages" (a single-chat export)'),
    ],
)
def test_wrong_structure_is_refused_with_its_place(
    tmp_path: Path, document: dict[str, object], where: str, expected: str
) -> None:
    path = tmp_path / "result.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(ScanInputError) as caught:
        list(iter_telegram(path))

    assert caught.value.path == str(path)
    assert caught.value.where.startswith(where)
    assert caught.value.expected.startswith(expected)


def test_account_export_without_chats_holds_no_posts(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    document = json.loads(ACCOUNT.read_text())
    del document["chats"], document["left_chats"]
    path.write_text(json.dumps(document), encoding="utf-8")

    assert list(iter_posts(path)) == []


# -- constant memory ----------------------------------------------------------------------------
def _write_large_export(path: Path, messages: int) -> None:
    body = "Nieuw in Utrecht, 100% echt, bel 06 12 34 56 78. " * 40  # ~2 KB per message
    with path.open("w", encoding="utf-8") as out:
        out.write('{\n "name": "Groot kanaal",\n "type": "public_channel",\n "id": 1700009999,\n')
        out.write(' "messages": [\n')
        for number in range(1, messages + 1):
            message = {
                "id": number,
                "type": "message",
                "date": "2025-03-01T21:16:40",
                "date_unixtime": str(1740860200 + number),
                "from": "Groot kanaal",
                "from_id": "channel1700009999",
                "text": body + str(number),
                "text_entities": [{"type": "plain", "text": body + str(number)}],
            }
            out.write(("  ," if number > 1 else "  ") + json.dumps(message) + "\n")
        out.write(" ]\n}\n")


@pytest.mark.parametrize("fast", [True, False])
def test_a_50_megabyte_export_is_read_in_constant_memory(tmp_path: Path, fast: bool) -> None:
    path = tmp_path / "result.json"
    _write_large_export(path, 12_500)
    assert path.stat().st_size > 50_000_000

    tracemalloc.start()
    try:
        count = sum(1 for _ in iter_telegram(path, fast=fast))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == 12_500
    # A reader that built the document would hold well over 50 MB; a stream holds a block
    # of the file, its events and one message.
    assert peak < 5_000_000
