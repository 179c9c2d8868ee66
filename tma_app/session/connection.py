"""Whether a browser tab is still connected to this backend, for background tasks that push to it."""

from __future__ import annotations

import logging

from reflex.utils import prerequisites

log = logging.getLogger(__name__)


def client_connected(token: str) -> bool:
    """Whether this backend still holds a websocket for the client token (Reflex's documented check).

    Answers True when it cannot tell: the check only saves work, it is never a reason to stop one.
    """
    try:
        namespace = prerequisites.get_app().app.event_namespace
    except Exception:
        log.debug("connection check unavailable", exc_info=True)
        return True
    return namespace is None or token in namespace.token_to_sid
