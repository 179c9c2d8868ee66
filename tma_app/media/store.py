"""Renditions cached on disk, so each one is drawn and encoded once per deploy.

Layout: `<cache_dir>/<revision>/<group>/<name>/<width>.<ext>`. Paths are built
from catalog ids only (never from request text), and a new drawing or encoder
changes the revision, so stale files are never served; old revision folders can
simply be deleted.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from contextlib import suppress
from pathlib import Path

from tma_app.core.settings import PROJECT_ROOT
from tma_app.media import render
from tma_app.media.catalog import ImageSpec
from tma_app.media.render import ImageFormat

DEFAULT_CACHE_DIR = PROJECT_ROOT / "data" / "media-cache"

log = logging.getLogger(__name__)


def etag_for(spec: ImageSpec, width: int, fmt: ImageFormat) -> str:
    """A strong validator known without touching the disk: rendering is deterministic."""
    digest = hashlib.sha256(f"{render.REVISION}:{spec.id}:{width}:{fmt.name}".encode()).hexdigest()
    return f'"{digest[:24]}"'


class MediaStore:
    def __init__(self, cache_dir: Path | str | None = None) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR
        self._locks: dict[Path, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def path_for(self, spec: ImageSpec, width: int, fmt: ImageFormat) -> Path:
        return self.cache_dir / render.REVISION / spec.id / f"{width}.{fmt.extension}"

    def get(self, spec: ImageSpec, width: int, fmt: ImageFormat) -> bytes:
        """The rendition's bytes: from disk when cached, otherwise produced and stored. Blocking."""
        path = self.path_for(spec, width, fmt)
        with suppress(FileNotFoundError):
            return path.read_bytes()
        # One encode per rendition in this process; other workers are kept safe by the atomic rename.
        with self._lock_for(path):
            with suppress(FileNotFoundError):
                return path.read_bytes()
            data = render.produce(spec, width, fmt)
            try:
                _write_atomically(path, data)
            except OSError as error:
                # The cache is an optimisation: a full or read-only disk still gets a picture served.
                log.warning("media cache write failed for %s: %s", path, error)
            return data

    def _lock_for(self, path: Path) -> threading.Lock:
        with self._locks_guard:
            return self._locks.setdefault(path, threading.Lock())


def _write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old state or the whole file, never a half-written one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; a front proxy may serve the cache too
        os.replace(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
