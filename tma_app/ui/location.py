"""The page's own path, read in the browser when an event fires.

After a client-side navigation the router data of a page's first events can still
describe the previous page; the browser's location never does.
"""

import reflex as rx


def current_path() -> rx.Var[str]:
    return rx.Var(_js_expr="window.location.pathname", _var_type=str)


def last_segment(path: object) -> str:
    return str(path).rstrip("/").rsplit("/", 1)[-1][:80] if isinstance(path, str) else ""
