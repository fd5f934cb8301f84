"""A brake on runaway saves and imports: a script, or a stuck browser tab, saving many times a second.

Each person (their sign-in email; without sign-in, the name they typed) has a budget per action. Every attempt
counts, refused ones too, so a loop that keeps hammering stays refused until it stops; a person who paused for the
window's length is never refused. The figures, and why a person working normally never meets them:

- **Saves: 30 in any 10 seconds, and 300 in any 10 minutes.** A save is one press of Save (or Accept, Dismiss,
  Make milestone), then the page reruns and the person reads the outcome before the next change. The fastest
  real pattern is clicking down the suggested-actions inbox, at most about one click a second, so 10 in 10 seconds;
  a few actions make two writes (a restore also records the findings it reopens), so 30 leaves three times that
  pace. Over 10 minutes a person edits between saves; a save every 2 seconds for 10 minutes (300) is a script's
  pace, never a meeting's. A stuck tab rerunning and saving several times a second reaches the first limit within
  seconds and the second within minutes, even when it saves only once a second.
- **Plans added (imported, copied, opened from the example, or created): 10 in any minute, and 60 in any hour.**
  Adding a plan writes a whole plan's history (an imported file can hold thousands of rows); a person adds one, or
  two after a mistake.

The count is **per server process**: each app server keeps its own, in memory, and forgets it on restart. With two
servers behind a load balancer a loop may get through twice the figures before it is stopped: still a brake, and
no shared state (nor a database write per save) is needed for it.

Operators can change the figures or turn the brake off with the environment variable ``WORKBOOK_RATE_LIMITS``
(``off``, or e.g. ``save=30/10,save=300/600,import=10/60``: "at most N in S seconds", several per action allowed).
"""
from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from planning import access

SAVE, IMPORT = "save", "import"
ENV = "WORKBOOK_RATE_LIMITS"


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts in any ``seconds`` seconds."""

    count: int
    seconds: float

    def __post_init__(self) -> None:
        if self.count < 1 or not self.seconds > 0:
            raise ValueError(f"a limit needs at least one attempt in a positive time, not {self.count}/{self.seconds}")


DEFAULT_LIMITS: Mapping[str, tuple[Limit, ...]] = {
    SAVE: (Limit(30, 10), Limit(300, 600)),
    IMPORT: (Limit(10, 60), Limit(60, 3600)),
}

_WHAT = {SAVE: "saves", IMPORT: "plans added (imported, copied, opened from the example or created)"}


class RateLimited(access.Forbidden):
    """Too many attempts of one action by one person in a short time; nothing was written.

    A kind of :class:`planning.access.Forbidden`, so every place that already reports a refused save ("Not saved:
    ... Your entries are still here.") reports this one too. ``retry_after``: seconds until an attempt would pass
    (if the person, or their loop, stops trying meanwhile)."""

    def __init__(self, message: str, action: str, retry_after: float):
        super().__init__(message)
        self.action = action
        self.retry_after = retry_after


def _span(seconds: float) -> str:
    """How a window is named in a message: 'a few seconds', 'the last minute', 'the last 10 minutes'."""
    if seconds <= 30:
        return "a few seconds"
    if seconds < 3600:
        minutes = round(seconds / 60)
        return "the last minute" if minutes <= 1 else f"the last {minutes} minutes"
    hours = round(seconds / 3600)
    return "the last hour" if hours <= 1 else f"the last {hours} hours"


def _wait(seconds: float) -> str:
    if seconds <= 15:
        return "wait a moment"
    if seconds < 90:
        return "wait a minute"
    return f"wait {math.ceil(seconds / 60)} minutes"


def message(action: str, limit: Limit, retry_after: float, signed_in: bool) -> str:
    """'Too many saves in a few seconds from your account; wait a moment and try again.'"""
    who = "from your account" if signed_in else "under your name"
    text = f"Too many {_WHAT.get(action, action)} in {_span(limit.seconds)} {who}; {_wait(retry_after)} and try again."
    if limit.seconds > 30:
        text += " If another tab or a script keeps doing this, close it first."
    return text


class RateLimiter:
    """Per-process limits per (person, action). Thread-safe: one instance is shared by every session of a server
    (the app keeps it in its one Store). ``clock`` returns seconds (monotonic); tests pass a fake one."""

    PRUNE_AT = 10_000  # people x actions remembered before idle ones are forgotten

    def __init__(self, limits: Mapping[str, tuple[Limit, ...]] | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.limits = dict(DEFAULT_LIMITS if limits is None else limits)
        self._clock = clock
        self._lock = threading.Lock()
        # (identity, action, window index) -> times of the latest attempts, at most that window's count of them
        self._seen: dict[tuple[str, str, int], deque[float]] = {}

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, clock: Callable[[], float] = time.monotonic
                 ) -> "RateLimiter | None":
        """The limiter the operator configured: the default figures, others from ``WORKBOOK_RATE_LIMITS``, or None
        when it says ``off``. Raises ValueError, naming the variable, for a value it cannot read."""
        raw = (os.environ if environ is None else environ).get(ENV, "").strip()
        if not raw:
            return cls(clock=clock)
        if raw.lower() in ("off", "none", "0", "false", "no"):
            return None
        limits: dict[str, list[Limit]] = {}
        for part in raw.split(","):
            action, _, figures = part.strip().partition("=")
            count, _, seconds = figures.partition("/")
            try:
                limit = Limit(int(count), float(seconds))
            except ValueError:
                raise ValueError(f"{ENV}: cannot read {part.strip()!r}; write e.g. save=30/10 (at most 30 saves in "
                                 "10 seconds), several separated by commas, or off") from None
            limits.setdefault(action.strip().lower(), []).append(limit)
        merged = dict(DEFAULT_LIMITS)
        merged.update({a: tuple(ls) for a, ls in limits.items()})
        return cls(merged, clock)

    @staticmethod
    def identity(author: str = "") -> tuple[str, bool]:
        """Whose budget an attempt spends, and whether that is a signed-in account: the signed-in email, else the
        typed name (case and spaces ignored), else one shared budget for everyone unnamed."""
        person = access.actor()
        if person is not None:
            return person.email, True
        return " ".join(str(author or "").split()).casefold() or "(no name)", False

    def hit(self, action: str, author: str = "") -> None:
        """Count one attempt of ``action``; raise :class:`RateLimited` (and count it) when it is one too many."""
        windows = self.limits.get(action, ())
        if not windows:
            return
        who, signed_in = self.identity(author)
        now = self._clock()
        refused: tuple[Limit, float] | None = None
        with self._lock:
            if len(self._seen) > self.PRUNE_AT:
                self._prune(now)
            for i, limit in enumerate(windows):
                seen = self._seen.get((who, action, i))
                if seen is None:
                    seen = self._seen[(who, action, i)] = deque(maxlen=limit.count)
                full = len(seen) == limit.count and seen[0] > now - limit.seconds
                seen.append(now)  # refused attempts count too: a loop that keeps trying stays stopped
                if full:
                    wait = seen[0] + limit.seconds - now
                    if refused is None or wait > refused[1]:
                        refused = (limit, wait)
        if refused is not None:
            limit, wait = refused
            raise RateLimited(message(action, limit, wait, signed_in), action, wait)

    def _prune(self, now: float) -> None:
        """Forget people idle for longer than the longest window (the dict would otherwise grow with every name)."""
        longest = max((lim.seconds for ls in self.limits.values() for lim in ls), default=0)
        for key in [k for k, seen in self._seen.items() if not seen or seen[-1] <= now - longest]:
            del self._seen[key]
