"""Merging and unmerging persons, and deciding on match suggestions.

A merge moves the records of one person to another and is stored as an event; unmerging the
event moves exactly those records back. Both are audited. A merge that would put records with
different birth dates or document numbers under one person is refused.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import User
from baken.accounts.policy import Action
from baken.audit.models import AuditAction
from baken.audit.services import record
from baken.people import matching
from baken.people.models import MatchSuggestion, MergeEvent, Person, PersonRecord
from baken.people.registry import _prepared


class MergeError(ValueError):
    """A merge or unmerge that the rules refuse; the message says why."""


def _hard_conflict(a: Person, b: Person) -> bool:
    left = [_prepared(r) for r in a.records.select_related("organisation")]
    right = [_prepared(r) for r in b.records.select_related("organisation")]
    return any(matching.score_pair(x, y).hard_conflict for x in left for y in right)


@transaction.atomic
def merge(user: User, kept: Person, merged: Person, *, reason: str = "") -> MergeEvent:
    policy.require(user, Action.MERGE_PERSONS, kept)
    policy.require(user, Action.MERGE_PERSONS, merged)
    kept, merged = (Person.objects.select_for_update().get(pk=p.pk) for p in (kept, merged))
    if kept.pk == merged.pk:
        raise MergeError(_("These records already belong to one person."))
    if kept.merged_into_id or merged.merged_into_id:
        raise MergeError(_("One of these persons was merged already; reload the page."))
    if _hard_conflict(kept, merged):
        raise MergeError(
            _("These persons differ in birth date or document number: they cannot be merged.")
        )
    moved = list(merged.records.values_list("pk", flat=True))
    PersonRecord.objects.filter(pk__in=moved).update(person=kept)
    merged.merged_into = kept
    merged.save(update_fields=["merged_into"])
    event = MergeEvent.objects.create(
        kept=kept, merged=merged, moved_records=moved, reason=reason, merged_by=user
    )
    record(user, AuditAction.UPDATE, kept, reason=f"merged {merged.pseudonym} into it")
    record(user, AuditAction.UPDATE, merged, reason=f"merged into {kept.pseudonym}")
    return event


@transaction.atomic
def unmerge(user: User, event: MergeEvent) -> Person:
    event = MergeEvent.objects.select_for_update().get(pk=event.pk)
    policy.require(user, Action.MERGE_PERSONS, event.kept)
    if event.undone_at is not None:
        raise MergeError(_("This merge was undone already."))
    PersonRecord.objects.filter(pk__in=event.moved_records, person=event.kept).update(
        person=event.merged
    )
    Person.objects.filter(pk=event.merged_id).update(merged_into=None)
    event.undone_by = user
    event.undone_at = timezone.now()
    event.save(update_fields=["undone_by", "undone_at"])
    record(user, AuditAction.UPDATE, event.kept, reason=f"unmerged {event.merged.pseudonym}")
    record(user, AuditAction.UPDATE, event.merged, reason="unmerged: a person of its own again")
    return event.merged


@transaction.atomic
def decide(user: User, suggestion: MatchSuggestion, *, confirm: bool) -> MatchSuggestion:
    """Confirm (merge the two persons) or reject a suggestion."""
    suggestion = MatchSuggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != MatchSuggestion.Status.OPEN:
        raise MergeError(_("This suggestion was decided already."))
    left = suggestion.left.person
    right = suggestion.right.person
    if confirm and left.pk != right.pk:
        merge(user, left, right, reason=f"suggestion {suggestion.pk} confirmed")
    else:
        policy.require(user, Action.MERGE_PERSONS, left)
    suggestion.status = (
        MatchSuggestion.Status.CONFIRMED if confirm else MatchSuggestion.Status.REJECTED
    )
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    record(user, AuditAction.UPDATE, suggestion, reason=suggestion.status)
    return suggestion
