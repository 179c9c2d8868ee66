"""The disk cache: each rendition encoded once, written atomically, under the cache folder only."""

import threading
import time

from tma_app.core.settings import PROJECT_ROOT
from tma_app.media import catalog, render
from tma_app.media import store as media_store
from tma_app.media.store import MediaStore, etag_for

RAMEN = catalog.get("restaurant/ramen")


def test_default_cache_lives_in_the_project_data_folder():
    assert MediaStore().cache_dir == PROJECT_ROOT / "data" / "media-cache"


def test_second_get_reads_the_file_instead_of_encoding(store, encodes):
    first = store.get(RAMEN, 640, render.WEBP)
    path = store.path_for(RAMEN, 640, render.WEBP)
    before = path.stat()
    second = store.get(RAMEN, 640, render.WEBP)
    assert first == second == path.read_bytes()
    assert encodes == [(640, "webp")]
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_files_stay_inside_the_cache_with_no_temporary_leftovers(store, tmp_path):
    store.get(RAMEN, 320, render.JPEG)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [store.cache_dir / render.REVISION / "restaurant" / "ramen" / "320.jpg"]
    assert oct(files[0].stat().st_mode & 0o777) == "0o644"


def test_concurrent_cold_requests_encode_once(store, monkeypatch):
    calls = []
    real = render.encode

    def slow_encode(image, fmt, **kwargs):
        calls.append(fmt.name)
        time.sleep(0.2)
        return real(image, fmt, **kwargs)

    monkeypatch.setattr(render, "encode", slow_encode)
    results = []
    threads = [threading.Thread(target=lambda: results.append(store.get(RAMEN, 320, render.WEBP))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["webp"] and len(set(results)) == 1 and len(results) == 4


def test_a_failed_write_leaves_no_partial_file_and_still_serves(store, monkeypatch, tmp_path):
    def disk_full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(media_store.os, "replace", disk_full)
    data = store.get(RAMEN, 320, render.WEBP)
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_etags_differ_per_rendition_and_are_stable():
    tags = {etag_for(RAMEN, w, fmt) for w in catalog.SERVED_WIDTHS for fmt in render.FORMATS}
    assert len(tags) == len(catalog.SERVED_WIDTHS) * len(render.FORMATS)
    assert etag_for(RAMEN, 640, render.WEBP) == etag_for(RAMEN, 640, render.WEBP)
    assert all(tag.startswith('"') and tag.endswith('"') for tag in tags)
