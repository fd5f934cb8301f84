"""The brake on runaway saves and imports, with a fake clock: every figure below is worked by hand."""
from __future__ import annotations

import threading

import pytest

from planning import access
from planning.ratelimit import IMPORT, SAVE, Limit, RateLimited, RateLimiter


class FakeClock:
    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


def limiter(*limits: Limit, clock: FakeClock, action: str = SAVE) -> RateLimiter:
    return RateLimiter({action: limits}, clock=clock)


def test_three_in_ten_seconds_the_fourth_is_refused_and_told_when_to_come_back():
    clock = FakeClock(0)
    rl = limiter(Limit(3, 10), clock=clock)
    for t in (0, 1, 2):
        clock.now = t
        rl.hit(SAVE, "Dana")
    clock.now = 3
    with pytest.raises(RateLimited) as refused:
        rl.hit(SAVE, "Dana")
    # the last three attempts are now at 1, 2, 3: the one at 1 leaves the window at 11, 8 seconds from now
    assert refused.value.retry_after == 8
    assert str(refused.value) == ("Too many saves in a few seconds under your name; wait a moment and try again.")
    clock.now = 11  # the attempts at 2, 3 are still in (1, 11]: two, so this one passes
    rl.hit(SAVE, "Dana")
    clock.now = 12  # 3 and 11 in (2, 12]: passes
    rl.hit(SAVE, "Dana")
    clock.now = 12.5  # 3, 11, 12 in (2.5, 12.5]: three already, refused
    with pytest.raises(RateLimited):
        rl.hit(SAVE, "Dana")


def test_a_loop_that_keeps_trying_stays_stopped_until_it_pauses_for_the_whole_window():
    clock = FakeClock(0)
    rl = limiter(Limit(3, 10), clock=clock)
    passed = 0
    for tick in range(60):  # one attempt every half second for 30 seconds
        clock.now = tick / 2
        try:
            rl.hit(SAVE, "script")
            passed += 1
        except RateLimited:
            pass
    assert passed == 3  # only the first three; every refused attempt kept the window full
    clock.now = 29.5 + 10  # ten seconds of silence after its last attempt
    rl.hit(SAVE, "script")


def saves_until_refused(rl: RateLimiter, clock: "FakeClock", every: float, most: int = 10_000, who: str = "Dana"):
    """Save every ``every`` seconds until refused (or ``most`` saves): (saves that went through, the refusal)."""
    saved = 0
    while saved < most:
        try:
            rl.hit(SAVE, who)
        except RateLimited as refused:
            return saved, refused
        saved += 1
        clock.now += every
    return saved, None


def test_a_person_saving_once_a_second_for_ten_minutes_is_never_stopped_by_the_default_figures():
    clock = FakeClock()
    rl = RateLimiter(clock=clock)
    # 299 saves at one a second: under 30 in any 10 s, under 300 in any 10 minutes
    assert saves_until_refused(rl, clock, every=1, most=299) == (299, None)
    clock.now += 1
    # ... and a second person is not slowed by the first: a burst of 30 goes through
    assert saves_until_refused(rl, clock, every=0, most=30, who="Maria") == (30, None)


def test_the_default_figures_stop_a_tab_saving_ten_times_a_second_within_three_seconds():
    clock = FakeClock()
    rl = RateLimiter(clock=clock)
    saved, refused = saves_until_refused(rl, clock, every=0.1)
    assert saved == 30 and clock.now - 1000 == pytest.approx(3.0)
    assert "Too many saves in a few seconds" in str(refused)


def test_a_steady_loop_of_one_save_a_second_is_stopped_by_the_ten_minute_figure():
    clock = FakeClock()
    rl = RateLimiter(clock=clock)
    saved, refused = saves_until_refused(rl, clock, every=1)
    assert saved == 300  # the 301st save, 300 seconds after the first, is one too many for 10 minutes
    # saves at 1000..1299 passed; the refused one at 1300 makes 1001..1300 the last 300 counted, and the one at
    # 1001 leaves the 10 minutes at 1601: 301 seconds on, said as 6 minutes (rounded up)
    assert refused.retry_after == 301
    assert str(refused) == ("Too many saves in the last 10 minutes under your name; wait 6 minutes and try "
                                  "again. If another tab or a script keeps doing this, close it first.")


def test_imports_have_their_own_budget_and_signed_in_people_are_counted_by_email_not_by_typed_name():
    clock = FakeClock()
    rl = RateLimiter(clock=clock)
    maria = access.Principal("Maria@Clinic.org", "Maria Okafor")
    with access.acting_as(maria):
        for _ in range(10):
            rl.hit(IMPORT, "any name typed")
            clock.now += 1
        with pytest.raises(RateLimited) as refused:
            rl.hit(IMPORT, "another name typed")
        rl.hit(SAVE)  # saves are a different budget
    # at 1010, the last ten counted are at 1001..1010: the one at 1001 leaves the minute at 1061
    assert refused.value.retry_after == 51
    assert str(refused.value) == (
        "Too many plans added (imported, copied, opened from the example or created) in the last minute from your "
        "account; wait a minute and try again. If another tab or a script keeps doing this, close it first.")
    assert isinstance(refused.value, access.Forbidden)  # every page that reports a refused save reports this too
    with access.acting_as(access.Principal("sam@clinic.org")):
        rl.hit(IMPORT)


def test_without_sign_in_the_typed_name_is_the_budget_whatever_its_case_and_spaces():
    clock = FakeClock()
    rl = limiter(Limit(2, 10), clock=clock)
    rl.hit(SAVE, "Dana Lee")
    rl.hit(SAVE, "  dana   LEE ")
    with pytest.raises(RateLimited):
        rl.hit(SAVE, "DANA LEE")
    rl.hit(SAVE, "Sam")


def test_threads_together_get_exactly_the_budget():
    clock = FakeClock()  # time stands still: 40 attempts at once, 30 may pass
    rl = limiter(Limit(30, 10), clock=clock)
    outcomes: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        for _ in range(5):
            try:
                rl.hit(SAVE, "Dana")
                ok = True
            except RateLimited:
                ok = False
            with lock:
                outcomes.append(ok)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count(True) == 30 and outcomes.count(False) == 10


def test_the_operator_can_change_the_figures_or_turn_the_brake_off():
    clock = FakeClock()
    rl = RateLimiter.from_env({"WORKBOOK_RATE_LIMITS": "save=2/5"}, clock=clock)
    rl.hit(SAVE, "Dana")
    rl.hit(SAVE, "Dana")
    with pytest.raises(RateLimited):
        rl.hit(SAVE, "Dana")
    assert RateLimiter.from_env({"WORKBOOK_RATE_LIMITS": "off"}) is None
    default = RateLimiter.from_env({}, clock=clock)
    for _ in range(30):
        default.hit(SAVE, "Sam")
    with pytest.raises(RateLimited):
        default.hit(SAVE, "Sam")
    with pytest.raises(ValueError, match="WORKBOOK_RATE_LIMITS: cannot read 'save=lots'"):
        RateLimiter.from_env({"WORKBOOK_RATE_LIMITS": "save=lots"})


def test_people_idle_for_longer_than_every_window_are_forgotten():
    clock = FakeClock()
    rl = limiter(Limit(1, 10), clock=clock)
    rl.PRUNE_AT = 5
    for n in range(6):
        rl.hit(SAVE, f"person {n}")
    clock.now += 11
    rl.hit(SAVE, "newcomer")  # six remembered, over 5: the idle ones go
    assert len(rl._seen) == 1
