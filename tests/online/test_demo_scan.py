"""The demo world's online scan: made once with the real engine for one region's online
monitors, finished with leads, seen only by them and their region's administrators, and made
without audit entries (as the rest of the demo world)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from baken.accounts.demo import build_demo_world
from baken.accounts.models import Membership
from baken.accounts.roles import Role
from baken.audit.models import AuditEntry
from baken.online.demo import DEMO_REGION, DEMO_TITLE, DemoScanError, build_demo_scan
from baken.online.models import Lead, Scan, ScannedPost, ScanStatus

PASSWORD = "demo-wachtwoord-123"


@pytest.fixture(autouse=True)
def _inline_runner(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.BAKEN_SCAN_RUNNER = "inline"  # type: ignore[attr-defined]
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]


def _member(role: Role, region: str) -> Membership:
    return Membership.objects.filter(role=role, organisation__region__code=region).first()


@pytest.mark.django_db
def test_the_demo_scan_is_made_once_finished_and_unaudited() -> None:
    build_demo_world(PASSWORD)

    assert build_demo_scan(posts=300) == 1
    assert build_demo_scan(posts=300) == 0

    scan = Scan.objects.get(title=DEMO_TITLE)
    monitor = _member(Role.ONLINE_MONITOR, DEMO_REGION)
    assert scan.organisation == monitor.organisation
    assert scan.status == ScanStatus.DONE, scan.error
    assert scan.posts_count == ScannedPost.objects.filter(scan=scan).count() == 300
    # Ad dumps and Telegram exports alike went through the engine.
    sources = {p.post_id.split(":", 1)[0] for p in ScannedPost.objects.filter(scan=scan)}
    assert sources == {"ad", "tg"}
    # Operations sharing phones were linked: there are networks of several posts to review.
    assert Lead.objects.filter(scan=scan, posts__gte=3).exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_only_the_regions_monitors_and_administrators_see_the_demo_scan() -> None:
    build_demo_world(PASSWORD)
    build_demo_scan(posts=200)
    scan = Scan.objects.get(title=DEMO_TITLE)
    expected = {
        (Role.ONLINE_MONITOR, DEMO_REGION): 200,
        (Role.ADMINISTRATOR, DEMO_REGION): 200,
        (Role.ONLINE_MONITOR, "limburg"): 404,
        (Role.COORDINATOR, DEMO_REGION): 404,
    }

    seen = {}
    for role, region in expected:
        client = Client()
        client.force_login(_member(role, region).user)
        seen[(role, region)] = client.get(reverse("online:scan", args=[scan.pk])).status_code

    assert seen == expected


@pytest.mark.django_db
def test_demo_data_runs_the_demo_scan_once(tmp_path: Path) -> None:
    def run() -> str:
        out = StringIO()
        call_command(
            "demo-data",
            "--password",
            PASSWORD,
            "--signals-per-region",
            "0",
            "--scan-posts",
            "200",
            "--logins-file",
            str(tmp_path / "logins.csv"),
            stdout=out,
        )
        return out.getvalue()

    assert "online scans run 1." in run()
    assert "online scans run 0." in run()
    assert Scan.objects.filter(title=DEMO_TITLE, status=ScanStatus.DONE).count() == 1


@pytest.mark.django_db
def test_without_a_monitor_to_own_it_the_demo_scan_is_refused() -> None:
    with pytest.raises(DemoScanError, match="no online monitor in region midden-nederland"):
        build_demo_scan(posts=50)

    assert not Scan.objects.exists()
