"""How a queued scan gets run. `BAKEN_SCAN_RUNNER`:

- "thread": a daemon thread in the web process starts it at once (the demo: no second process
  to start; a restart loses a running scan, which `baken scan-worker --requeue` picks up);
- "worker": nothing here; `baken scan-worker` polls for queued scans (production);
- "inline": run it now, in the caller (tests).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import connection


def enqueue(scan_id: int) -> None:
    mode = settings.BAKEN_SCAN_RUNNER
    if mode == "inline":
        _run(scan_id)
    elif mode == "thread":
        threading.Thread(target=_in_thread, args=(scan_id,), daemon=True).start()


def _run(scan_id: int) -> None:
    from baken.online import services

    services.run(scan_id)


def _in_thread(scan_id: int) -> None:
    try:
        _run(scan_id)
    finally:
        connection.close()
