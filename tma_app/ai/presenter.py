"""Turns stored messages and answer outcomes into what the chat screen shows (plain dicts)."""

from __future__ import annotations

from tma_app.ai.conversation import StoredMessage
from tma_app.ai.markdown import to_html
from tma_app.core.i18n import Language, text

MODES = ("support", "creative", "demo_assistant")
_STATUS_KEYS = {"stopped": "ai_status_stopped", "failed": "ai_status_failed", "length": "ai_status_length"}


def status_line(status: str, language: Language) -> str:
    key = _STATUS_KEYS.get(status)
    return text(key, language) if key else ""


def bubble(message_id: str, role: str, content: str, status: str, offline: bool, language: Language,
           link_hosts: frozenset[str], key: str = "") -> dict[str, str]:
    """One chat bubble: the user's text as text, an answer as allow-listed HTML."""
    return {
        "id": message_id,
        "role": role,
        "text": content if role == "user" else "",
        "html": to_html(content, link_hosts) if role == "assistant" else "",
        "status": status,
        "note": status_line(status, language),
        "offline": "1" if offline else "",
        "key": key,  # the request it belongs to: Retry replaces that request's answer
    }


def bubbles(messages: list[StoredMessage], language: Language, link_hosts: frozenset[str]) -> list[dict[str, str]]:
    return [bubble(str(m.id), m.role, m.content, m.status, m.offline, language, link_hosts, m.request_key or "")
            for m in messages]
