"""Synthetic online material with a known truth, to test and benchmark the scan engine.

`generate(n, noise, seed)` invents *operations*: an operation runs 1 to 3 ad templates and a
pool of 1 to 4 phone numbers (sometimes a Telegram handle too) that its posts share across
templates, and advertises a few names in a few cities. Every post of a template is the same
wording with the slots filled (name, age, city, price, contact) and a share `noise` of its
words edited: a typo, a word replaced, dropped or inserted. Beside the operations stand
*unrelated* ads, each written by someone else from the same stock phrases (the boilerplate of
`synthetic_text`), so that sharing a phrase says nothing.

Traps the engine must survive are planted too: a platform's help line appended to ads of many
unrelated advertisers; numbers that look like Dutch mobiles but are not valid (`06-9…`), shared
by unrelated ads; and, rarely, a post that carries another operation's number (a mis-read or
mistyped number). Phones are written plainly in several formats and obscured (letters for
digits, spelled-out digits, keycap emoji, spaced digits), so that extraction recall can be
measured per form. Noise edits the template's words, never the contact details: an advertiser
who mistypes their own number loses customers.

The truth comes back beside the posts: per post its template cluster (unrelated ads are
clusters of one), its network (the operation; an unrelated ad is a network of one), the valid
phones planted in it and the invalid look-alikes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np

from baken.scan import synthetic_text as words
from baken.scan.model import Post

START = datetime(2025, 1, 1, tzinfo=UTC)
DAYS = 180
TEMPLATED = 0.65  # share of posts that belong to an operation's template
TELEGRAM = 0.30  # share of posts that are Telegram channel messages rather than site ads
OBSCURED = 0.30  # share of phones written in an obscured form
HELPDESK = 0.015  # share of posts carrying the platform's help line
DECOY = 0.02  # share of posts carrying an invalid look-alike number
MISREAD = 0.003  # share of operation posts that carry another operation's number
DECOY_POOL = 40
PLAIN_FORMS = ("compact", "dash", "spaced", "intl", "intl-spaced", "zeros")
OBSCURED_FORMS = ("letter-o", "letters", "spelled-nl", "spelled-en", "keycap", "digits-spaced")


@dataclass(frozen=True, slots=True)
class PlantedPhone:
    """A valid number written into a post: its E.164 form, how it was written and the form's
    name (one of `PLAIN_FORMS` or `OBSCURED_FORMS`)."""

    e164: str
    written: str
    form: str

    @property
    def obscured(self) -> bool:
        return self.form in OBSCURED_FORMS


@dataclass(slots=True)
class SyntheticScan:
    """Generated posts and their truth, aligned by position."""

    posts: list[Post]
    clusters: np.ndarray
    networks: np.ndarray
    phones: list[tuple[PlantedPhone, ...]]
    decoys: list[tuple[str, ...]]
    noise: float
    helpdesk: str = words.HELPDESK_NUMBER


@dataclass(slots=True)
class _Operation:
    lang: str
    phones: list[str]
    handle: str
    names: list[tuple[str, int]]
    cities: list[str]
    nat: str
    prices: list[int]
    start: float
    days: float
    templates: list[tuple[int, list[str]]] = field(default_factory=list)


class _Maker:
    def __init__(self, rng: random.Random, noise: float) -> None:
        self.rng = rng
        self.noise = noise
        self.used_numbers: set[str] = set()
        self.decoys = [self._decoy() for _ in range(DECOY_POOL)]

    # Numbers -----------------------------------------------------------------------------

    def phone(self) -> str:
        """A fresh valid mobile number: Dutch (06-1…06-5, 06-8) or Romanian/Polish."""
        rng = self.rng
        while True:
            kind = rng.random()
            if kind < 0.8:
                number = f"+316{rng.choice('123458')}{rng.randrange(10**7):07d}"
            elif kind < 0.9:
                number = f"+407{rng.choice('2345')}{rng.randrange(10**7):07d}"
            else:
                number = f"+48{rng.choice('5678')}{rng.randrange(10**8):08d}"
            if number not in self.used_numbers:
                self.used_numbers.add(number)
                return number

    def _decoy(self) -> str:
        """A number that looks like a Dutch mobile but is not valid (06-9…, or one digit
        short)."""
        rng = self.rng
        if rng.random() < 0.5:
            return f"06-9{rng.randrange(10**7):07d}"
        return f"06-{rng.choice('12345')}{rng.randrange(10**6):06d}"

    def write_phone(self, e164: str) -> PlantedPhone:
        rng = self.rng
        forms = OBSCURED_FORMS if rng.random() < OBSCURED else PLAIN_FORMS
        form = rng.choice(forms)
        if form == "letter-o" and not e164.startswith("+31"):
            form = "letters"
        return PlantedPhone(e164, _write(e164, form), form)

    # Text --------------------------------------------------------------------------------

    def filler(self, lang: str) -> list[str]:
        pool = words.NL_WORDS if lang == "nl" else words.EN_WORDS
        sentence = [self.rng.choice(pool) for _ in range(self.rng.randint(5, 11))]
        sentence[0] = sentence[0].capitalize()
        sentence[-1] += "."
        return sentence

    def phrases(self, lang: str, count: int) -> list[list[str]]:
        chosen: list[list[str]] = []
        for _ in range(count):
            language = lang if lang != "mixed" else self.rng.choice(("nl", "en"))
            bank = words.NL_PHRASES if language == "nl" else words.EN_PHRASES
            phrase = self.rng.choice(bank)
            if "{phone}" not in phrase and "{handle}" not in phrase:
                chosen.append(phrase.split())
        return chosen

    def contact_phrase(self, lang: str, handle: bool) -> list[str]:
        language = lang if lang != "mixed" else self.rng.choice(("nl", "en"))
        bank = words.NL_PHRASES if language == "nl" else words.EN_PHRASES
        wanted = "{handle}" if handle else "{phone}"
        return self.rng.choice([p for p in bank if wanted in p]).split()

    def body(self, lang: str, phrases: int, fillers: int, contact: str) -> list[str]:
        """Stock phrases and filler sentences in random order, with one contact phrase."""
        parts = self.phrases(lang, phrases)
        for _ in range(fillers):
            language = lang if lang != "mixed" else self.rng.choice(("nl", "en"))
            parts.append(self.filler(language))
        if contact:
            parts.append(self.contact_phrase(lang, contact == "handle"))
        self.rng.shuffle(parts)
        return [token for part in parts for token in part]

    def edit(self, tokens: list[str], lang: str) -> list[str]:
        """Apply token noise to the words of a template; slots are left alone."""
        if not self.noise:
            return tokens
        rng, noise = self.rng, self.noise
        pool = words.NL_WORDS if lang == "nl" else words.EN_WORDS
        out: list[str] = []
        for token in tokens:
            if token.startswith("{") or rng.random() >= noise:
                out.append(token)
                continue
            what = rng.random()
            if what < 0.5:
                out.append(_typo(token, rng))
            elif what < 0.7:
                out.append(rng.choice(pool))
            elif what < 0.85:
                continue
            else:
                out.extend((token, rng.choice(pool)))
        return out


def generate(n: int, noise: float = 0.0, seed: int = 0) -> SyntheticScan:
    """`n` posts at token noise `noise` (0.0 to 1.0), the same for the same arguments."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets; seeded for repeatability)
    maker = _Maker(rng, noise)
    drafts: list[_Draft] = []
    operations = _operations(maker, round(n * TEMPLATED), max(3, min(400, n // 40)))
    for number, operation in enumerate(operations):
        drafts.extend(_operation_posts(maker, operation, number, operations))
    network = len(operations)
    cluster = sum(len(op.templates) for op in operations)
    while len(drafts) < n:
        drafts.append(_unrelated(maker, cluster, network))
        cluster, network = cluster + 1, network + 1
    rng.shuffle(drafts)
    return _finish(maker, drafts[:n], noise)


@dataclass(slots=True)
class _Draft:
    tokens: list[str]
    lang: str
    fill: dict[str, str]
    phones: list[PlantedPhone]
    cluster: int
    network: int
    when: float
    decoys: list[str] = field(default_factory=list)


def _operations(maker: _Maker, posts: int, largest: int) -> list[_Operation]:
    rng = maker.rng
    operations: list[_Operation] = []
    while posts > 0:
        lang = rng.choices(("nl", "en", "mixed"), (0.45, 0.35, 0.20))[0]
        nat_pool = words.NATIONALITIES_NL if lang == "nl" else words.NATIONALITIES_EN
        operation = _Operation(
            lang=lang,
            phones=[maker.phone() for _ in range(rng.choices((1, 2, 3, 4), (50, 30, 15, 5))[0])],
            handle=f"@{rng.choice(words.NAMES).lower()}_{rng.randrange(10**4)}"
            if rng.random() < 0.3
            else "",
            names=[
                (rng.choice(words.NAMES), rng.randint(18, 32)) for _ in range(rng.randint(1, 6))
            ],
            cities=rng.sample(words.CITIES, rng.randint(1, 4)),
            nat=rng.choice(nat_pool),
            prices=[rng.choice((100, 120, 150, 160, 200, 250)) for _ in range(2)],
            start=rng.uniform(0, DAYS - 5),
            days=rng.uniform(5, 60),
        )
        for _ in range(rng.choices((1, 2, 3), (60, 30, 10))[0]):
            size = min(largest, 2 + int(rng.paretovariate(1.2) * 3) - 3)
            body = maker.body(lang, rng.randint(4, 7), rng.randint(2, 3), "phone")
            operation.templates.append((size, body))
            posts -= size
        operations.append(operation)
    return operations


def _operation_posts(
    maker: _Maker, operation: _Operation, number: int, operations: list[_Operation]
) -> list[_Draft]:
    rng = maker.rng
    drafts: list[_Draft] = []
    first = sum(len(op.templates) for op in operations[:number])
    for offset, (size, tokens) in enumerate(operation.templates):
        for _ in range(size):
            name, age = rng.choice(operation.names)
            phone = rng.choice(operation.phones)
            if rng.random() < MISREAD and len(operations) > 1:
                other = operations[
                    (number + 1 + rng.randrange(len(operations) - 1)) % len(operations)
                ]
                phone = rng.choice(other.phones)
            planted = maker.write_phone(phone)
            fill = {
                "name": name,
                "age": str(age),
                "city": rng.choice(operation.cities),
                "price": str(rng.choice(operation.prices)),
                "nat": operation.nat,
                "handle": operation.handle or f"@{name.lower()}{rng.randrange(100)}",
                "phone": planted.written,
            }
            when = operation.start + rng.uniform(0, operation.days)
            drafts.append(
                _Draft(tokens, operation.lang, fill, [planted], first + offset, number, when)
            )
    return drafts


def _unrelated(maker: _Maker, cluster: int, network: int) -> _Draft:
    rng = maker.rng
    lang = rng.choices(("nl", "en", "mixed"), (0.45, 0.35, 0.20))[0]
    contact = rng.choices(("phone", "handle", ""), (70, 15, 15))[0]
    tokens = maker.body(lang, rng.randint(2, 5), rng.randint(1, 2), contact)
    name = rng.choice(words.NAMES)
    phones = [maker.write_phone(maker.phone())] if contact == "phone" else []
    nat_pool = words.NATIONALITIES_NL if lang == "nl" else words.NATIONALITIES_EN
    fill = {
        "name": name,
        "age": str(rng.randint(18, 35)),
        "city": rng.choice(words.CITIES),
        "price": str(rng.choice((80, 100, 120, 150, 180, 200, 250, 300))),
        "nat": rng.choice(nat_pool),
        "handle": f"@{name.lower()}_{rng.randrange(10**6)}",
        "phone": phones[0].written if phones else "",
    }
    return _Draft(tokens, lang, fill, phones, cluster, network, rng.uniform(0, DAYS))


def _finish(maker: _Maker, drafts: list[_Draft], noise: float) -> SyntheticScan:
    rng = maker.rng
    posts: list[Post] = []
    counters: dict[str, int] = {}
    helpdesk_written = {"nl": "020-1234567", "en": "+31 20 123 4567"}
    for draft in drafts:
        tokens = maker.edit(draft.tokens, "en" if draft.lang == "en" else "nl")
        text = " ".join(_fill(token, draft.fill) for token in tokens)
        if rng.random() < DECOY:
            decoy = rng.choice(maker.decoys)
            draft.decoys.append(decoy)
            text += f" Of bel {decoy}" if draft.lang == "nl" else f" Or call {decoy}"
        if rng.random() < HELPDESK:
            lang = "en" if draft.lang == "en" else "nl"
            phrase = words.HELPDESK_PHRASES[lang == "en"]
            text += " " + phrase.format(helpdesk=helpdesk_written[lang])
        posted_at = START + timedelta(seconds=int(draft.when * 86400))
        if rng.random() < TELEGRAM:
            chat_id, chat = rng.choice(words.CHANNELS)
            counters[chat] = counters.get(chat, 0) + 1
            post = Post(f"tg:{chat_id}:{counters[chat]}", chat, text, posted_at)
        else:
            site = rng.choice(words.SITES)
            counters[site] = counters.get(site, 0) + 1
            post = Post(f"ad:{site}:{counters[site]}", site, text, posted_at)
        posts.append(post)
    return SyntheticScan(
        posts=posts,
        clusters=np.array([draft.cluster for draft in drafts], dtype=np.int64),
        networks=np.array([draft.network for draft in drafts], dtype=np.int64),
        phones=[tuple(draft.phones) for draft in drafts],
        decoys=[tuple(draft.decoys) for draft in drafts],
        noise=noise,
    )


def _fill(token: str, fill: dict[str, str]) -> str:
    if "{" not in token:
        return token
    start, end = token.index("{"), token.index("}")
    return token[:start] + fill[token[start + 1 : end]] + token[end + 1 :]


def _typo(token: str, rng: random.Random) -> str:
    if len(token) < 2:
        return token + rng.choice("aeiou")
    at = rng.randrange(len(token))
    what = rng.random()
    if what < 0.35:
        return token[:at] + rng.choice("abcdefghijklmnopqrstuvwxyz") + token[at + 1 :]
    if what < 0.65:
        return token[:at] + token[at + 1 :]
    if what < 0.85 and at < len(token) - 1:
        return token[:at] + token[at + 1] + token[at] + token[at + 2 :]
    return token[:at] + rng.choice("aeiou") + token[at:]


def _write(e164: str, form: str) -> str:
    """`e164` written in `form`; Dutch numbers nationally (06…) where the form is national."""
    national = "0" + e164[3:] if e164.startswith("+31") else e164
    digits = national.lstrip("+")
    if form == "compact":
        return national
    if form == "dash":
        return f"{national[:2]}-{national[2:]}" if e164.startswith("+31") else national
    if form == "spaced":
        if not e164.startswith("+31"):
            return f"{e164[:3]} {e164[3:6]} {e164[6:9]} {e164[9:]}"
        return " ".join(national[i : i + 2] for i in range(0, len(national), 2))
    if form == "intl":
        return e164
    if form == "intl-spaced":
        return f"{e164[:3]} {e164[3]} {e164[4:8]} {e164[8:]}"
    if form == "zeros":
        return "00" + e164[1:]
    if form == "letter-o":
        return national.replace("0", "o", 1)
    if form == "letters":
        return national.replace("0", "O").replace("1", "l")
    if form in {"spelled-nl", "spelled-en"}:
        names = words.DIGIT_WORDS_NL if form == "spelled-nl" else words.DIGIT_WORDS_EN
        lead = "plus " if national.startswith("+") else ""
        return lead + " ".join(names[int(d)] for d in digits)
    if form == "keycap":
        return ("+" if national.startswith("+") else "") + "".join(d + words.KEYCAP for d in digits)
    # digits-spaced
    return ("+" if national.startswith("+") else "") + " ".join(digits)
