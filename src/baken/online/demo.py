"""A finished scan for the demo world, so that an online monitor has leads to browse at once.

Generated ads and Telegram messages (`baken.scan.synthetic`: template clusters, operations
sharing phone pools, unrelated ads from the same boilerplate; three JSON Lines ad dumps and
three single-chat Telegram Desktop exports) are written as a scan's uploads and run through the
real engine and the app's own `services.run`, exactly as an upload would be. The scan belongs to
the online monitors of one region (`DEMO_REGION`); like every scan, only they and that region's
administrators see it. Idempotent: a region that has the demo scan gets no second one.
Deterministic: a fixed seed. Creating it writes no audit entry, as the rest of the demo world.
"""

from __future__ import annotations

from baken.accounts.models import Membership
from baken.accounts.roles import Role
from baken.online import services, storage
from baken.online.models import Scan, ScanStatus
from baken.scan.synthetic import generate
from baken.scan.synthetic_files import write_inputs

DEMO_REGION = "midden-nederland"
DEMO_TITLE = "Demo: gegenereerde advertenties en Telegram-berichten"
DEMO_POSTS = 1500
DEMO_NOISE = 0.05  # some words changed per copy, as when an ad is edited
DEMO_SEED = 2026


class DemoScanError(RuntimeError):
    """The demo scan could not be made (no monitor to own it, or the engine failed)."""


def build_demo_scan(posts: int = DEMO_POSTS) -> int:
    """Make and run the demo scan of `DEMO_REGION`'s online monitor unless it exists; returns
    the number of scans made (0 or 1)."""
    membership = (
        Membership.objects.filter(
            role=Role.ONLINE_MONITOR,
            is_active=True,
            organisation__region__code=DEMO_REGION,
        )
        .select_related("user", "organisation")
        .order_by("user__username")
        .first()
    )
    if membership is None:
        raise DemoScanError(f"no online monitor in region {DEMO_REGION} to own the demo scan")
    if Scan.objects.filter(organisation=membership.organisation, title=DEMO_TITLE).exists():
        return 0
    scan = Scan.objects.create(
        organisation=membership.organisation, started_by=membership.user, title=DEMO_TITLE
    )
    data = generate(posts, DEMO_NOISE, DEMO_SEED)
    paths = write_inputs(data.posts, storage.input_dir(scan.pk))
    scan.input_paths = [str(path) for path in paths]
    scan.save(update_fields=["input_paths"])
    done = services.run(scan.pk)
    if done.status != ScanStatus.DONE:
        storage.remove(scan.pk)  # the caller's transaction takes the rows back; the files too
        raise DemoScanError(f"the demo scan failed: {done.error}")
    return 1
