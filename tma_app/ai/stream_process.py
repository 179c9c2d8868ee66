"""The stream process: reads the model's streamed answers for one app worker, many at once.

Started by the worker (`process_provider.py`) as `python -m tma_app.ai.stream_process IN OUT` with two
pipe ends. Per token, the network reads, the SSE parsing and the HTTP client's bookkeeping cost about
a tenth of a millisecond; with 50 answers streaming that is most of a core, and in the worker it kept
every other user's event waiting. Here it runs on another core: the worker receives each answer's
new text merged, at most every FLUSH_S, and the end of each answer (usage, or a typed error) as
soon as it is known.

It reads with the same code as the worker would (`openai_provider.stream_parts`: retries only
before the first token); the endpoint and key come with each request and are never logged. A
cancel closes that answer's HTTP response at once. When the worker goes away its pipe closes,
and this process closes its responses and exits.
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import signal
import sys
from typing import Any

from tma_app.ai import openai_provider
from tma_app.ai.shapes import ChatMessage, CompletionRequest, Delta
from tma_app.ai.stream_wire import FrameReader, PipeWriter, error_to_wire, read_pipe

log = logging.getLogger("tma_app.ai.stream_process")

# The longest an answer's new text waits before it is sent on; the first text and the ends never wait.
# Under the screen's 75 ms (ai/state.py), so a draft is drawn every ~80 ms, not every other 50 ms (100).
FLUSH_S = 0.04
# Answers whose turn comes within this much of each other go in one message.
GATHER_S = 0.005


class Streams:
    """The answers being read, and what has not been sent to the worker yet (in order, text merged).

    Each answer sends its text every FLUSH_S on a phase of its own (random after its first text), not
    all answers on one tick: answers asked together would otherwise reach the worker, and be drawn on
    screens, in one burst every FLUSH_S, and another user's event waits behind the whole burst.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, out: PipeWriter) -> None:
        self._loop, self._out = loop, out
        self.tasks: dict[int, asyncio.Task[None]] = {}
        self._unsent: dict[int, list[list[Any]]] = {}
        self._due: dict[int, float] = {}  # answers with unsent text: when their turn comes
        self._last_sent: dict[int, float] = {}
        self._timer: asyncio.TimerHandle | None = None

    def open(self, stream_id: int, endpoint: dict[str, Any], request: dict[str, Any]) -> None:
        self.tasks[stream_id] = self._loop.create_task(self._read(stream_id, endpoint, request))

    def cancel(self, stream_id: int) -> None:
        task = self.tasks.get(stream_id)
        if task is not None:
            task.cancel()  # unwinds through the SDK's response context: the connection closes

    async def _read(self, stream_id: int, endpoint: dict[str, Any], request: dict[str, Any]) -> None:
        try:
            sdk = openai_provider.client(openai_provider.Endpoint(**endpoint))
            completion = CompletionRequest(
                model=request["model"], messages=[ChatMessage(role, content) for role, content in request["messages"]],
                temperature=request["temperature"], max_tokens=request["max_tokens"])
            async for part in openai_provider.stream_parts(sdk, completion):
                if isinstance(part, Delta):
                    self._add(stream_id, "text", part.text)
                    if stream_id not in self._last_sent:  # time to first token is not held back
                        self._send([stream_id])
                        self._last_sent[stream_id] -= random.uniform(0, FLUSH_S)  # this answer's phase
                    else:
                        self._schedule(stream_id)
                else:
                    self._add(stream_id, "usage", (part.prompt_tokens, part.completion_tokens))
            self._add(stream_id, "end", None)
        except asyncio.CancelledError:
            self._unsent.pop(stream_id, None)  # the worker has let this answer go
            self._due.pop(stream_id, None)
            self._last_sent.pop(stream_id, None)
            return
        except Exception as error:  # every failure goes back typed; the worker decides what it means
            self._add(stream_id, "error", error_to_wire(error))
        finally:
            self.tasks.pop(stream_id, None)
        self._send([stream_id])
        self._last_sent.pop(stream_id, None)

    def _add(self, stream_id: int, kind: str, value: Any) -> None:
        events = self._unsent.setdefault(stream_id, [])
        if kind == "text" and events and events[-1][0] == "text":
            events[-1][1] += value
        else:
            events.append([kind, value])

    def _schedule(self, stream_id: int) -> None:
        if stream_id in self._due:
            return
        due = self._due[stream_id] = self._last_sent[stream_id] + FLUSH_S
        if self._timer is None or due < self._timer.when():
            if self._timer is not None:
                self._timer.cancel()
            self._timer = self._loop.call_at(due, self._send_due)

    def _send_due(self) -> None:
        self._timer = None
        now = self._loop.time()
        self._send([stream_id for stream_id, due in self._due.items() if due <= now + GATHER_S])
        if self._due:
            self._timer = self._loop.call_at(min(self._due.values()), self._send_due)

    def _send(self, stream_ids: list[int]) -> None:
        now = self._loop.time()
        frame = []
        for stream_id in stream_ids:
            self._due.pop(stream_id, None)
            self._last_sent[stream_id] = now
            frame += [(stream_id, kind, value) for kind, value in self._unsent.pop(stream_id, ())]
        if frame:
            self._out.send(frame)


async def serve(in_fd: int, out_fd: int) -> None:
    loop = asyncio.get_running_loop()
    gone = loop.create_future()

    def worker_gone() -> None:
        if not gone.done():
            gone.set_result(None)

    out = PipeWriter(loop, out_fd, worker_gone)
    streams = Streams(loop, out)
    frames = FrameReader()

    def readable() -> None:
        data = read_pipe(in_fd)
        if data is None:
            loop.remove_reader(in_fd)
            worker_gone()
            return
        for message in frames.feed(data):
            if message[0] == "open":
                streams.open(message[1], message[2], message[3])
            elif message[0] == "cancel":
                streams.cancel(message[1])

    os.set_blocking(in_fd, False)
    loop.add_reader(in_fd, readable)
    await gone
    for task in list(streams.tasks.values()):
        task.cancel()
    await asyncio.gather(*streams.tasks.values(), return_exceptions=True)
    out.close()


def main(argv: list[str]) -> None:
    # Ctrl-C in a terminal reaches the whole process group; this process ends when its worker does.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s [ai stream process] %(name)s: %(message)s")
    asyncio.run(serve(int(argv[0]), int(argv[1])))


if __name__ == "__main__":
    main(sys.argv[1:])
