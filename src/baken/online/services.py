"""Starting scans, running them, storing what they found, turning a lead into a signal, and
deleting raw material after the retention period. The one write path of the online app."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from baken.accounts import policy
from baken.accounts.models import Municipality, User
from baken.accounts.policy import Action
from baken.audit.models import AuditAction
from baken.audit.services import record
from baken.online import graph, storage
from baken.online.models import Lead, Scan, ScannedPost, ScanStatus

log = logging.getLogger(__name__)
IMPORT_BATCH = 2000


class ScanRequestError(ValueError):
    """A scan that cannot be started as asked; the message says why."""


@transaction.atomic
def start_scan(
    user: User,
    *,
    title: str,
    uploads: Sequence[UploadedFile] = (),
    server_path: str = "",
) -> Scan:
    policy.require(user, Action.START_SCAN)
    if not uploads and not server_path.strip():
        raise ScanRequestError(_("Upload a file or name a file in the import folder."))
    for upload in uploads:
        if upload.size and upload.size > settings.BAKEN_SCAN_MAX_UPLOAD:
            raise ScanRequestError(
                _("%(name)s is larger than the limit of %(limit)d MB.")
                % {"name": upload.name, "limit": settings.BAKEN_SCAN_MAX_UPLOAD // 1024**2}
            )
    paths: list[str] = []
    if server_path.strip():
        try:
            paths.append(str(storage.import_path(server_path)))
        except ValueError as error:
            raise ScanRequestError(
                _("That path cannot be used: %(reason)s.") % {"reason": error}
            ) from None
    membership = policy.active_membership(user)
    assert membership is not None
    scan = Scan.objects.create(
        organisation=membership.organisation,
        started_by=user,
        title=title.strip()[:200] or _("Scan"),
    )
    for index, upload in enumerate(uploads):
        paths.append(str(storage.save_upload(scan.pk, upload, index)))
    scan.input_paths = paths
    scan.save(update_fields=["input_paths"])
    record(user, AuditAction.CREATE, scan, reason=f"scan of {len(paths)} file(s)")
    transaction.on_commit(lambda: _enqueue(scan.pk))
    return scan


def _enqueue(scan_id: int) -> None:
    from baken.online import runner

    runner.enqueue(scan_id)


def _scan_municipalities() -> tuple[str, ...] | None:
    """What scans find as places: the municipalities shipped with the scan engine and any
    loaded into this installation (`baken load-municipalities`) that it does not know, such as
    one formed by a later merger; None while there are none of those (the engine's own list,
    which its workers have ready)."""
    from baken.scan.extract.places import read_municipalities

    shipped = set(read_municipalities())
    loaded = set(Municipality.objects.values_list("name", flat=True))
    if loaded <= shipped:
        return None
    # In one order whatever the database's collation, so that each worker process compiles
    # the list once (the places found do not depend on the order).
    return tuple(sorted(shipped | loaded))


def _set(scan_id: int, **fields: Any) -> None:
    Scan.objects.filter(pk=scan_id).update(**fields)


def run(scan_id: int) -> Scan:
    """Run a queued scan to the end: engine, then storing its results. Never raises for bad
    input: the scan is marked failed with the engine's precise message."""
    from baken.scan.errors import ScanInputError
    from baken.scan.pipeline import ScanOptions, run_scan

    scan = Scan.objects.get(pk=scan_id)
    if scan.status != ScanStatus.QUEUED:
        return scan
    _set(scan_id, status=ScanStatus.RUNNING, progress=1, stage="read")
    out = storage.output_dir(scan_id)
    out.mkdir(parents=True, exist_ok=True)

    def progress(stage: str, done: float, total: float) -> None:
        _set(scan_id, **_progress_fields(stage, done, total))

    try:
        summary = run_scan(
            [Path(p) for p in scan.input_paths],
            out,
            progress=progress,
            options=ScanOptions(municipalities=_scan_municipalities()),
        )
        _set(scan_id, stage="store", progress=95)
        posts, networks = store_results(scan, out, graph.engine_ties(summary))
    except ScanInputError as error:
        _set(scan_id, status=ScanStatus.FAILED, error=str(error), finished_at=timezone.now())
        return Scan.objects.get(pk=scan_id)
    except Exception:  # the scan fails, the worker lives on
        log.exception("scan %s failed", scan_id)
        _set(
            scan_id,
            status=ScanStatus.FAILED,
            error=_("The scan stopped on an internal error; the administrators can see why."),
            finished_at=timezone.now(),
        )
        return Scan.objects.get(pk=scan_id)
    _set(
        scan_id,
        status=ScanStatus.DONE,
        progress=100,
        stage="done",
        posts_count=posts,
        networks_count=networks,
        finished_at=timezone.now(),
    )
    return Scan.objects.get(pk=scan_id)


# Share of the scan's bar per engine stage (storing the results takes 95-100).
STAGES = {"analyse": (0, 80), "group": (80, 88), "link": (88, 92), "write": (92, 95)}


def _progress_fields(stage: str, done: float, total: float) -> dict[str, Any]:
    """The engine reports (stage, done, total); the bar runs once across all stages."""
    low, high = STAGES.get(stage, (0, 95))
    fraction = min(max(done / total, 0.0), 1.0) if total else 0.0
    return {"stage": stage[:100], "progress": max(1, round(low + fraction * (high - low)))}


def _when(raw: Any) -> datetime | None:
    if not raw:
        return None
    parsed = parse_datetime(str(raw))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


@transaction.atomic
def store_results(
    scan: Scan, out: Path, ties: Callable[[str], list[dict[str, Any]]] | None = None
) -> tuple[int, int]:
    """Load the engine's posts.jsonl and leads.csv into the scan (replacing earlier results of
    the same scan, so a re-run stores nothing twice). `ties(network_id)` gives the engine's
    ties of a network of two or more posts, for its network picture."""
    ScannedPost.objects.filter(scan=scan).delete()
    Lead.objects.filter(scan=scan).delete()
    posts = 0
    batch: list[ScannedPost] = []
    with (out / "posts.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            item = json.loads(line)
            batch.append(
                ScannedPost(
                    scan=scan,
                    post_id=str(item["id"])[:200],
                    source=str(item.get("source", ""))[:200],
                    posted_at=_when(item.get("posted_at")),
                    text=item.get("text", ""),
                    identifiers=item.get("identifiers", []),
                    indicators=item.get("indicators", []),
                    cluster_id=str(item.get("cluster_id", "")),
                    network_id=str(item.get("network_id", "")),
                )
            )
            if len(batch) >= IMPORT_BATCH:
                ScannedPost.objects.bulk_create(batch)
                posts += len(batch)
                batch = []
    ScannedPost.objects.bulk_create(batch)
    posts += len(batch)
    leads = []
    with (out / "leads.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            leads.append(
                Lead(
                    scan=scan,
                    network_id=row["network_id"],
                    score=float(row["score"]),
                    posts=int(row["posts"]),
                    phones=_split(row.get("phones", "")),
                    handles=_split(row.get("handles", "")),
                    cities=_split(row.get("cities", "")),
                    names=_count(row.get("names", "")),
                    top_indicators=_split(row.get("top_indicators", "")),
                    first_seen=_when(row.get("first_seen")),
                    last_seen=_when(row.get("last_seen")),
                    ties=ties(row["network_id"]) if ties and int(row["posts"]) > 1 else [],
                )
            )
    Lead.objects.bulk_create(leads, batch_size=IMPORT_BATCH)
    return posts, len(leads)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", "|").split("|") if part.strip()]


def _count(value: str) -> int:
    value = value.strip()
    if value.isdigit():
        return int(value)
    return len(_split(value))


def lead_to_signal(user: User, lead: Lead) -> None:
    """Pre-fill the user's signal intake with the network's evidence: places, identifiers,
    indicators; the monitor checks and sends it (as any signal, through the intake)."""
    from baken.online import evidence
    from baken.signals import intake

    policy.require(user, Action.LEAD_TO_SIGNAL, lead)
    policy.require(user, Action.FILE_SIGNAL)
    summary = evidence.signal_text(lead)
    municipality = (
        Municipality.objects.filter(name__in=lead.cities).order_by("name").first()
        if lead.cities
        else None
    )
    draft: dict[str, list[str]] = {
        "place_kind": ["online"],
        "themes": ["trafficking"],
        "observed_on": [timezone.localdate().isoformat()],
        "observation": [summary.observation],
        "online_ads": [summary.ads],
        "urgency": ["normal"],
        "victims-TOTAL_FORMS": ["1"],
        "victims-INITIAL_FORMS": ["0"],
    }
    if municipality is not None:
        draft["municipality"] = [str(municipality.pk)]
    if lead.phones:
        draft["victims-0-phone"] = [lead.phones[0]]
    if lead.handles:
        draft["victims-0-handles"] = [", ".join(lead.handles[:5])]
    intake.save_draft(user, draft)
    record(user, AuditAction.EXPORT, lead, reason="lead pre-filled into a signal draft")


def purge(now: datetime | None = None, days: int | None = None) -> list[int]:
    """Delete the raw material of scans older than the retention period: the files, the post
    texts and identifiers. Leads keep their figures; their identifiers and ties go too."""
    now = now or timezone.now()
    days = days if days is not None else settings.BAKEN_SCAN_RETENTION_DAYS
    cutoff = now - timedelta(days=days)
    purged = []
    for scan in Scan.objects.filter(created_at__lte=cutoff, purged_at__isnull=True):
        with transaction.atomic():
            storage.remove(scan.pk)
            for post in ScannedPost.objects.filter(scan=scan).iterator():
                post.text = ""
                post.identifiers = []
                post.save(update_fields=["text", "identifiers"])
            for lead in Lead.objects.filter(scan=scan):
                lead.phones = []
                lead.handles = []
                lead.ties = []
                lead.save(update_fields=["phones", "handles", "ties"])
            scan.input_paths = []
            scan.purged_at = now
            scan.save(update_fields=["input_paths", "purged_at"])
            record(None, AuditAction.DELETE, scan, reason="raw material deleted (retention)")
        purged.append(scan.pk)
    return purged
