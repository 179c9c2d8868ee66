"""The last screens, kept for a launch that cannot reach the server (read-only).

Reflex's state reaches the page only over the websocket, so a launch without network would
show empty screens even with every script cached. The page keeps what its screens showed
(frontend/workbox/src/snapshot.js, minified into assets/offline/: IndexedDB, one verified user
per device) and, when the socket cannot connect, puts it back into Reflex's state store until
the server answers. This module says what may be kept (the script holds a copy, kept equal by a
unit test); launch_components.py mounts the React half that hands the store over.
"""

from __future__ import annotations

import re

SCRIPT_URL = "/offline/snapshot.js"
# A launch that has not connected after this long, and has failed at least once, shows the snapshot.
WAIT_MS = 1500
# Bounded: the largest screens are dropped until the JSON fits.
MAX_CHARS = 200_000
# Older than this, a snapshot is not shown.
MAX_AGE_MS = 30 * 24 * 3600 * 1000

# States never kept (matched against a state's own name, e.g. `tma_app___admin___audit_state____audit_log_state`):
# Reflex's internals, the admin screens (other users' data), payments in flight.
SKIP_STATES = r"^reflex___|___admin___|____payment_state$"
# Fields never kept: idempotency keys, what the user is typing (addresses, phones, names, search,
# drafts), in-flight flags that would show a spinner forever, notices, and server clocks.
SKIP_FIELDS = (
    r"(^|_)key$|^acked$|^(address|phone|phone_hint|name|query|draft_line|draft_html|weight_text)$"
    r"|^(placing|finishing|starting|saving|buying|working|streaming|claiming|busy|loading_more)$"
    r"|^(notice|message|last_error|field_error|errors|price_errors|reconcile_error|server_now_ms)$"
)


def kept(state_name: str, field: str) -> bool:
    """Whether a field of a state (its Python names) goes into the snapshot."""
    return re.search(SKIP_STATES, state_name) is None and re.search(SKIP_FIELDS, field) is None
