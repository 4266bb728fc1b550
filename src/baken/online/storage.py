"""Where a scan's raw material lives on disk: `var/scans/<scan id>/input/` for uploads and
`var/scans/<scan id>/out/` for the engine's output files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def scan_dir(scan_id: int) -> Path:
    return Path(settings.VAR_DIR) / "scans" / str(scan_id)


def input_dir(scan_id: int) -> Path:
    return scan_dir(scan_id) / "input"


def output_dir(scan_id: int) -> Path:
    return scan_dir(scan_id) / "out"


def save_upload(scan_id: int, upload: UploadedFile, index: int) -> Path:
    """Store an upload under a safe name (the client's name is only a hint)."""
    name = SAFE_NAME.sub("_", Path(upload.name or "upload").name)[-80:] or "upload"
    target = input_dir(scan_id) / f"{index:02d}-{name}"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


def import_path(raw: str) -> Path:
    """A file or folder under BAKEN_SCAN_IMPORT_DIR, or ValueError: nothing outside it."""
    root_setting = settings.BAKEN_SCAN_IMPORT_DIR
    if not root_setting:
        raise ValueError("no import folder is configured (BAKEN_SCAN_IMPORT_DIR)")
    root = Path(root_setting).resolve()
    candidate = (root / raw.strip()).resolve()
    if candidate != root and root not in candidate.parents:
        raise ValueError("the path is outside the import folder")
    if not candidate.exists():
        raise ValueError("no such file in the import folder")
    if candidate.is_dir():
        found = candidate / "result.json"
        if not found.exists():
            raise ValueError("the folder holds no result.json")
        return found
    return candidate


def remove(scan_id: int) -> int:
    """Delete the scan's files; how many bytes were freed."""
    folder = scan_dir(scan_id)
    if not folder.exists():
        return 0
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    shutil.rmtree(folder)
    return size
