"""The assistant's safety layers that need no model: input checks and the output guard.

Input: length, control and direction-changing characters, known prompt-injection phrasings
in English and Russian, and the same question sent again and again. Output: a canary string
planted in the system prompt must never come back (if it does, the model is repeating its
instructions), and links may point only at allowed hosts. Each refusal has a reason code the
screen explains in plain words; the user's text itself is never logged or audited.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from tma_app.ai.errors import Refused

MAX_INPUT_CHARS = 1000
# The same question this many times among the user's recent ones is flooding.
REPEAT_LIMIT = 3
# Format characters (zero-width, direction overrides, soft hyphens, Unicode tags) hide text from a
# human reader while a model still reads it; a zero-width joiner is let through only inside an emoji.
_EMOJI_JOINER = "\u200d"

# The guide's phrasings, and the same attacks in Russian (verb forms and word order vary).
INJECTION_PATTERNS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"\bignore\s+((all|any|the|your|my|of)\s+){0,3}(previous|prior|above|earlier)\s+(instructions|prompts?|rules)",
    r"\bdisregard\s+(all\s+|the\s+|your\s+)?(previous|prior|above)?\s*(instructions|rules|prompts?)",
    r"\bforget\s+(everything|all|your)\s+(you|instructions|rules|previous)",
    r"\b(reveal|show|print|repeat|output)\s+(me\s+)?(your|the)\s+(system\s+)?(prompt|instructions)",
    r"\bsystem\s+prompt\b",
    r"\byou(\s+are|\s*['’]re)\s+now\s+(a|an|in|the|dan)\b",
    r"\b(developer|dan|jailbreak|god)\s+mode\b",
    r"\bact\s+as\s+(an?\s+)?(unrestricted|unfiltered|different)\b",
    r"\bpretend\s+(that\s+)?you\s+(are|have)\s+no\s+(rules|restrictions|limits)",
    r"игнорир\w*\s+(все\s+|всё\s+)?(предыдущ|прошл|вышеуказанн|прежн)\w*\s+(инструкц|указани|правил|промпт)",
    r"забудь\s+(все|всё|свои|прежние|предыдущие)\s*(инструкц|указани|правил)?",
    r"(покажи|выведи|повтори|раскрой|напиши)\s+(мне\s+)?(свой|свои|твой|твои|системн)\w*\s*"
    r"(промпт|инструкц|указани|подсказ)",
    r"системн\w+\s+(промпт|инструкц|подсказ)",
    # "ты теперь ..." names a new role; followed by a verb ("что ты теперь умеешь?") it is a question.
    r"\b(ты\s+теперь|теперь\s+ты|ты\s+больше\s+не)[\s,:—–-]+(будешь\b|(?!\w*(ешь|ишь|ёшь)(ся)?\b)\w+)",
    r"(режим|mode)\s+(разработчика|без\s+ограничений|dan)",
    r"притворись,?\s+(что\s+)?(у\s+тебя\s+нет|ты\s+без)\s+(правил|ограничений)",
))


def normalized(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def check_input(text: object, recent_questions: Iterable[str] = ()) -> str:
    """The question, stripped, or Refused with the reason."""
    if not isinstance(text, str):
        raise Refused("not_text")
    # A pasted Windows line break is a line break, not a control character.
    question = text.replace("\r\n", "\n").strip()
    if not question:
        raise Refused("empty")
    if len(question) > MAX_INPUT_CHARS:
        raise Refused("too_long")
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\n\t" for ch in question):
        raise Refused("control_characters")
    if _has_hidden(question):
        raise Refused("hidden_characters")
    flat = normalized(question)
    if any(pattern.search(flat) for pattern in INJECTION_PATTERNS):
        raise Refused("injection")
    if sum(1 for earlier in recent_questions if normalized(earlier) == flat) >= REPEAT_LIMIT:
        raise Refused("repeated")
    return question


def _has_hidden(text: str) -> bool:
    for at, ch in enumerate(text):
        if unicodedata.category(ch) != "Cf":
            continue
        in_emoji = (ch == _EMOJI_JOINER and 0 < at < len(text) - 1
                    and unicodedata.category(text[at - 1]) in ("So", "Sk", "Mn")
                    and unicodedata.category(text[at + 1]) == "So")
        if not in_emoji:
            return True
    return False


def new_canary() -> str:
    return f"CANARY-{secrets.token_hex(8)}"


_URL = re.compile(r"(?:https?:)?//[^\s<>()\[\]\"'`]+", re.IGNORECASE)
_NOT_IN_URL = frozenset("<>()[]\"'`")


def _last_break_before(text: str, end: int) -> int:
    """Just after the last character before `end` that no URL contains (0 when there is none)."""
    start = end
    while start > 0 and not (text[start - 1].isspace() or text[start - 1] in _NOT_IN_URL):
        start -= 1
    return start


def host_allowed(url: str, allowed_hosts: frozenset[str]) -> bool:
    try:
        parts = urlsplit(url if not url.startswith("//") else "https:" + url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme not in ("http", "https") or not host:
        return False
    return any(host == allowed or host.endswith("." + allowed) for allowed in allowed_hosts)


class OutputGuard:
    """Watches an answer as it streams; `feed` returns the text safe to show now.

    The end of the text that could be the start of the canary, or a link not yet complete, is
    held back until the next chunk proves it harmless, so not even a piece of it reaches the screen.
    """

    def __init__(self, canary: str, allowed_hosts: frozenset[str]) -> None:
        self._canary = canary
        self._allowed = allowed_hosts
        self.text = ""
        self._shown = 0

    @property
    def shown(self) -> str:
        """What reached the screen so far (never a held-back piece of the canary)."""
        return self.text[:self._shown]

    def feed(self, delta: str) -> str:
        # Only the new text and what it can join with are looked at: rescanning the whole answer on
        # every chunk made the guard the worker's largest cost with many answers streaming.
        before = len(self.text)
        self.text += delta
        if self._canary in self.text[max(0, before - len(self._canary) + 1):]:
            raise Refused("instructions_leak", stage="output")
        # A URL followed by more text is complete: check it now rather than after the whole answer.
        # One still at the end may go on in the next chunk: hold it back (a Stop or a broken
        # stream then keeps none of it) until it can be checked. A URL touching the new text
        # started after the last character no URL contains, so the scan starts there.
        safe_end = len(self.text) - self._held_back()
        for match in _URL.finditer(self.text, _last_break_before(self.text, before)):
            if match.end() == len(self.text):
                safe_end = min(safe_end, match.start())
            elif not host_allowed(match.group(), self._allowed):
                raise Refused("link_not_allowed", stage="output")
        shown, self._shown = self.text[self._shown:safe_end], max(self._shown, safe_end)
        return shown

    def finish(self) -> str:
        if self._canary in self.text:
            raise Refused("instructions_leak", stage="output")
        if any(not host_allowed(m.group(), self._allowed) for m in _URL.finditer(self.text)):
            raise Refused("link_not_allowed", stage="output")
        rest, self._shown = self.text[self._shown:], len(self.text)
        return rest

    def _held_back(self) -> int:
        for size in range(min(len(self._canary) - 1, len(self.text)), 0, -1):
            if self._canary.startswith(self.text[-size:]):
                return size
        return 0
