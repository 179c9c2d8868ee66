"""The AI assistant: configurations, providers (OpenAI-compatible or offline help), safety, budgets."""

# The package's strings are registered whenever any of its modules is imported.
from tma_app.ai import messages as _messages  # noqa: E402,F401
