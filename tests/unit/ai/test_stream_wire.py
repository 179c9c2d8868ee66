"""The stream process's wire: frames whole however the pipe splits them, errors back as their class."""

from __future__ import annotations

import asyncio
import os

from tma_app.ai.errors import ProviderFailed, StreamProcessFailed
from tma_app.ai.stream_wire import FrameReader, PipeWriter, encode, error_from_wire, error_to_wire, read_pipe


def test_frames_come_out_whole_however_the_reads_split_them():
    messages = [("open", 1, {"base_url": None}, {"messages": [("user", "привет " * 500)]}),
                [(1, "text", "one"), (1, "usage", (3, 1)), (1, "end", None)], ("cancel", 1)]
    data = b"".join(encode(m) for m in messages)
    for size in (1, 3, 7, 1000, len(data)):
        reader = FrameReader()
        out = [m for start in range(0, len(data), size) for m in reader.feed(data[start:start + size])]
        assert out == messages


def test_typed_errors_cross_with_their_class_and_partial_flag():
    for error in (ProviderFailed("no answer after 4 attempts", partial=False),
                  ProviderFailed("stream broke after the first token", partial=True),
                  StreamProcessFailed("gone", partial=True)):
        back = error_from_wire(*error_to_wire(error))
        assert type(back) is type(error) and str(back) == str(error) and back.partial == error.partial


def test_an_unexpected_error_comes_back_as_an_internal_failure_not_a_provider_one():
    back = error_from_wire(*error_to_wire(KeyError("model")))
    assert type(back) is RuntimeError and "KeyError" in str(back)


async def test_a_writer_never_blocks_and_delivers_everything_once_the_reader_drains():
    loop = asyncio.get_running_loop()
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)
    broken: list[bool] = []
    writer = PipeWriter(loop, write_end, lambda: broken.append(True))
    big = ["x" * 100_000 for _ in range(5)]  # far more than a pipe holds
    for message in big:
        writer.send(message)  # returns at once; the rest waits for the pipe to drain
    reader, received = FrameReader(), []
    while len(received) < len(big):
        data = read_pipe(read_end)
        assert data is not None
        received += reader.feed(data)
        await asyncio.sleep(0)
    assert received == big and not broken
    os.close(read_end)
    writer.send("after the reader left")
    await asyncio.sleep(0)
    assert broken == [True] and writer.closed
