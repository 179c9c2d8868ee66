"""The one module that talks to the OpenAI-compatible server (the `openai` SDK's AsyncOpenAI).

Retries (429, 5xx, a dropped connection) happen only before the first token: a half-streamed
answer is never replayed, so the user never sees a sentence twice and never pays for it twice.
Closing the iterator (Stop, the user left) closes the HTTP response at once, which is what makes
the server stop generating tokens. The same code reads the streams in the app's worker
(`OpenAIProvider`) or in the worker's stream process (`stream_process.py`, which imports this module).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import httpx2  # the SDK's HTTP client: a body that breaks mid-read raises its errors
import openai
from openai import AsyncOpenAI

from tma_app.ai.errors import ProviderFailed
from tma_app.ai.shapes import CompletionRequest, Delta, StreamPart
from tma_app.ai.sse import parts_of, sse_batches
from tma_app.core.settings import Settings, get_settings

log = logging.getLogger(__name__)

MODERATION_MODEL = "omni-moderation-latest"
# Seconds to wait before each retry; a server's Retry-After wins when it says more (up to the cap).
BACKOFF_S = (0.25, 1.0, 2.5)
RETRY_AFTER_CAP_S = 5.0
_RETRYABLE = (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where and how to reach the model; the stream process gets it with each request."""

    api_key: str = field(repr=False)  # never in a log line or a traceback's locals summary
    base_url: str | None
    timeout_s: float


def endpoint_of(settings: Settings) -> Endpoint:
    if settings.OPENAI_API_KEY is None:
        raise RuntimeError("OPENAI_API_KEY is not set")
    base_url = str(settings.OPENAI_BASE_URL).rstrip("/") if settings.OPENAI_BASE_URL else None
    return Endpoint(settings.OPENAI_API_KEY.get_secret_value(), base_url, settings.AI_TIMEOUT_S)


@lru_cache(maxsize=4)
def _client(api_key: str, base_url: str | None, timeout_s: float) -> AsyncOpenAI:
    # The SDK's own retries are off: ours know whether a token was already shown.
    return AsyncOpenAI(api_key=api_key, base_url=base_url, timeout=timeout_s, max_retries=0)


def client(endpoint: Endpoint) -> AsyncOpenAI:
    """The client for this endpoint, made once per process (its connections are reused)."""
    return _client(endpoint.api_key, endpoint.base_url, endpoint.timeout_s)


def client_for(settings: Settings) -> AsyncOpenAI:
    return client(endpoint_of(settings))


def _retry_delay(error: Exception, attempt: int) -> float:
    delay = BACKOFF_S[attempt]
    response = getattr(error, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    try:
        if header is not None:
            delay = max(delay, min(float(header), RETRY_AFTER_CAP_S))
    except ValueError:
        pass
    return delay


async def stream_parts(sdk: AsyncOpenAI, request: CompletionRequest) -> AsyncIterator[StreamPart]:
    """One answer's deltas and usage, read in this process (the app's worker, or the stream process)."""
    messages = [{"role": m.role, "content": m.content} for m in request.messages]
    for attempt in range(len(BACKOFF_S) + 1):
        started = False
        try:
            # The SDK makes the request (auth, base URL, timeouts, HTTP errors as openai errors); the
            # body is read here a network read at a time: under load one read carries many chunks,
            # and parsing them together costs a fraction of one SDK chunk object per token.
            async with sdk.chat.completions.with_streaming_response.create(
                model=request.model,
                messages=cast(Any, messages),  # plain role/content dicts; the SDK types a TypedDict union
                temperature=request.temperature,
                max_tokens=request.max_tokens,
                stream=True,
                stream_options={"include_usage": True},
            ) as response:
                # Leaving this block (Stop: the caller closed us) closes the response: generation ends.
                async for batch in sse_batches(response.iter_bytes()):
                    for part in parts_of(batch):
                        started = started or isinstance(part, Delta)
                        yield part
            return
        except (*_RETRYABLE, httpx2.TransportError) as error:
            if started:
                raise ProviderFailed(f"stream broke after the first token: {type(error).__name__}",
                                     partial=True) from error
            if attempt == len(BACKOFF_S):
                raise ProviderFailed(f"no answer after {attempt + 1} attempts: {type(error).__name__}") from error
            delay = _retry_delay(error, attempt)
            log.warning("assistant provider %s, retrying in %.2fs", type(error).__name__, delay)
            await asyncio.sleep(delay)
        except openai.APIError as error:
            raise ProviderFailed(f"provider refused the request: {type(error).__name__}",
                                 partial=started) from error


class OpenAIProvider:
    name = "openai"
    offline = False

    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings or get_settings()
        # None until asked: whether this server has a moderation endpoint.
        self._moderation_available: bool | None = None

    def stream(self, request: CompletionRequest) -> AsyncIterator[StreamPart]:
        return stream_parts(client_for(self._settings), request)

    async def moderate(self, text: str) -> bool | None:
        if self._moderation_available is False:
            return None
        try:
            result = await client_for(self._settings).moderations.create(model=MODERATION_MODEL, input=text)
        except openai.NotFoundError:
            self._moderation_available = False
            log.warning("the configured provider has no moderation endpoint; moderation is skipped")
            return None
        except openai.APIError as error:
            # A moderation outage must not let unchecked text through.
            raise ProviderFailed(f"moderation failed: {type(error).__name__}") from error
        self._moderation_available = True
        return any(item.flagged for item in result.results)
