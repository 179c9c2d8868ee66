"""The OpenAI provider with its streams read in a process of their own (AI_STREAM_PROCESS=true).

Each app worker starts one stream process (`stream_process.py`) when it first makes the assistant
in its event loop (the screen opened), else with its first answer, and again after it dies. The
worker sends each request (with its endpoint and key, never logged) down a pipe and reads, from its
own event loop without a thread, each answer's new text merged every ~40 ms, then its usage and end
or a typed error. To the orchestrator this is an ordinary `Provider`: deltas and usage in order;
closing the iterator (Stop, the user left) sends a cancel, and the stream process closes the HTTP
response. Moderation (one request per question) stays in the worker.

If the stream process dies, the answers it was reading fail with `StreamProcessFailed` (a
`ProviderFailed`: the screen offers Retry) and the next answer starts a new one. If it cannot be
started at all, answers are read in the worker, as with AI_STREAM_PROCESS=false.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tma_app.ai.errors import StreamProcessFailed
from tma_app.ai.openai_provider import OpenAIProvider, endpoint_of
from tma_app.ai.shapes import CompletionRequest, Delta, StreamPart, Usage
from tma_app.ai.stream_wire import FrameReader, PipeWriter, error_from_wire, read_pipe
from tma_app.core.settings import Settings, get_settings

log = logging.getLogger(__name__)

_PROJECT_ROOT = Path(__file__).resolve().parents[2]
_END = object()
# How long a stream process whose pipes are closed gets to close its responses and exit.
REAP_GRACE_S = 5.0


class _Answer:
    __slots__ = ("parts", "started")

    def __init__(self) -> None:
        self.parts: asyncio.Queue[Any] = asyncio.Queue()
        self.started = False  # a delta arrived: a failure now is mid-answer


class StreamProcess:
    """This worker's stream process: started on first use, started again after it dies."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[bytes] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._out: PipeWriter | None = None
        self._in_fd = -1
        self._frames = FrameReader()
        self._answers: dict[int, _Answer] = {}
        self._ids = itertools.count(1)
        self._pid = os.getpid()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def open(self, endpoint: dict[str, Any], request: dict[str, Any]) -> tuple[int, _Answer]:
        """Sends the request; its parts arrive in the returned answer's queue. OSError: cannot start."""
        self.ensure_running()
        assert self._out is not None
        stream_id, answer = next(self._ids), _Answer()
        self._answers[stream_id] = answer
        self._out.send(("open", stream_id, endpoint, request))
        return stream_id, answer

    def forget(self, stream_id: int) -> None:
        """The caller let this answer go before its end: the stream process closes its response."""
        if self._answers.pop(stream_id, None) is not None and self._out is not None:
            self._out.send(("cancel", stream_id))

    def ensure_running(self) -> None:
        loop = asyncio.get_running_loop()
        if self._proc is not None and self._loop is loop and self._pid == os.getpid():
            if self._proc.poll() is None:
                return
            self._stopped("the stream process exited")
        elif self._proc is not None:
            self._stopped("the stream process belonged to another event loop")
        self._start(loop)

    def _start(self, loop: asyncio.AbstractEventLoop) -> None:
        to_child, child_in = os.pipe()[::-1]  # (write end for us, read end for it)
        child_out, from_child = os.pipe()[::-1]
        # The app's settings stay here (the key travels with each request): none of them in its environment.
        env = {name: value for name, value in os.environ.items() if name not in Settings.model_fields}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PROJECT_ROOT), env.get("PYTHONPATH")) if p)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "tma_app.ai.stream_process", str(child_in), str(child_out)],
                pass_fds=(child_in, child_out), stdin=subprocess.DEVNULL, env=env, cwd=_PROJECT_ROOT)
        except OSError:
            for fd in (to_child, child_in, child_out, from_child):
                os.close(fd)
            raise
        os.close(child_in)
        os.close(child_out)
        self._loop, self._pid = loop, os.getpid()
        self._frames = FrameReader()
        self._out = PipeWriter(loop, to_child, lambda: self._stopped("the stream process stopped reading"))
        self._in_fd = from_child
        os.set_blocking(from_child, False)
        loop.add_reader(from_child, self._readable)
        log.info("assistant stream process started (pid %s)", self._proc.pid)

    def _readable(self) -> None:
        data = read_pipe(self._in_fd)
        if data is None:
            self._stopped("the stream process exited")
            return
        for frame in self._frames.feed(data):
            for stream_id, kind, value in frame:
                answer = self._answers.get(stream_id)
                if answer is None:
                    continue  # let go by its caller; a cancel is on its way
                if kind == "text":
                    answer.started = True
                    answer.parts.put_nowait(Delta(value))
                elif kind == "usage":
                    answer.parts.put_nowait(Usage(*value))
                elif kind == "end":
                    del self._answers[stream_id]
                    answer.parts.put_nowait(_END)
                elif kind == "error":
                    del self._answers[stream_id]
                    answer.parts.put_nowait(error_from_wire(*value))

    def _stopped(self, why: str) -> None:
        """The pipes are closed; every answer still open fails, and the next one starts a new process."""
        proc, loop = self._proc, self._loop
        self._proc = None
        if loop is not None and self._in_fd >= 0:
            if not loop.is_closed():
                loop.remove_reader(self._in_fd)
            os.close(self._in_fd)
            self._in_fd = -1
        if self._out is not None:
            self._out.close()  # its end of the pipe closes: the process exits
            self._out = None
        answers, self._answers = self._answers, {}
        if loop is not None and not loop.is_closed():
            for answer in answers.values():
                answer.parts.put_nowait(StreamProcessFailed(f"assistant stream process: {why}",
                                                            partial=answer.started))
        if proc is not None:
            if answers:
                log.warning("assistant stream process (pid %s): %s; %d answers failed", proc.pid, why, len(answers))
            _reap(proc, loop)

    def close(self) -> None:
        """Ends the stream process (tests; a worker's exit closes the pipe by itself)."""
        if self._proc is not None:
            self._stopped("closed")


def _reap(proc: subprocess.Popen[bytes], loop: asyncio.AbstractEventLoop | None, waited_s: float = 0.0) -> None:
    """Collects the exit of a process whose pipes are closed (it exits by itself), never blocking the loop."""
    if proc.poll() is not None:
        return
    if waited_s >= REAP_GRACE_S:
        proc.kill()
    if loop is None or loop.is_closed():
        proc.wait()
        return
    loop.call_later(0.1, _reap, proc, loop, waited_s + 0.1)


_process = StreamProcess()
_cannot_start_logged = False


def _cannot_start(error: OSError) -> None:
    global _cannot_start_logged
    if not _cannot_start_logged:
        _cannot_start_logged = True
        log.error("assistant stream process cannot start (%s); answers are read in the worker", error)


def stream_process() -> StreamProcess:
    return _process


class ProcessProvider:
    name = "openai"
    offline = False

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings or get_settings()
        self._in_worker = OpenAIProvider(self._settings)  # moderation, and the fallback
        self._warm()

    def _warm(self) -> None:
        """Starts the stream process now when made in a running loop (the assistant screen opened), so
        the first answer does not wait for its start (a second or two of imports)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        try:
            stream_process().ensure_running()
        except OSError as error:
            _cannot_start(error)

    async def stream(self, request: CompletionRequest) -> AsyncIterator[StreamPart]:
        wire = {"model": request.model, "messages": [(m.role, m.content) for m in request.messages],
                "temperature": request.temperature, "max_tokens": request.max_tokens}
        process = stream_process()
        try:
            stream_id, answer = process.open(asdict(endpoint_of(self._settings)), wire)
        except OSError as error:
            _cannot_start(error)
            async for part in self._in_worker.stream(request):
                yield part
            return
        ended = False
        try:
            while True:
                part = await answer.parts.get()
                if part is _END:
                    ended = True
                    return
                if isinstance(part, Exception):
                    ended = True
                    raise part
                yield part
        finally:
            if not ended:
                process.forget(stream_id)

    async def moderate(self, text: str) -> bool | None:
        return await self._in_worker.moderate(text)
