"""The bot behind the Mini App: the Bot API client, the webhook, commands and notifications."""
