"""The online app with the real scan engine: a scan of an ad dump runs to the end, its leads
and posts are stored (encrypted), reading them is audited, a lead pre-fills a signal, bad
input fails the scan precisely, and the retention run deletes the raw material."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baken.accounts.models import User
from baken.accounts.roles import Role
from baken.audit.models import AuditAction, AuditEntry
from baken.online import services
from baken.online.models import Lead, Scan, ScannedPost, ScanStatus
from baken.signals.models import SignalDraft
from tests.factories import MunicipalityFactory

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def _inline_runner(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.BAKEN_SCAN_RUNNER = "inline"  # type: ignore[attr-defined]
    settings.VAR_DIR = tmp_path  # type: ignore[attr-defined]


def _upload(name: str = "ads.jsonl", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


@pytest.mark.django_db(transaction=False)
def test_a_scan_of_an_ad_dump_finds_the_networks(
    make_user: Callable[..., User], django_capture_on_commit_callbacks: Callable
) -> None:
    monitor = make_user(Role.ONLINE_MONITOR)
    with django_capture_on_commit_callbacks(execute=True):
        scan = services.start_scan(monitor, title="Synthetisch", uploads=[_upload()])
    scan.refresh_from_db()
    assert scan.status == ScanStatus.DONE, scan.error
    assert scan.posts_count == 6
    posts = {p.post_id: p for p in ScannedPost.objects.filter(scan=scan)}
    # The three template ads share one phone (one written as "o6 12 34 56 78"): one network.
    networks = {
        posts[key].network_id
        for key in ("ad:voorbeeld-ads.nl:a1", "ad:voorbeeld-ads.nl:a2", "ad:voorbeeld-ads.nl:a3")
    }
    assert len(networks) == 1
    # The job offers share a handle, across languages.
    assert (
        posts["ad:kamers-en-werk.example:a4"].network_id
        == posts["ad:kamers-en-werk.example:a5"].network_id
    )
    # The bike is nobody's network.
    assert posts["ad:tweedehands.example:a6"].network_id not in networks
    lead = Lead.objects.get(scan=scan, network_id=networks.pop())
    assert lead.posts == 3
    # Post texts are stored encrypted.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM online_scannedpost WHERE scan_id = %s", [scan.pk])
        assert all("Lisa" not in row[0] for row in cursor.fetchall())


def test_pages_show_leads_and_evidence_and_are_audited(
    make_user: Callable[..., User], django_capture_on_commit_callbacks: Callable
) -> None:
    monitor = make_user(Role.ONLINE_MONITOR)
    with django_capture_on_commit_callbacks(execute=True):
        scan = services.start_scan(monitor, title="Synthetisch", uploads=[_upload()])
    client = Client()
    client.force_login(monitor)
    page = client.get(reverse("online:scan", args=[scan.pk]))
    assert page.status_code == 200
    lead = Lead.objects.filter(scan=scan).order_by("-score").first()
    assert lead is not None
    detail = client.get(reverse("online:lead", args=[lead.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "baken-mark--indicator" in text
    assert 'id="network-elements"' in text
    assert AuditEntry.objects.filter(
        action=AuditAction.VIEW, object_type="online.lead", object_id=str(lead.pk)
    ).exists()
    response = client.post(reverse("online:lead-signal", args=[lead.pk]))
    assert response.status_code == 302
    draft = SignalDraft.objects.get(user=monitor).data
    assert draft["place_kind"] == ["online"]
    assert "Online" in draft["observation"][0] or "online" in draft["observation"][0]


def test_a_malformed_file_fails_the_scan_with_the_line(
    make_user: Callable[..., User], django_capture_on_commit_callbacks: Callable
) -> None:
    monitor = make_user(Role.ONLINE_MONITOR)
    broken = b'{"id": "1", "text": "ok"}\n{"id": "2", "text": \n'
    with django_capture_on_commit_callbacks(execute=True):
        scan = services.start_scan(monitor, title="Kapot", uploads=[_upload("ads.jsonl", broken)])
    scan.refresh_from_db()
    assert scan.status == ScanStatus.FAILED
    assert "2" in scan.error
    assert not ScannedPost.objects.filter(scan=scan).exists()


def test_a_server_path_outside_the_import_folder_is_refused(
    make_user: Callable[..., User], settings: pytest.FixtureRequest, tmp_path: Path
) -> None:
    settings.BAKEN_SCAN_IMPORT_DIR = str(tmp_path / "imports")  # type: ignore[attr-defined]
    (tmp_path / "imports").mkdir()
    monitor = make_user(Role.ONLINE_MONITOR)
    with pytest.raises(services.ScanRequestError):
        services.start_scan(monitor, title="x", server_path="../../etc/passwd")
    assert not Scan.objects.exists()


def test_retention_deletes_the_raw_material(
    make_user: Callable[..., User], django_capture_on_commit_callbacks: Callable
) -> None:
    monitor = make_user(Role.ONLINE_MONITOR)
    with django_capture_on_commit_callbacks(execute=True):
        scan = services.start_scan(monitor, title="Oud", uploads=[_upload()])
    Scan.objects.filter(pk=scan.pk).update(created_at=timezone.now() - timedelta(days=200))
    assert services.purge(days=90) == [scan.pk]
    assert not any(p.text for p in ScannedPost.objects.filter(scan=scan))
    scan.refresh_from_db()
    assert scan.purged_at is not None
    assert scan.input_paths == []
    assert services.purge(days=90) == []


def test_only_monitors_and_administrators_see_scans(
    make_user: Callable[..., User], django_capture_on_commit_callbacks: Callable
) -> None:
    monitor = make_user(Role.ONLINE_MONITOR)
    with django_capture_on_commit_callbacks(execute=True):
        scan = services.start_scan(monitor, title="Synthetisch", uploads=[_upload()])
    for role in (Role.SIGNALER, Role.COORDINATOR, Role.CASE_WORKER, Role.ANALYST):
        client = Client()
        client.force_login(make_user(role))
        assert client.get(reverse("online:scan", args=[scan.pk])).status_code == 404
        assert client.get(reverse("online:scans")).status_code == 403


def test_the_network_picture_shows_the_ties_the_engine_set_aside(
    make_user: Callable[..., User], django_capture_on_commit_callbacks: Callable
) -> None:
    # Three copies of one ad share a phone; the third also gives a number that two unrelated
    # ads use. The engine does not join the two networks through that one post, and the
    # picture must show that tie as set aside, not as a link.
    monitor = make_user(Role.ONLINE_MONITOR)
    with django_capture_on_commit_callbacks(execute=True):
        scan = services.start_scan(
            monitor, title="Gedeeld nummer", uploads=[_upload("shared_phone.jsonl")]
        )
    scan.refresh_from_db()
    assert scan.status == ScanStatus.DONE, scan.error
    lead = Lead.objects.get(scan=scan, posts=3)
    assert [tie for tie in lead.ties if not tie["linked"]] == [
        {
            "post": "ad:voorbeeld-ads.nl:t3",
            "key": "phone:+31634567891",
            "kind": "phone",
            "linked": False,
            "hub": False,
        }
    ]
    assert {tie["key"] for tie in lead.ties if tie["linked"]} == {
        "phone:+31623456789",
        "template:T000001",
    }
    assert len(lead.ties) == 7  # each of the three posts: its phone and its template; t3's tie
    other = Lead.objects.get(scan=scan, posts=2)
    assert {tie["key"] for tie in other.ties} == {"phone:+31634567891"}
    # The ties name phone numbers: encrypted at rest like the lead's phones.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT ties FROM online_lead WHERE id = %s", [lead.pk])
        assert "634567891" not in str(cursor.fetchone()[0])

    client = Client()
    client.force_login(monitor)
    text = client.get(reverse("online:lead", args=[lead.pk])).content.decode()
    assert "Verbanden die niet meetellen" in text
    assert (
        "Telefoonnummer +31634567891 wordt ook door een ander netwerk gebruikt, via maar één "
        "bericht; niet gebruikt om te koppelen" in text
    )
    assert '"state": "set-aside"' in text
    assert text.count('"state": "linked"') == 6

    Scan.objects.filter(pk=scan.pk).update(created_at=timezone.now() - timedelta(days=200))
    assert services.purge(days=90) == [scan.pk]
    lead.refresh_from_db()
    assert lead.ties == []


def test_scans_find_the_municipalities_loaded_here_and_a_signal_takes_them(
    make_user: Callable[..., User], django_capture_on_commit_callbacks: Callable
) -> None:
    # "Nieuwe Polder" (made up: a municipality formed after the list shipped with Baken) is
    # loaded into this installation (`baken load-municipalities`): scans find it beside the
    # shipped ones, and "Make a signal" pre-fills it.
    polder = MunicipalityFactory(name="Nieuwe Polder", cbs_code="GM9999")
    monitor = make_user(Role.ONLINE_MONITOR)
    ads = (
        b'{"id": "d1", "site": "ads.example", "text": "Nieuw in Nieuwe Polder, bel 0612345678"}\n'
        b'{"id": "d2", "site": "ads.example", "text": "Nu in Utrecht, bel 0612345678"}\n'
    )
    with django_capture_on_commit_callbacks(execute=True):
        scan = services.start_scan(monitor, title="Polder", uploads=[_upload("ads.jsonl", ads)])
    scan.refresh_from_db()
    assert scan.status == ScanStatus.DONE, scan.error

    lead = Lead.objects.get(scan=scan)
    assert sorted(lead.cities) == ["Nieuwe Polder", "Utrecht"]
    client = Client()
    client.force_login(monitor)
    assert client.post(reverse("online:lead-signal", args=[lead.pk])).status_code == 302
    assert SignalDraft.objects.get(user=monitor).data["municipality"] == [str(polder.pk)]
