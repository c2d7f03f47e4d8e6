"""Captures from Python: the records and the summary equal the CLI's on the
project's captures, summaries pickle and merge exactly, and the DataFrame has
typed columns."""
import pickle
import shutil

import pandas as pd
import pytest

import sipspan
from conftest import CORPUS, cli_jsonl, run_cli

CAPTURES = [CORPUS / "captures" / "sample.pcap"] + sorted((CORPUS / "captures" / "sipp").glob("*.pcap"))[:4] \
    + sorted((CORPUS / "captures" / "peers").glob("*.pcap"))[:4]
APPROX = {"ts", "score", "threshold", "contribution"}


def same(got, want, where=""):
    """Records equal as JSON: floats within the CLI's printed precision (%.6g)."""
    if isinstance(want, dict):
        assert isinstance(got, dict) and set(got) == set(want), (where, set(got) ^ set(want))
        for k in want:
            if k in APPROX and isinstance(want[k], float | int) and not isinstance(want[k], bool):
                assert got[k] == pytest.approx(want[k], rel=1e-5, abs=1e-6), (where, k)
            else:
                same(got[k], want[k], f"{where}.{k}")
    elif isinstance(want, list):
        assert len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want)):
            same(g, w, f"{where}[{i}]")
    else:
        assert got == want, where


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_score_records_and_summary_equal_the_cli(path):
    want = cli_jsonl("score", "--format", "jsonl", path)
    records, summary = sipspan.scan_capture(path)
    assert len(records) == len(want) > 0
    for g, w in zip(records, want):
        same(g, w, f"#{w['message_index']}")
    text, _ = run_cli("score", path)
    assert str(summary) == text
    assert list(sipspan.read_capture(path, batch=7)) == records  # streamed in small batches


@pytest.mark.parametrize("path", CAPTURES[:3], ids=lambda p: p.name)
@pytest.mark.parametrize("profile", ["strict", "interop"])
def test_lint_records_and_summary_equal_the_cli(path, profile):
    want = cli_jsonl("lint", "--format", "jsonl", "--profile", profile, path)
    records, summary = sipspan.scan_capture(path, score=False, lint=True, lint_profile=profile)
    for g, w in zip(records, want):
        same(g, w, f"#{w['message_index']}")
    assert len(records) == len(want)
    text, _ = run_cli("lint", "--profile", profile, path)
    assert summary.text() == text


def test_summary_pickles_and_merges():
    a = sipspan.scan_capture(CAPTURES[0], records=False)[1]
    b = sipspan.scan_capture(CAPTURES[1])[1]
    a2 = pickle.loads(pickle.dumps(a))
    assert str(a2) == str(a) and a2.calls == a.calls and a2.top == a.top
    total = pickle.loads(pickle.dumps(a)).merge(b)
    assert total.messages == a.messages + b.messages and total.flagged == a.flagged + b.flagged
    assert total.captures == 2
    assert total.methods["INVITE"] == a.methods["INVITE"] + b.methods.get("INVITE", 0)
    # distinct counts of the union: the Call-IDs of both captures' records
    ids = {r["call_id"] for p in CAPTURES[:2] for r in sipspan.read_capture(p) if r.get("call_id") is not None}
    assert total.calls == len(ids) and total.distinct_exact
    # merging a capture into itself counts its calls once
    twice = pickle.loads(pickle.dumps(a)).merge(a)
    assert (twice.calls, twice.transactions, twice.messages) == (a.calls, a.transactions, 2 * a.messages)
    # top-N: the alerts and highest scores of both, in the CLI's order
    assert total.top[0]["flagged"] and len(total.top) <= 10


def test_frame_has_typed_columns():
    df = sipspan.capture_frame(CAPTURES[0], score=True, lint=True)
    assert len(df) == 18
    assert str(df["timestamp"].dtype) == "datetime64[ns, UTC]"
    assert df["src_port"].dtype == "uint16" and df["status_code"].dtype == "Int64"
    assert df["alert"].dtype == bool and df["score"].dtype == "float64"
    want = cli_jsonl("score", "--format", "jsonl", CAPTURES[0])
    assert df["alert"].tolist() == [r["score"]["alert"] for r in want] and df["alert"].sum() >= 1
    assert df["top_reason"].fillna("").tolist() == [
        (r["score"]["reasons"][0].get("rule") or r["score"]["reasons"][0]["feature"]) if r["score"]["reasons"] else ""
        for r in want]
    assert df["method"].value_counts()["INVITE"] == 4 and df["status_code"].isna().sum() == 9
    assert df["lint_errors"].dtype == "Int64" and isinstance(df["findings"].iloc[0], list)
    assert (df["proto"].cat.categories.tolist()) == ["tcp", "udp"]


@pytest.mark.parametrize("path", CAPTURES[:3], ids=lambda p: p.name)
def test_frame_from_columns_equals_the_frame_of_the_records(path):
    # capture_frame builds its columns in C++; the frame of the records' dicts is the reference
    for score, lint in ((True, False), (True, True), (False, True)):
        want = sipspan.capture.records_frame(list(sipspan.read_capture(path, score=score, lint=lint)), score, lint)
        pd.testing.assert_frame_equal(sipspan.capture_frame(path, score=score, lint=lint), want)


def test_missing_and_damaged_captures(tmp_path):
    with pytest.raises(FileNotFoundError):
        sipspan.scan_capture(tmp_path / "absent.pcap")
    cut = tmp_path / "cut.pcap"
    data = CAPTURES[0].read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    records, summary = sipspan.scan_capture(cut)
    assert 0 < len(records) < 18 and summary.errors and "record" in summary.errors[0]
    junk = tmp_path / "junk.pcap"
    junk.write_bytes(b"not a capture at all")
    with pytest.raises(ValueError):
        sipspan.scan_capture(junk)


def test_capture_messages_feed_the_batch_calls():
    msgs = sipspan.capture_messages(str(CAPTURES[0]))
    records, _ = sipspan.scan_capture(CAPTURES[0])
    assert len(msgs) == len(records) and all(isinstance(m, bytes) for m in msgs)
    assert [len(m) for m in msgs] == [r["length"] for r in records]
    assert [s.score for s in sipspan.score_many(msgs)] == pytest.approx([r["score"]["score"] for r in records])


def read_ranges(path, range_bytes):
    """Each range of the file scanned alone: (scan, records) in file order."""
    out = []
    for r in sipspan.capture_ranges(str(path), range_bytes):
        scan = sipspan.CaptureScan(str(path), str(path), range=r, lint=True)
        recs = []
        while not scan.done:
            recs.extend(scan.next(7))
        out.append((scan, recs))
    return out


def test_ranges_cover_the_file_at_record_boundaries(tmp_path):
    path = CORPUS / "captures" / "sipp" / "busy-udp4.pcap"
    size = path.stat().st_size
    ranges = sipspan.capture_ranges(str(path), 1000)
    assert len(ranges) > 3 and ranges[0][0] == 24 and ranges[-1][1] == size
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))  # contiguous: no record lost or read twice
    assert [r[2] for r in ranges] == sorted({r[2] for r in ranges})
    assert sipspan.capture_ranges(str(path), size) == [(24, size, 0)]
    # a damaged record header ends the cutting: from the last cut before it, the rest is one
    # range, read as the whole file reads it (and the error names the same record)
    data = bytearray(path.read_bytes())
    assert data[:4] == bytes.fromhex("d4c3b2a1")  # little-endian
    data[ranges[2][0] + 8:ranges[2][0] + 16] = (1 << 30).to_bytes(4, "little") * 2  # caplen far past the file
    damaged = tmp_path / "damaged.pcap"
    damaged.write_bytes(data)
    cut = sipspan.capture_ranges(str(damaged), 1000)
    assert cut == [ranges[0], (ranges[1][0], size, ranges[1][2])]
    parts = read_ranges(damaged, 1000)
    _, whole = sipspan.scan_capture(damaged)
    assert parts[-1][0].summary().errors == whole.errors and whole.errors
    assert sipspan.capture_ranges(str(CORPUS / "captures" / "README.md"), 1000) == []


@pytest.mark.parametrize("name", ["sipp/busy-udp4.pcap", "peers/sipp-kamailio-uac-uas-udp4.pcap", "peers/baresip-linphone-udp6.pcap"])
def test_udp_ranges_join_to_the_whole_file(name):
    path = CORPUS / "captures" / name
    whole, summary = sipspan.scan_capture(path, lint=True)
    parts = read_ranges(path, 900)
    assert len(parts) > 3 and all(scan.range_exact for scan, _ in parts)
    joined = parts[0][0].summary()
    for scan, _ in parts[1:]:
        joined = joined.join(scan.summary())
    assert str(joined) == str(summary) and joined.top == summary.top
    recs = [r for _, rs in parts for r in rs]
    assert len(recs) == len(whole)
    # what a range cannot know alone: the messages and requests before it (sipspan.dask adds them)
    key = ("message_index", "trans_depth")
    for got, want in zip(recs, whole):
        assert {k: v for k, v in got.items() if k not in key} == {k: v for k, v in want.items() if k not in key}


def test_a_stream_in_a_range_is_not_exact():
    path = CORPUS / "captures" / "sipp" / "call-tcp4-mtu400.pcap"
    parts = read_ranges(path, 2000)
    assert len(parts) > 3 and not all(scan.range_exact for scan, _ in parts)
    assert not parts[-1][0].range_exact
