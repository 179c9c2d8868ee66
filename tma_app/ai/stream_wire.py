"""The wire between a worker and its stream process: framed messages over two pipes.

Each message is a length-prefixed pickle (both ends are this codebase, started by the worker; the
pipes are never reachable by anyone else). Both ends read and write their non-blocking pipe ends from
their event loop (`add_reader` / `add_writer`), so neither ever blocks on the other, and neither
starts a thread. Errors cross as (class name, detail, partial) and come back as the same class.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import struct
from collections.abc import Callable
from typing import Any

from tma_app.ai import errors

_HEADER = struct.Struct("!I")
READ_SIZE = 1 << 16
# The typed errors a stream can end with; anything else was a bug in the stream process.
_TYPED: dict[str, type[errors.ProviderFailed]] = {
    cls.__name__: cls for cls in (errors.ProviderFailed, errors.StreamProcessFailed)}

# Worker -> stream process: ("open", stream id, endpoint dict, request dict) | ("cancel", stream id)
# Stream process -> worker: a list of (stream id, kind, value) in order, kind one of
#   "text" (the text since the last one), "usage" ((prompt, completion)), "end" (None),
#   "error" ((class name, detail, partial)).
Message = Any


def encode(message: Message) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


class FrameReader:
    """Whole messages out of the bytes a pipe delivers, however the reads split them."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[Message]:
        self._buffer += data
        messages: list[Message] = []
        start = 0
        while len(self._buffer) - start >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self._buffer, start)
            end = start + _HEADER.size + size
            if len(self._buffer) < end:
                break
            messages.append(pickle.loads(self._buffer[start + _HEADER.size:end]))
            start = end
        del self._buffer[:start]
        return messages


class PipeWriter:
    """Writes frames to a non-blocking pipe; what the pipe cannot take yet waits for `add_writer`."""

    def __init__(self, loop: asyncio.AbstractEventLoop, fd: int, on_broken: Callable[[], None]) -> None:
        os.set_blocking(fd, False)
        self._loop, self._fd, self._on_broken = loop, fd, on_broken
        self._pending = bytearray()
        self._waiting = False
        self.closed = False

    def send(self, message: Message) -> None:
        if self.closed:
            return
        self._pending += encode(message)
        if not self._waiting:
            self._flush()

    def _flush(self) -> None:
        try:
            written = os.write(self._fd, self._pending)
        except BlockingIOError:
            written = 0
        except OSError:  # the other end is gone
            self.close()
            self._on_broken()
            return
        del self._pending[:written]
        if self._pending and not self._waiting:
            self._loop.add_writer(self._fd, self._flush)
            self._waiting = True
        elif not self._pending and self._waiting:
            self._loop.remove_writer(self._fd)
            self._waiting = False

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._waiting and not self._loop.is_closed():
            self._loop.remove_writer(self._fd)
            self._waiting = False
        self._pending.clear()
        os.close(self._fd)


def read_pipe(fd: int) -> bytes | None:
    """What a readable non-blocking pipe holds now: b"" when nothing yet, None at its end (writer gone)."""
    try:
        data = os.read(fd, READ_SIZE)
    except BlockingIOError:
        return b""
    except OSError:
        return None
    return data or None


def error_to_wire(error: BaseException) -> tuple[str, str, bool]:
    partial = bool(getattr(error, "partial", False))
    return type(error).__name__, str(error)[:500], partial


def error_from_wire(name: str, detail: str, partial: bool) -> Exception:
    typed = _TYPED.get(name)
    if typed is not None:
        return typed(detail, partial=partial)
    # Not a failure the provider contract names: the same as an unexpected error in the worker.
    return RuntimeError(f"stream process: {name}: {detail}")
