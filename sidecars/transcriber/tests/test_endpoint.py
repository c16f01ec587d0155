"""The endpointing rules on known VAD probabilities (one per 32 ms window)."""

from meeting_transcriber.endpoint import RATE, WINDOW, Endpointer, Speech

SPEECH, SILENCE, UNSURE = 0.9, 0.05, 0.4  # UNSURE: between the two thresholds


def windows(seconds: float) -> int:
    return round(seconds * RATE / WINDOW)


def run(pattern: list[tuple[float, float]], ep: Endpointer | None = None) -> list[Speech]:
    ep = ep or Endpointer()
    out = []
    for prob, seconds in pattern:
        for _ in range(windows(seconds)):
            closed = ep.feed(prob)
            if closed:
                out.append(closed)
    tail = ep.flush()
    return [*out, tail] if tail else out


def test_half_a_second_of_silence_ends_speech_and_less_does_not() -> None:
    ep = Endpointer()
    closed = []
    for prob, seconds in [(SILENCE, 1), (SPEECH, 2), (SILENCE, 0.4), (SPEECH, 1), (SILENCE, 0.6)]:
        closed += [c for c in (ep.feed(prob) for _ in range(windows(seconds))) if c]
    assert len(closed) == 1  # before any flush: the silence closed it, the 0.4 s pause did not
    assert closed[0].start == windows(1) * WINDOW
    ended = sum(windows(s) for s in (1, 2, 0.4, 1))
    assert closed[0].end == ended * WINDOW  # where the silence began
    assert ep.flush() is None


def test_the_segment_is_closed_as_soon_as_the_silence_is_long_enough() -> None:
    ep = Endpointer()
    for _ in range(windows(2)):
        assert ep.feed(SPEECH) is None
    results = [ep.feed(SILENCE) for _ in range(windows(0.5))]
    assert results[-1] is not None
    assert all(r is None for r in results[:-1])


def test_unsure_windows_do_not_start_silence() -> None:
    # Silero's hysteresis: between the thresholds speech goes on.
    got = run([(SPEECH, 1), (UNSURE, 1), (SPEECH, 1), (SILENCE, 1)])
    assert len(got) == 1
    assert (got[0].end - got[0].start) == windows(1) * 3 * WINDOW


def test_continuous_speech_is_cut_every_15_seconds() -> None:
    got = run([(SPEECH, 40)])
    lengths = [(s.end - s.start) / RATE for s in got]
    assert len(got) == 3
    assert all(abs(length - 15) < WINDOW / RATE for length in lengths[:2])
    assert [s.capped for s in got] == [True, True, False]
    assert got[1].start == got[0].end and got[2].start == got[1].end  # nothing lost between


def test_the_cut_at_15_seconds_prefers_a_short_pause_in_its_second_half() -> None:
    got = run([(SPEECH, 10), (SILENCE, 0.2), (SPEECH, 10)])
    assert got[0].capped
    assert got[0].end == windows(10) * WINDOW  # at the pause, not mid-word at 15 s
    assert got[1].start == got[0].end


def test_a_click_shorter_than_250_ms_is_not_speech() -> None:
    assert run([(SILENCE, 1), (SPEECH, 0.1), (SILENCE, 1)]) == []
