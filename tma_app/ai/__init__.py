"""The AI assistant: configurations, providers (OpenAI-compatible or offline help), safety, budgets."""

# The app's help and the demo catalog, registered as the offline help's sources.
from tma_app.ai import faq as _faq  # noqa: E402,F401

# The package's strings are registered whenever any of its modules is imported.
from tma_app.ai import messages as _messages  # noqa: E402,F401
