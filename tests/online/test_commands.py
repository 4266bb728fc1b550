"""`baken scan-worker` runs what is queued (and puts back what a stopped process left running);
`baken purge-scans` deletes raw material past the retention period."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from baken.accounts.models import User
from baken.accounts.roles import Role
from baken.online import storage
from baken.online.models import Scan, ScannedPost, ScanStatus

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _worker_mode(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.BAKEN_SCAN_RUNNER = "worker"  # type: ignore[attr-defined]
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]


def _queued(monitor: User, status: str = ScanStatus.QUEUED) -> Scan:
    scan = Scan.objects.create(
        organisation=monitor.memberships.get().organisation,
        started_by=monitor,
        title="Wachtrij",
        status=status,
    )
    target = storage.input_dir(scan.pk) / "ads.jsonl"
    target.parent.mkdir(parents=True)
    shutil.copy(DATA / "ads.jsonl", target)
    scan.input_paths = [str(target)]
    scan.save(update_fields=["input_paths"])
    return scan


def test_the_worker_runs_queued_and_requeued_scans(make_user: Callable[..., User]) -> None:
    monitor = make_user(Role.ONLINE_MONITOR)
    queued = _queued(monitor)
    left_running = _queued(monitor, ScanStatus.RUNNING)
    out = io.StringIO()

    call_command("scan-worker", "--once", "--requeue", stdout=out)

    for scan in (queued, left_running):
        scan.refresh_from_db()
        assert scan.status == ScanStatus.DONE, scan.error
        assert scan.posts_count == 6
    assert "1 scan(s) put back in the queue." in out.getvalue()


def test_purge_scans_deletes_old_raw_material_only(make_user: Callable[..., User]) -> None:
    monitor = make_user(Role.ONLINE_MONITOR)
    old, new = _queued(monitor), _queued(monitor)
    call_command("scan-worker", "--once", stdout=io.StringIO())
    Scan.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))

    out = io.StringIO()
    call_command("purge-scans", stdout=out)

    assert f"[{old.pk}]" in out.getvalue()
    assert not storage.scan_dir(old.pk).exists()
    assert storage.scan_dir(new.pk).exists()
    assert not any(post.text for post in ScannedPost.objects.filter(scan=old))
    assert all(post.text for post in ScannedPost.objects.filter(scan=new))


def test_purge_scans_refuses_a_retention_below_one_day() -> None:
    with pytest.raises(SystemExit) as exit_info:
        call_command("purge-scans", "--days", "0", stderr=io.StringIO())
    assert exit_info.value.code == 2
