"""sipspan.parse, lint and score from Python: the fields the C++ API reads, the
zero-copy buffer handling, the one exception type, and the same findings and
scores as the CLI on the same bytes."""
import gc
import threading

import pytest

import sipspan
from conftest import cli_jsonl


@pytest.fixture(scope="module")
def invite(corpus):
    return (corpus / "seed" / "seed-invite.sip").read_bytes()


@pytest.fixture(scope="module")
def mimicry(corpus):
    return (corpus / "seed" / "seed-mimicry.sip").read_bytes()


def test_start_line_and_typed_fields(invite):
    m = sipspan.parse(invite)
    assert m.kind == "request" and m.is_request and not m.is_response
    assert m.method == "INVITE" and m.status_code is None
    u = m.request_uri
    assert (u.scheme, u.user, u.host, u.host_kind, u.port) == ("sip", "+16305551212", "gl07b.example.com", "hostname", None)
    assert [v.host for v in m.via] == ["10.111.64.160", "10.111.64.100"]
    assert m.via[0].transport == "UDP" and m.via[0].port == 5099 and m.via[0].branch == "z9hG4bK-12911-0-478"
    assert m.from_.display_name == "Alice W" and m.from_.tag == "Orig-475"
    assert m.to.tag is None and m.to.uri == "sip:+16305551212@gl07b.example.com"
    assert (m.cseq.number, m.cseq.method) == (477, "INVITE")
    assert m.call_id == "Default_Label-12911-1254978872-0000012@0"
    assert [c.uri for c in m.contact] == ["sip:alice@10.111.64.160:5099"] and m.contact[0].params == {"q": "0.5"}
    assert m.header("call-id") == m.header("i") == m.call_id
    assert m.header("X-Absent") is None
    assert m.deviations == []
    names = [n for n, _ in m.headers]
    assert names[:3] == ["Session-Expires", "Min-SE", "Allow-Events"] and names.count("Via") == 1  # one row, two hops


def test_values_offsets_are_into_the_buffer(invite):
    m = sipspan.parse(invite)
    off = m.body_offset
    assert bytes(m.body) == invite[off:off + m.content_length]
    assert isinstance(m.body, memoryview) and m.body.obj is invite  # a view, not a copy


def test_sdp_structure(invite):
    sdp = sipspan.parse(invite).sdp
    assert sdp.version == "0" and sdp.connection == "IN IP4 9.0.0.12"
    assert sdp.origin.startswith("tstsipUser12 12911 476 IN IP4")
    [audio] = sdp.media
    assert (audio.media, audio.port, audio.proto, audio.formats) == ("audio", 10000, "RTP/AVP", ["0", "8", "101"])
    assert ("sendrecv", None) in audio.attributes
    assert [v for n, v in audio.attributes if n == "rtpmap"][0] == "0 PCMU/8000/1"


def test_deviations_with_offsets(mimicry):
    m = sipspan.parse(mimicry)
    kinds = [(d.kind, d.offset) for d in m.deviations]
    assert ("header_name_whitespace", 324) in kinds
    assert all(0 <= d.offset < len(mimicry) for d in m.deviations)
    # the raw bytes at the offset are the ones the kind names
    d = next(d for d in m.deviations if d.kind == "header_name_whitespace")
    assert mimicry[d.offset:d.offset + 1] == b" "


def test_bytearray_and_memoryview_are_read_in_place(invite):
    buf = bytearray(invite)
    m = sipspan.parse(buf)
    with pytest.raises(BufferError):  # exported while the Message lives: cannot be resized
        buf.extend(b"x")
    assert m.call_id == "Default_Label-12911-1254978872-0000012@0"
    del m
    gc.collect()
    buf.extend(b"x")  # released with the Message
    m2 = sipspan.parse(memoryview(invite)[: len(invite)])
    assert m2.cseq.number == 477


def test_message_keeps_its_buffer_alive(invite):
    m = sipspan.parse(bytes(bytearray(invite)))  # the only reference is the Message's
    gc.collect()
    assert m.buffer == invite and m.via[1].branch == "z9hG4bK-otag-991"


def test_parse_error_has_code_and_offset():
    with pytest.raises(sipspan.ParseError) as e:
        sipspan.parse(b"INVITE sip:a@b SIP/2.0\r\nVia: x")
    assert e.value.code == "incomplete_message" and e.value.offset == 30
    with pytest.raises(sipspan.ParseError) as e:
        sipspan.parse(b"INVITE sip:a@b SIP/7\r\n\r\n")
    assert e.value.code == "bad_sip_version"
    assert isinstance(e.value, ValueError)


def test_strict_rejects_a_deviation_with_its_kind(mimicry):
    with pytest.raises(sipspan.ParseError) as e:
        sipspan.parse(mimicry, strict=True)
    first = sipspan.parse(mimicry).deviations[0]
    assert (e.value.code, e.value.offset) == (first.kind, first.offset)


def test_a_bad_typed_value_raises_at_its_byte(mimicry):
    m = sipspan.parse(mimicry)
    with pytest.raises(sipspan.ParseError) as e:
        m.via
    assert e.value.code == "bad_via" and mimicry.find(b"Via:") < e.value.offset < len(mimicry)


def test_text_is_refused():
    with pytest.raises(TypeError, match="bytes"):
        sipspan.parse("INVITE sip:a@b SIP/2.0\r\n\r\n")


def test_parse_uri():
    u = sipspan.parse_uri("sips:bob:pw@[2001:db8::1]:5061;transport=tcp;lr?subject=x")
    assert (u.scheme, u.user, u.password, u.host, u.host_kind, u.port) == ("sips", "bob", "pw", "[2001:db8::1]", "ipv6", 5061)
    assert u.transport == "tcp" and u.params["lr"] is None and u.headers == {"subject": "x"}
    with pytest.raises(sipspan.ParseError) as e:
        sipspan.parse_uri("sip:a@b:99999")
    assert e.value.code == "bad_port"


@pytest.mark.parametrize("profile", ["strict", "interop", "forensic"])
def test_lint_equals_the_cli(corpus, mimicry, profile):
    path = corpus / "seed" / "seed-mimicry.sip"
    want = [(r["code"], r["rule"], r["severity"], r["offset"], r["length"], r["line"], r["column"], r["message"], r["detail"], r["header"])
            for r in cli_jsonl("lint", "--format", "jsonl", "--profile", profile, path) if "code" in r]
    got = [(f.code, f.name, f.severity, f.offset, f.length, f.line, f.column, f.message, f.detail, f.header)
           for f in sipspan.lint(mimicry, profile=profile)]
    assert got == want and got


def test_lint_options(mimicry):
    codes = {f.code for f in sipspan.lint(mimicry)}
    assert "SS014" in codes
    assert "SS014" not in {f.code for f in sipspan.lint(mimicry, disable=["header-name-whitespace"])}
    with pytest.raises(ValueError):
        sipspan.lint(mimicry, profile="lenient")
    with pytest.raises(ValueError):
        sipspan.lint(mimicry, enable=["SS999"])


def test_score_equals_the_cli(corpus, mimicry, invite):
    for name, data in (("seed-mimicry.sip", mimicry), ("seed-invite.sip", invite)):
        [want] = cli_jsonl("score", "--format", "jsonl", corpus / "seed" / name)
        s = sipspan.score(data)
        assert s.score == pytest.approx(want["score"], rel=1e-5)
        assert s.threshold == pytest.approx(want["threshold"], rel=1e-5)
        assert s.alert == want["alert"] and s.verdict == ("alert" if want["alert"] else "ok")
        got = [(r.feature, r.rule, r.header, r.offset, r.length, r.line, r.column) for r in s.reasons]
        assert got == [(r["feature"], r.get("rule"), r["header"], r["offset"], r["length"], r["line"], r["column"])
                       for r in want["reasons"]]
    assert sipspan.score(mimicry).alert and not sipspan.score(invite).alert


def test_unparseable_scores_the_maximum():
    s = sipspan.score(b"\x00\x01 not sip")
    assert s.error and s.alert and s.reasons[0].feature == "unparseable"


def test_profiles(corpus, mimicry):
    p = sipspan.load_profile(str(corpus / "profile" / "default.json"))
    d = sipspan.default_profile()
    assert p.trained_messages == d.trained_messages > 0 and p.calibrated
    assert sipspan.score(mimicry, p).score == sipspan.score(mimicry, d).score == sipspan.score(mimicry).score
    assert p.threshold(0.001) == sipspan.score(mimicry, p, fpr=0.001).threshold
    with pytest.raises(sipspan.ParseError) as e:
        sipspan.load_profile_json(b'{"format_version": 2, "weights": [}')
    assert e.value.code == "bad_profile" and e.value.offset > 0
    with pytest.raises(ValueError):
        sipspan.score(mimicry, fpr=2)


def test_batches_equal_single_calls(corpus, mimicry, invite):
    msgs = [p.read_bytes() for p in sorted((corpus / "bench").glob("*.sip"))] + [mimicry, invite, b"junk"]
    many = sipspan.score_many(msgs)
    assert [s.score for s in many] == [sipspan.score(m).score for m in msgs]
    assert [s.alert for s in many] == [sipspan.score(m).alert for m in msgs]
    assert sipspan.lint_many(msgs, profile="interop") == [sipspan.lint(m, profile="interop") for m in msgs]


def test_batches_run_in_parallel_threads(mimicry):
    # without the GIL, two threads scoring at once give each the answer alone gives
    msgs = [mimicry] * 2000
    results = {}

    def work(k):
        results[k] = [s.score for s in sipspan.score_many(msgs)]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results[0] == results[1] == [sipspan.score(mimicry).score] * 2000


def test_rule_catalogue():
    rules = {r["code"]: r for r in sipspan.rules()}
    assert rules["SS014"]["name"] == "header-name-whitespace" and rules["SS014"]["strict"] == "error"
