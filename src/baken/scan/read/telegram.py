"""Stream the posts out of a Telegram Desktop export (`result.json`) in constant memory.

Both layouts are read: a *single-chat* export (the root is the chat: `name`, `type`, `id`,
`messages`) and a *full-account* export (`about`, `personal_information`, `contacts`, …, and the
chats under `chats.list` and `left_chats.list`). Nothing builds the whole document:

* The file is parsed as a stream of JSON events (ijson's push parser over fixed-size blocks)
  until the layout is known. For the full-account layout that stream goes on to the end; only
  the message being read is built, and of it only the keys the scan uses.
* A single-chat export, once its `name` and `id` are read, is read again by ijson's C item
  builder for `messages.item`, one message at a time: the same result, about twice as fast,
  which matters for the common case of an exported channel or group.

A chat's `name` and `id` come before its `messages` in every real export. Should a file have
them after, a second streaming pass collects only those scalars of every chat first
(`telegram_headers.chat_headers`), so the post ids are still right and memory still constant.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import ijson

from baken.scan.errors import ScanInputError
from baken.scan.model import Post
from baken.scan.read.telegram_headers import CHAT_SCALARS, SECTIONS, chat_headers
from baken.scan.read.telegram_messages import MESSAGE_KEYS, Chat, message_post
from baken.scan.read.yajl_errors import error_position

BLOCK = 64 * 1024


def iter_telegram(path: Path, fast: bool = True) -> Iterator[Post]:
    """Every post (message with text) of the export at `path`, in file order.

    `fast=False` keeps a single-chat export on the event stream (the full-account path), which
    the tests use to hold both paths to the same result.
    """
    return _Stream(path, fast).posts()


class _Blocks:
    """A file read in blocks that remembers where the current block starts, for errors."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle
        self.offset = 0
        self.newlines = 0
        self.block = b""

    def read(self, size: int = BLOCK) -> bytes:
        if size == 0:
            return b""  # ijson's probe for bytes or text
        self.offset += len(self.block)
        self.newlines += self.block.count(b"\n")
        self.block = self.handle.read(size if size > 0 else BLOCK)
        return self.block


class _Stream:
    """One read of one export. The event loop is written out flat because it runs for every
    JSON token of files that can hold millions of messages."""

    def __init__(self, path: Path, fast: bool) -> None:
        self.path = path
        self.fast = fast
        self.blocks: _Blocks | None = None
        self.started = False
        self.root_keys: set[str] = set()
        self.layout = ""  # "chat" or "account" once known
        self.root_chat = Chat(section="", index=0)
        self.chat: Chat | None = None
        self.chat_prefix = ""
        self.chat_counts = dict.fromkeys(SECTIONS, 0)
        self.headers: dict[tuple[str, int], Chat] | None = None
        self.last_prefix = ""
        self.switch = False
        # The message being built from events.
        self.depth = 0
        self.stack: list[Any] = []
        self.key = ""
        self.skip = 0
        self.skip_next = False

    # -- driving the parser ---------------------------------------------------------------
    def posts(self) -> Iterator[Post]:
        events: list[tuple[str, str, Any]] = ijson.sendable_list()
        parser = ijson.parse_coro(events, use_float=True)
        with self._open() as handle:
            blocks = self.blocks = _Blocks(handle)
            while True:
                block = blocks.read()
                failure: ijson.JSONError | None = None
                try:
                    if block:
                        parser.send(block)
                    else:
                        parser.close()
                except ijson.JSONError as exc:
                    failure = exc
                yield from self._handle(events)
                del events[:]
                if self.switch:
                    break
                if failure is not None:
                    raise self._syntax_error(failure) from failure
                if not block:
                    break
        if self.switch:
            yield from self._chat_messages()
        else:
            self._finish()

    def _open(self) -> Any:
        try:
            return self.path.open("rb")
        except OSError as exc:
            raise ScanInputError(self.path, "", "a readable file", exc.strerror or "") from exc

    def _chat_messages(self) -> Iterator[Post]:
        """The messages of a single-chat export, built by ijson's C item builder."""
        chat = self.chat
        assert chat is not None
        with self._open() as handle:
            blocks = self.blocks = _Blocks(handle)
            messages = ijson.items(blocks, "messages.item", use_float=True, buf_size=BLOCK)
            try:
                for message in messages:
                    chat.messages += 1
                    if type(message) is not dict:
                        self._fail(chat.message_path(), "a message object", repr(message)[:60])
                    post = message_post(chat, message, self._fail)
                    if post is not None:
                        yield post
            except ijson.JSONError as exc:
                raise self._syntax_error(exc, chat.message_path(chat.messages)) from exc

    # -- the event loop ---------------------------------------------------------------------
    def _handle(self, events: list[tuple[str, str, Any]]) -> Iterator[Post]:
        depth, stack, key = self.depth, self.stack, self.key
        skip, skip_next = self.skip, self.skip_next
        chat, chat_prefix = self.chat, self.chat_prefix
        try:
            for prefix, event, value in events:
                if depth:
                    if skip_next:
                        skip_next = False
                        if event == "start_map" or event == "start_array":
                            skip = 1
                    elif skip:
                        if event == "start_map" or event == "start_array":
                            skip += 1
                        elif event == "end_map" or event == "end_array":
                            skip -= 1
                    elif event == "map_key":
                        skip_next = depth == 1 and value not in MESSAGE_KEYS
                        key = value
                    elif event == "start_map" or event == "start_array":
                        container: Any = {} if event == "start_map" else []
                        parent = stack[-1]
                        if type(parent) is dict:
                            parent[key] = container
                        else:
                            parent.append(container)
                        stack.append(container)
                        depth += 1
                    elif event == "end_map" or event == "end_array":
                        depth -= 1
                        done = stack.pop()
                        if not depth:
                            self.depth = 0
                            assert chat is not None
                            post = message_post(chat, done, self._fail)
                            if post is not None:
                                yield post
                    else:
                        parent = stack[-1]
                        if type(parent) is dict:
                            parent[key] = value
                        else:
                            parent.append(value)
                    continue
                self.last_prefix = prefix
                if chat is not None and prefix.startswith(chat_prefix):
                    rest = prefix[len(chat_prefix) :]
                    if rest == "messages.item":
                        chat.messages += 1
                        if event != "start_map":
                            self._fail(chat.message_path(), "a message object", event)
                        depth, stack = 1, [{}]
                    elif rest in CHAT_SCALARS:
                        self._chat_scalar(chat, rest, event, value)
                    elif rest == "messages" and event != "end_array":
                        if event != "start_array":
                            self._fail(self._messages_path(chat), "an array of messages", event)
                        self._messages_start(chat)
                        if self.fast and not chat.section:
                            self.switch = True
                            return
                    continue
                self._outer_event(prefix, event, value)
                chat, chat_prefix = self.chat, self.chat_prefix
        finally:
            self.depth, self.stack, self.key = depth, stack, key
            self.skip, self.skip_next = skip, skip_next

    def _outer_event(self, prefix: str, event: str, value: Any) -> None:
        if not self.started:
            self.started = True
            if prefix != "" or event != "start_map":
                self._fail("$", "a JSON object (the root of a Telegram export)", event)
            return
        if prefix == "":
            if event == "map_key":
                self.root_keys.add(value)
                if value == "messages" and self.layout != "account":
                    self.layout = "chat"
                    self._enter_chat(self.root_chat, "")
                elif value in SECTIONS and self.layout != "chat":
                    self.layout = "account"
            return
        if prefix in CHAT_SCALARS:
            # A single-chat export's own scalars before its messages, kept until the
            # `messages` key shows that this is the layout.
            self._chat_scalar(self.root_chat, prefix, event, value)
            return
        section, _, rest = prefix.partition(".")
        if section not in SECTIONS or self.layout != "account":
            return  # about, personal_information, contacts, sessions, ...
        if rest == "":
            if event not in ("start_map", "map_key", "end_map"):
                self._fail(section, 'an object with "about" and "list"', event)
        elif rest == "list":
            if event not in ("start_array", "end_array"):
                self._fail(f"{section}.list", "an array of chats", event)
        elif rest == "list.item":
            if event == "start_map":
                index = self.chat_counts[section]
                self.chat_counts[section] = index + 1
                self._enter_chat(Chat(section=section, index=index), f"{section}.list.item")
            elif event not in ("end_map", "map_key"):
                where = f"{section}.list[{self.chat_counts[section]}]"
                self._fail(where, "a chat object", event)

    def _enter_chat(self, chat: Chat, root: str) -> None:
        self.chat = chat
        self.chat_prefix = f"{root}." if root else ""

    def _chat_scalar(self, chat: Chat, key: str, event: str, value: Any) -> None:
        where = f"{chat.path()}.{key}" if chat.section else key
        if key == "id":
            numeric = event == "number" and isinstance(value, int)
            if not numeric and not (event == "string" and value.lstrip("-").isdigit()):
                self._fail(where, "the chat's numeric id", f"{event} {value!r}")
            chat.id = str(value)
        elif key == "name":
            if event not in ("string", "null"):
                self._fail(where, "the chat's name as a string or null", event)
            chat.name = value
        elif event == "string":
            chat.type = value

    def _messages_start(self, chat: Chat) -> None:
        if chat.id:
            return
        # `id` was not written before `messages`: read every chat's scalars ahead, once.
        if self.headers is None:
            self.headers = chat_headers(self.path)
        ahead = self.headers.get((chat.section, chat.index))
        if ahead is None or not ahead.id:
            self._fail(chat.path() or "$", "the chat's numeric id", "no id in the chat")
        chat.id = ahead.id
        chat.name = ahead.name if chat.name is None else chat.name
        chat.type = chat.type or ahead.type

    @staticmethod
    def _messages_path(chat: Chat) -> str:
        return f"{chat.path()}.messages" if chat.section else "messages"

    # -- ending and failing ---------------------------------------------------------------
    def _finish(self) -> None:
        if self.layout or self.root_keys & {"about", "personal_information"}:
            return  # an account export without chats selected holds no posts
        self._fail(
            "$",
            '"messages" (a single-chat export) or "chats"/"left_chats" (a full-account export)',
            f"root keys {', '.join(sorted(self.root_keys)) or 'none'}",
        )

    def _fail(self, where: str, expected: str, found: str) -> NoReturn:
        blocks = self.blocks
        end = blocks.offset + len(blocks.block) if blocks else 0
        raise ScanInputError(self.path, f"{where} (before byte {end})", expected, found)

    def _syntax_error(self, exc: ijson.JSONError, inside: str = "") -> ScanInputError:
        blocks = self.blocks
        assert blocks is not None
        block = blocks.block
        detail = str(exc).split("\n", 1)[0]
        relative = error_position(str(exc), block)
        if not block:
            place = f"byte {blocks.offset} (the end of the file, line {blocks.newlines + 1})"
        elif relative is None:
            place = f"between bytes {blocks.offset} and {blocks.offset + len(block)}"
        else:
            line = blocks.newlines + block.count(b"\n", 0, relative) + 1
            place = f"near byte {blocks.offset + relative} (line {line})"
        if not inside:
            inside = self._location()
        where = f"{place}, in {inside}" if inside else place
        return ScanInputError(self.path, where, "well-formed JSON", detail)

    def _location(self) -> str:
        if self.chat is None:
            return self.last_prefix
        if self.depth:
            return self.chat.message_path()
        return self.chat.path() or self.last_prefix
