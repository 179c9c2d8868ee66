"""What can go wrong when the assistant is asked, each a type the screen can explain."""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every assistant failure; `code` names it for the screen, audits and analytics."""

    code = "assistant_error"


class ConfigError(AssistantError, ValueError):
    """A configuration that does not exist or is malformed; the message names it."""

    code = "config_invalid"


class Refused(AssistantError):
    """A safety layer said no. `reason` is a short code (never the user's text)."""

    code = "refused"

    def __init__(self, reason: str, stage: str = "input") -> None:
        super().__init__(f"refused at {stage}: {reason}")
        self.reason = reason
        self.stage = stage


class BudgetExhausted(AssistantError):
    """The user's daily requests or tokens, or the app's daily tokens, are spent."""

    code = "budget_exhausted"

    def __init__(self, which: str) -> None:
        super().__init__(f"daily budget spent: {which}")
        self.which = which  # requests | user_tokens | global_tokens


class BudgetUnavailable(AssistantError):
    """The budget store cannot be reached: the assistant fails closed (answers cost money)."""

    code = "budget_unavailable"


class ProviderFailed(AssistantError):
    """The model could not answer: after retries before the first token, or mid-answer."""

    code = "provider_failed"

    def __init__(self, detail: str, *, partial: bool = False) -> None:
        super().__init__(detail)
        self.partial = partial


class StreamProcessFailed(ProviderFailed):
    """The worker's stream process died or could not be reached; the next answer starts a new one."""
