"""A performance mark the page sets once its real content is on screen.

`painted_mark(name, ready)` calls `performance.mark(name)` the first time `ready` is true, after
the frame that shows it was produced (a frame callback, then a task after it): the mark sits
where a user first sees the content, not where React decided to render it. Benchmarks read it
(bench/telegram_first_screen.py); it costs one hidden element and one effect.
"""

from __future__ import annotations

import json

import reflex as rx
from reflex_base.vars import VarData


def _mark_var(name: str, ready: rx.Var[bool]) -> rx.Var:
    label, condition = json.dumps(name), ready._js_expr
    hook = f"""
useEffect(() => {{
  const unmarked = () => !performance.getEntriesByName({label}, "mark").length;
  if (!({condition}) || !unmarked()) return;
  requestAnimationFrame(() => setTimeout(() => {{ if (unmarked()) performance.mark({label}); }}, 0));
}}, [{condition}]);
"""
    return rx.Var(
        _js_expr="undefined",
        _var_data=VarData.merge(
            ready._get_all_var_data(), VarData(imports={"react": ["useEffect"]}), VarData(hooks={hook: None}),
        ),
    )


def painted_mark(name: str, ready: rx.Var[bool]) -> rx.Component:
    return rx.el.span(hidden=True, data_mark=_mark_var(name, ready))
