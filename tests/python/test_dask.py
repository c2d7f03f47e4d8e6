"""Scoring the project's captures on Dask gives what the CLI gives on one
machine: on a LocalCluster, and on a dask-scheduler with two dask-worker
processes on loopback (`python3 -m sipspan score --scheduler`)."""
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from distributed import Client, LocalCluster

import sipspan
import sipspan.dask
from conftest import CORPUS, cli_jsonl, run_cli

CAPTURES = [str(CORPUS / "captures" / "sample.pcap")] + sorted(str(p) for p in (CORPUS / "captures" / "sipp").glob("*.pcap"))


def check_run(run, paths):
    """Records and per-capture summaries equal the CLI's; the total is their exact merge."""
    want = [r for p in paths for r in cli_jsonl("score", "--format", "jsonl", p)]
    df = run.records.compute()
    assert run.records.npartitions == sum(run.parts) and len(run.parts) == len(paths)
    assert len(df) == len(want)
    assert df["file"].tolist() == [r["file"] for r in want]
    assert df["message_index"].tolist() == [r["message_index"] for r in want]
    assert df["call_id"].fillna("<none>").tolist() == [r.get("call_id") or "<none>" for r in want]
    assert df["alert"].tolist() == [r["score"]["alert"] for r in want]
    assert df["score"].tolist() == pytest.approx([r["score"]["score"] for r in want], rel=1e-5)
    text, _ = run_cli("score", *paths)
    assert "".join(s.text() for s in run.summaries) == text
    t = run.total
    assert t.captures == len(paths) and t.messages == len(want)
    assert t.flagged == sum(r["score"]["alert"] for r in want)
    # distinct Call-IDs over every capture: exact here (the sketch keeps keys below
    # 2^20); past that the merged registers are those of one pass, within 1.04/sqrt(2^14)
    calls = {(r["call_id"]) for r in want if r.get("call_id") is not None}
    assert t.calls == len(calls) and t.distinct_exact
    assert t.transactions >= max(s.transactions for s in run.summaries)
    assert t.top[0]["flagged"]


RECORD_FIELDS = ["file", "capture_record", "message_index", "trans_depth", "timestamp", "src_ip", "src_port", "dest_ip",
                 "dest_port", "proto", "length", "method", "status_code", "call_id", "seq", "from", "to"]


def cli_rows(want):
    """The CLI's records as the frame's columns hold them (None for an absent field)."""
    return [tuple(str(r.get(k)) if k == "timestamp" else r.get(k) for k in RECORD_FIELDS) for r in want]


def frame_rows(df):
    df = df.astype(object).where(df.notna(), None)
    ts = df["timestamp"].map(lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    return [tuple(ts[i] if k == "timestamp" else df[k][i] for k in RECORD_FIELDS) for i in df.index]


@pytest.fixture(scope="module")
def local_cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster, Client(cluster) as client:
        yield client


def test_local_cluster_equals_the_cli(local_cluster):
    run = sipspan.dask.score_captures(CAPTURES, local_cluster)
    check_run(run, CAPTURES)


def test_ranges_of_captures_equal_the_cli(local_cluster):
    # every capture of the project cut into ranges of a few records: the UDP ones are
    # read range by range, one with a TCP stream whole; the records and the summaries
    # are the CLI's, message_index, capture_record and trans_depth counted over the file
    peers = CORPUS / "captures" / "peers"
    paths = CAPTURES + [str(peers / n) for n in ("sipp-kamailio-uac-uas-udp4.pcap", "baresip-linphone-udp6.pcap",
                                                  "baresip-linphone-tcp4.pcap")]
    run = sipspan.dask.score_captures(paths, local_cluster, range_bytes=2000)
    check_run(run, paths)
    parts = dict(zip((os.path.basename(p) for p in run.paths), run.parts))
    assert parts["busy-udp4.pcap"] > 2 and parts["sipp-kamailio-uac-uas-udp4.pcap"] > 8
    assert parts["baresip-linphone-udp6.pcap"] > 8
    assert parts["call-tcp4-mtu400.pcap"] == parts["baresip-linphone-tcp4.pcap"] == parts["sample.pcap"] == 1  # TCP: whole
    df = run.records.compute().reset_index(drop=True)
    want = [r for p in paths for r in cli_jsonl("score", "--format", "jsonl", p)]
    assert frame_rows(df) == cli_rows(want)
    whole = sipspan.dask.score_captures(paths, local_cluster, range_bytes=None, records=False)
    assert whole.parts == [1] * len(paths) and str(whole.total) == str(run.total)


def test_glob_and_directories(local_cluster):
    run = sipspan.dask.score_captures(str(CORPUS / "captures" / "sipp" / "*.pcap"), local_cluster, records=False)
    assert run.paths == CAPTURES[1:]
    run2 = sipspan.dask.score_captures([CORPUS / "captures" / "sipp"], local_cluster, records=False)
    assert run2.paths == run.paths and str(run2.total) == str(run.total)
    with pytest.raises(FileNotFoundError):
        sipspan.dask.score_captures(str(CORPUS / "captures" / "*.nothing"), local_cluster)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def dask_program(name):
    """dask-scheduler / dask-worker of the interpreter running the tests."""
    exe = shutil.which(name)
    if exe and open(exe, "rb").readline().strip() == b"#!" + sys.executable.encode():
        return [exe]
    return [sys.executable, "-m", "distributed.cli." + name.replace("-", "_")]


@pytest.fixture(scope="module")
def scheduler():
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = dict(os.environ)
    procs = [subprocess.Popen(dask_program("dask-scheduler") + ["--host", "127.0.0.1", "--port", str(port),
                                                               "--no-dashboard", "--no-show"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(2):
            procs.append(subprocess.Popen(dask_program("dask-worker") + [address, "--nthreads", "1", "--nworkers", "1",
                                                                         "--host", "127.0.0.1", "--no-dashboard"],
                                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            yield address, client
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


def test_scheduler_and_two_workers_equal_the_cli(scheduler):
    address, client = scheduler
    run = sipspan.dask.score_captures(CAPTURES, client)
    assert len(client.scheduler_info()["workers"]) == 2
    check_run(run, CAPTURES)


def test_module_command_prints_the_cli_summary(scheduler):
    address, _ = scheduler
    text, _ = run_cli("score", *CAPTURES)
    # in ranges of about 1.5 kB: the UDP captures in many tasks over both workers
    p = subprocess.run([sys.executable, "-m", "sipspan", "score", "--scheduler", address, "--range-mb", "0.0015", *CAPTURES],
                       capture_output=True, text=True, timeout=240)
    assert p.returncode == 1, p.stderr  # the sample's mimicry INVITE alerts
    assert p.stdout == text
    p2 = subprocess.run([sys.executable, "-m", "sipspan", "score", "--scheduler", address, "--total",
                         CAPTURES[0], str(CORPUS / "captures" / "sipp")], capture_output=True, text=True, timeout=240)
    assert p2.stdout.startswith(text) and f"{len(CAPTURES)} captures: " in p2.stdout[len(text):]
