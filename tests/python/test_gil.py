"""The batch calls let other Python threads run while they work: lint_many,
score_many, capture_messages and a capture scan's batches release the GIL.

The proof does not time anything. A second thread counts, yielding the GIL at
every step, while the switch interval is set far above the length of a call:
the interpreter then never takes the GIL from the calling thread, so the
counter can move while a call is in flight only if the call itself let go of
the GIL. The counter is read just before the call and just after it, with no
release in between; a call that holds the GIL (the control: sum() over a range,
a C loop) leaves it unchanged."""
import sys
import threading
import time

import pytest

import sipspan


def counted_during(call):
    """How far the counting thread got while call() ran."""
    state = {"n": 0, "stop": False}
    started = threading.Event()

    def count():
        started.set()
        while not state["stop"]:
            state["n"] += 1
            time.sleep(0.0001)  # gives the GIL back, and the calling thread time to take it

    old = sys.getswitchinterval()
    sys.setswitchinterval(60.0)  # no forced switch during a call: only a release lets the counter run
    t = threading.Thread(target=count, daemon=True)
    try:
        t.start()
        started.wait()
        time.sleep(0.01)  # the counter runs; this thread holds the GIL again once the sleep returns
        before = state["n"]
        call()
        after = state["n"]
    finally:
        state["stop"] = True
        sys.setswitchinterval(old)
        t.join()
    return after - before


@pytest.fixture(scope="module")
def messages(corpus):
    one = [p.read_bytes() for p in sorted((corpus / "bench").glob("*.sip"))]
    return one * max(1, 20000 // len(one))


def test_the_control_holding_the_gil_stops_the_counter():
    assert counted_during(lambda: sum(range(30_000_000))) == 0


def test_score_many_releases_the_gil(messages):
    assert counted_during(lambda: sipspan.score_many(messages)) > 0


def test_lint_many_releases_the_gil(messages):
    assert counted_during(lambda: sipspan.lint_many(messages, profile="forensic")) > 0


def test_capture_calls_release_the_gil(tmp_path, corpus):
    # a capture made of the sample's records repeated: long enough for the counter to move
    data = (corpus / "captures" / "sample.pcap").read_bytes()
    body = data[24:]
    big = tmp_path / "big.pcap"
    big.write_bytes(data[:24] + body * 2000)  # 22 MB
    assert counted_during(lambda: sipspan.capture_messages(str(big))) > 0
    scan = sipspan.CaptureScan(str(big), "big", records=False)
    assert counted_during(lambda: scan.next(1 << 30)) > 0
    assert scan.done and scan.summary().messages > 0
