"""Registering a record about a person: normalise, find candidates by blocking keys, score,
and attach the record to a person, or suggest a match for a coordinator to decide.

Candidates are found through keyed hashes of the blocking keys, so nothing is decrypted to
search. Only the few candidate records are decrypted to be scored, inside this service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count

from baken import crypto
from baken.accounts.models import Organisation
from baken.people import matching
from baken.people.models import BlockingKey, MatchSuggestion, Person, PersonRecord
from baken.signals.models import PossibleVictim

MAX_CANDIDATES = 200
FIELDS = ("names", "birth_date", "phones", "emails", "handles", "documents", "nationality")


def thresholds() -> matching.Thresholds:
    """The engine's defaults, unless BAKEN_MATCH_LINK / BAKEN_MATCH_REVIEW say otherwise."""
    defaults = matching.Thresholds()
    return matching.Thresholds(
        link=settings.BAKEN_MATCH_LINK if settings.BAKEN_MATCH_LINK is not None else defaults.link,
        review=settings.BAKEN_MATCH_REVIEW
        if settings.BAKEN_MATCH_REVIEW is not None
        else defaults.review,
    )


def record_of(identifiers: dict, record_id: str, source: str) -> matching.Record:
    birth = identifiers.get("birth_date") or ""
    birth_date = date.fromisoformat(birth) if len(birth) == 10 else None
    birth_year = identifiers.get("birth_year") or (birth_date.year if birth_date else None)
    return matching.Record(
        id=record_id,
        source=source,
        names=tuple(identifiers.get("names") or ()),
        birth_date=birth_date,
        birth_year=birth_year,
        phones=tuple(identifiers.get("phones") or ()),
        emails=tuple(identifiers.get("emails") or ()),
        handles=tuple(identifiers.get("handles") or ()),
        documents=tuple(identifiers.get("documents") or ()),
        nationality=identifiers.get("nationality") or "",
    )


def hashed_keys(prepared: matching.PreparedRecord) -> set[str]:
    return {crypto.keyed_hash(key, "blocking") for key in matching.blocking_keys(prepared)}


@dataclass
class Registration:
    record: PersonRecord
    linked_to_existing: bool
    suggestions: list[MatchSuggestion]


def _prepared(record: PersonRecord) -> matching.PreparedRecord:
    return matching.prepare(
        record_of(record.identifiers, str(record.pk), str(record.organisation_id))
    )


def conflicts_with_person(prepared: matching.PreparedRecord, person: Person) -> bool:
    """Whether this record disagrees on a hard field with any record of the person."""
    return any(
        matching.score_pair(prepared, _prepared(other)).hard_conflict
        for other in person.records.select_related("organisation")
    )


@transaction.atomic
def register(
    identifiers: dict, organisation: Organisation, *, victim: PossibleVictim | None = None
) -> Registration:
    """Store a new record and link it: to the best-scoring person above the link threshold
    (unless that would join conflicting hard fields), else to a new person; scores in the
    review band become suggestions."""
    limits = thresholds()
    new = matching.prepare(record_of(identifiers, "new", str(organisation.pk)))
    keys = hashed_keys(new)
    # The records sharing the most keys first: a common name alone (one key) must not crowd
    # out a record that shares a phone and a birth date.
    candidates = list(
        PersonRecord.objects.filter(keys__key__in=keys)
        .annotate(shared=Count("keys"))
        .select_related("person", "organisation")
        .order_by("-shared", "-id")[:MAX_CANDIDATES]
    )
    scored = [(matching.score_pair(new, _prepared(c)), c) for c in candidates]
    scored.sort(key=lambda pair: pair[0].score, reverse=True)

    person = None
    for score, candidate in scored:
        if score.score < limits.link or score.hard_conflict:
            continue
        if not conflicts_with_person(new, candidate.person):
            person = candidate.person
            break
    linked = person is not None
    record = PersonRecord.objects.create(
        person=person or Person.objects.create(),
        victim=victim,
        organisation=organisation,
        identifiers=identifiers,
    )
    BlockingKey.objects.bulk_create(BlockingKey(record=record, key=k) for k in sorted(keys))

    suggestions = []
    seen_persons = {record.person_id}
    for score, candidate in scored:
        if candidate.person_id in seen_persons or score.score < limits.review:
            continue
        seen_persons.add(candidate.person_id)
        suggestions.append(
            MatchSuggestion.objects.create(
                left=candidate,
                right=record,
                score=score.score,
                evidence=evidence_json(score),
            )
        )
    return Registration(record=record, linked_to_existing=linked, suggestions=suggestions)


def evidence_json(score: matching.PairScore) -> list[dict[str, object]]:
    """The why of a score, without any value: field, outcome, weight."""
    return [
        {"field": e.field, "outcome": e.outcome, "weight": round(e.weight, 2)}
        for e in score.evidence
    ]


def identifiers_of_victim(victim: PossibleVictim) -> dict:
    """The identifying values a signal holds about a possible victim, as a record's JSON."""
    birth_year = None
    if not victim.birth_date and victim.age is not None:
        # An approximate age gives an approximate year (scored as such, never as a hard fact).
        birth_year = victim.signal.filed_at.year - victim.age
    return {
        "names": [victim.name] if victim.name else [],
        "birth_date": victim.birth_date or "",
        "birth_year": birth_year,
        "phones": [victim.phone] if victim.phone else [],
        "emails": [],
        "handles": list(victim.handles or []),
        "documents": [],
        "nationality": victim.nationality,
    }


def register_victim(victim: PossibleVictim) -> Registration | None:
    """Link a possible victim of a new signal; None when nothing identifies the person."""
    identifiers = identifiers_of_victim(victim)
    if not any(identifiers[k] for k in ("names", "birth_date", "phones", "handles")):
        return None
    return register(identifiers, victim.signal.filed_by_organisation, victim=victim)
