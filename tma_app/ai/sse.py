"""Chat Completions' server-sent events, parsed a network read at a time.

One read of the response body may hold one chunk or dozens (a busy worker reads less often, so
more has arrived): every complete event in it is decoded together and its text joined into one
delta, so the cost per read stays flat however many tokens it carries.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from tma_app.ai.errors import ProviderFailed
from tma_app.ai.shapes import Delta, StreamPart, Usage

_DONE = b"[DONE]"


async def sse_batches(reads: AsyncIterator[bytes]) -> AsyncIterator[list[dict[str, Any]]]:
    """The JSON payloads of the complete events each read finishes; ends at `[DONE]` or the body's end."""
    pending = b""
    async for read in reads:
        pending += read.replace(b"\r\n", b"\n")
        *events, pending = pending.split(b"\n\n")
        batch, done = [], False
        for event in events:
            data = b"\n".join(line[5:].lstrip() for line in event.split(b"\n") if line.startswith(b"data:"))
            if not data:
                continue  # a comment or keep-alive
            if data == _DONE:
                done = True
                break
            try:
                batch.append(json.loads(data))
            except ValueError as error:
                raise ProviderFailed("the provider sent an event that is not JSON") from error
        if batch:
            yield batch
        if done:
            return


def parts_of(batch: list[dict[str, Any]]) -> list[StreamPart]:
    """The batch's text as one delta, then its usage (OpenAI sends usage in a last, choice-less chunk)."""
    text: list[str] = []
    usage: Usage | None = None
    for payload in batch:
        if payload.get("error"):
            raise ProviderFailed(f"the provider reported an error mid-stream: {str(payload['error'])[:200]}",
                                 partial=True)
        for choice in payload.get("choices") or ():
            content = (choice.get("delta") or {}).get("content")
            if isinstance(content, str) and content:
                text.append(content)
        reported = payload.get("usage")
        if isinstance(reported, dict):
            usage = Usage(int(reported.get("prompt_tokens") or 0), int(reported.get("completion_tokens") or 0))
    parts: list[StreamPart] = [Delta("".join(text))] if text else []
    return [*parts, usage] if usage is not None else parts
