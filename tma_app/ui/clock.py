"""Time in the page: clocks that tick in the browser.

The server says when something started or ends (epoch milliseconds on its clock) and what
its clock read when it said so; the page ticks on its own from there, no server trip per
second. The offset between the two clocks is measured once per server reading, so a phone
whose clock is minutes off still counts the right time. Compiled JavaScript only: nothing
is evaluated at run time, so the Content-Security-Policy needs no 'unsafe-eval'.

    elapsed_clock(State.started_ms, State.server_now_ms)            # 12:07, counting up
    countdown(State.rest_end_ms, State.server_now_ms, done="Go!")   # 1:29 ... 0:01, then "Go!"
    countdown_bar(State.rest_end_ms, State.rest_seconds, State.server_now_ms, class_name=...)
"""

from __future__ import annotations

import reflex as rx

_CLOCK_JS = """
const tmaClockOffset = {serverNow: null, ms: 0};
function tmaClockNow(serverNow) {
  if (serverNow && tmaClockOffset.serverNow !== serverNow) {
    tmaClockOffset.serverNow = serverNow;
    tmaClockOffset.ms = Date.now() - serverNow;
  }
  return Date.now() - tmaClockOffset.ms;
}
function tmaClockText(seconds) {
  const s = Math.max(0, seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const pad = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(r)}` : `${m}:${pad(r)}`;
}
function useTmaClock(serverNow) {
  const [now, setNow] = useState(() => tmaClockNow(serverNow));
  useEffect(() => {
    setNow(tmaClockNow(serverNow));
    const timer = setInterval(() => setNow(tmaClockNow(serverNow)), 250);
    return () => clearInterval(timer);
  }, [serverNow]);
  return now;
}
function TmaClock({since, until, serverNow, doneText, className, ...rest}) {
  const now = useTmaClock(serverNow);
  const left = until ? Math.ceil((until - now) / 1000) : 0;
  const text = until ? (left > 0 ? tmaClockText(left) : (doneText || tmaClockText(0)))
                     : tmaClockText(Math.floor((now - since) / 1000));
  return createElement("span", {className, ...rest}, text);
}
function TmaClockBar({until, total, serverNow, className, ...rest}) {
  const now = useTmaClock(serverNow);
  const left = Math.max(0, Math.min(total * 1000, until - now));
  const width = total > 0 ? (100 * left) / (total * 1000) : 0;
  return createElement("span", {className, style: {width: `${width}%`}, ...rest});
}
"""


class _ClockBase(rx.Component):
    library = None

    def add_imports(self):
        return {"react": ["useState", "useEffect", "createElement"]}

    def add_custom_code(self) -> list[str]:
        return [_CLOCK_JS]


class Clock(_ClockBase):
    tag = "TmaClock"

    since: rx.Var[int]
    until: rx.Var[int]
    server_now: rx.Var[int]
    done_text: rx.Var[str]


class ClockBar(_ClockBase):
    tag = "TmaClockBar"

    until: rx.Var[int]
    total: rx.Var[int]
    server_now: rx.Var[int]


def elapsed_clock(since_ms, server_now_ms, **props) -> rx.Component:
    """m:ss (h:mm:ss past an hour) since `since_ms`, counting up."""
    return Clock.create(since=since_ms, server_now=server_now_ms, **props)


def countdown(until_ms, server_now_ms, *, done="", **props) -> rx.Component:
    """m:ss left until `until_ms`, then `done` (or 0:00)."""
    return Clock.create(until=until_ms, server_now=server_now_ms, done_text=done, **props)


def countdown_bar(until_ms, total_seconds, server_now_ms, **props) -> rx.Component:
    """A span whose width shrinks from 100% to 0 over the `total_seconds` that end at `until_ms`."""
    return ClockBar.create(until=until_ms, total=total_seconds, server_now=server_now_ms, **props)
