"""The bot behind the Mini App: the Bot API client, the webhook, commands and notifications."""

# The package's strings are registered whenever any of its modules is imported.
from tma_app.bot import messages as _messages  # noqa: E402,F401
