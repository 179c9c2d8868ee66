"""`python -m tma_app.bot setup`: register the webhook, commands and menu button with Telegram."""

from __future__ import annotations

import argparse
import asyncio
import sys

from tma_app.bot.api import BotApiError, get_bot_api
from tma_app.bot.setup import SetupError, set_up
from tma_app.core.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tma_app.bot")
    parser.add_argument("command", choices=["setup"], help="setup: webhook, commands (en, ru) and menu button")
    parser.parse_args(argv)
    try:
        done = asyncio.run(set_up(get_bot_api(), get_settings()))
    except (SetupError, BotApiError) as error:
        print(f"setup failed: {error}", file=sys.stderr)
        return 1
    for line in done:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
