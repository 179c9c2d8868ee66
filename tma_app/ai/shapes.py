"""The typed pieces that travel from a provider through the orchestrator to the screen."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Role = Literal["system", "user", "assistant"]


@dataclass(frozen=True, slots=True)
class ChatMessage:
    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class CompletionRequest:
    model: str
    messages: Sequence[ChatMessage]
    temperature: float
    max_tokens: int
    language: str = "en"
    # Structured facts about where the user is (demo, screen, item, cart), for the offline help too.
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Delta:
    text: str


@dataclass(frozen=True, slots=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


StreamPart = Delta | Usage


class Provider(Protocol):
    """Streams one answer. Closing the iterator early must close the upstream request."""

    name: str  # "openai" | "local"
    offline: bool  # True: answers come from the app's own content, not a model

    def stream(self, request: CompletionRequest) -> AsyncIterator[StreamPart]: ...

    async def moderate(self, text: str) -> bool | None:
        """True when flagged, False when clean, None when this provider offers no moderation."""
        ...


Outcome = Literal["complete", "stopped", "refused", "failed", "length"]


@dataclass(frozen=True, slots=True)
class AnswerEvent:
    """What the orchestrator tells its caller while an answer is produced."""

    kind: Literal["admitted", "delta", "done"]
    text: str = ""  # delta: the new text
    remaining_requests: int | None = None  # admitted
    outcome: Outcome | None = None  # done
    reason: str | None = None  # done with refused/failed: the code the screen explains
    answer: str = ""  # done: the whole answer as stored (a refusal replaces the text)
