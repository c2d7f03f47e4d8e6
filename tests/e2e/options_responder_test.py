#!/usr/bin/env python3
"""End-to-end test of tools/examples/options_responder on loopback (127.0.0.1 only).

Starts the responder on an ephemeral port and sends it, from a UDP socket bound to
127.0.0.1:
  1. an OPTIONS: a 200 OK whose Via, From, Call-ID and CSeq are the request's, whose
     To is the request's with a tag added, with Content-Length: 0;
  2. a malformed datagram, then an OPTIONS without a To: no answer to either (the
     responder drops what does not parse and what it cannot build an answer from);
  3. an OPTIONS in compact form whose To already has a tag: 200 OK, the To unchanged,
     long header names (so the responder survived the malformed datagram);
  4. an INVITE: 501 Not Implemented;
then checks the responder exits by itself with status 0 after those 5 datagrams.

Usage: options_responder_test.py PATH_TO_OPTIONS_RESPONDER
"""
import socket
import subprocess
import sys

HOST = "127.0.0.1"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def parse_response(data):
    head, sep, body = data.partition(b"\r\n\r\n")
    check(sep == b"\r\n\r\n", "response ends its header section with CRLF CRLF")
    lines = head.decode("utf-8", "replace").split("\r\n")
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        check(colon == ":", "header line has a colon: %r" % line)
        headers.append((name.strip().lower(), value.strip()))
    return lines[0], headers, body


def values(headers, name):
    return [v for n, v in headers if n == name]


def exchange(sock, payload, wait=5.0):
    sock.settimeout(wait)
    sock.send(payload)
    try:
        data = sock.recv(65536)
    except socket.timeout:
        return None
    return data


def ask(sock, request, what):
    """Sends a request that must be answered; the parsed answer, or (None, [], b"")."""
    data = exchange(sock, request.encode())
    check(data is not None, what + " answered")
    return parse_response(data) if data is not None else (None, [], b"")


def main():
    exe = sys.argv[1]
    proc = subprocess.Popen([exe, "0", "5", "10"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().strip()
        print("responder:", line)
        prefix = "listening on %s:" % HOST
        if not line.startswith(prefix):
            print("FAIL: unexpected first line %r" % line)
            return 1
        port = int(line[len(prefix):])
        check(0 < port < 65536, "ephemeral port in range")

        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((HOST, 0))
        sock.connect((HOST, port))
        me = "%s:%d" % sock.getsockname()

        # 1. OPTIONS, two Via rows, To without a tag
        via1 = "SIP/2.0/UDP %s;branch=z9hG4bKopt1;rport" % me
        via2 = "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKprev;received=127.0.0.1"
        frm = '"Alice" <sip:alice@127.0.0.1>;tag=a73kszlfl'
        to = "<sip:responder@127.0.0.1>"
        call_id = "1j9FpLxk3uxtm8tn@127.0.0.1"
        cseq = "42 OPTIONS"
        req = ("OPTIONS sip:responder@127.0.0.1 SIP/2.0\r\n"
               "Via: %s\r\nVia: %s\r\nMax-Forwards: 70\r\nFrom: %s\r\nTo: %s\r\n"
               "Call-ID: %s\r\nCSeq: %s\r\nAccept: application/sdp\r\nContent-Length: 0\r\n\r\n"
               % (via1, via2, frm, to, call_id, cseq))
        status, headers, body = ask(sock, req, "OPTIONS")
        check(status == "SIP/2.0 200 OK", "status line %r" % status)
        check(values(headers, "via") == [via1, via2], "Via rows copied in order: %r" % values(headers, "via"))
        check(values(headers, "from") == [frm], "From copied: %r" % values(headers, "from"))
        tos = values(headers, "to")
        check(len(tos) == 1 and tos[0].startswith(to + ";tag=") and len(tos[0]) > len(to + ";tag="),
              "To copied with a tag added: %r" % tos)
        check(values(headers, "call-id") == [call_id], "Call-ID copied: %r" % values(headers, "call-id"))
        check(values(headers, "cseq") == [cseq], "CSeq copied: %r" % values(headers, "cseq"))
        check(values(headers, "content-length") == ["0"], "Content-Length: 0")
        check(body == b"", "no body")

        # 2. malformed: not a SIP message at all -> dropped, no answer, no crash
        data = exchange(sock, b"\x00\x01\x02 this is not SIP\r\n\r\n", wait=0.7)
        check(data is None, "malformed datagram not answered (got %r)" % data)
        # ... and a request without a To: dropped as well
        req = ("OPTIONS sip:responder@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP %s;branch=z9hG4bKnoto\r\n"
               "From: <sip:alice@127.0.0.1>;tag=1\r\nCall-ID: noto@127.0.0.1\r\nCSeq: 1 OPTIONS\r\n"
               "Content-Length: 0\r\n\r\n" % me)
        data = exchange(sock, req.encode(), wait=0.7)
        check(data is None, "OPTIONS without a To not answered (got %r)" % data)

        # 3. compact OPTIONS, To with a tag already: To unchanged
        via = "SIP/2.0/UDP %s;branch=z9hG4bKopt2" % me
        req = ("OPTIONS sip:responder@127.0.0.1 SIP/2.0\r\n"
               "v: %s\r\nf: <sip:alice@127.0.0.1>;tag=1\r\nt: <sip:responder@127.0.0.1>;tag=2\r\n"
               "i: compact-1@127.0.0.1\r\nCSeq: 43 OPTIONS\r\nl: 0\r\n\r\n" % via)
        status, headers, _ = ask(sock, req, "compact OPTIONS after the malformed datagram")
        check(status == "SIP/2.0 200 OK", "status line %r" % status)
        check(values(headers, "via") == [via], "compact Via copied: %r" % values(headers, "via"))
        check(values(headers, "to") == ["<sip:responder@127.0.0.1>;tag=2"], "tagged To unchanged: %r"
              % values(headers, "to"))
        check(values(headers, "call-id") == ["compact-1@127.0.0.1"], "compact Call-ID copied")

        # 4. INVITE -> 501
        via = "SIP/2.0/UDP %s;branch=z9hG4bKinv" % me
        req = ("INVITE sip:responder@127.0.0.1 SIP/2.0\r\nVia: %s\r\nMax-Forwards: 70\r\n"
               "From: <sip:alice@127.0.0.1>;tag=9\r\nTo: <sip:responder@127.0.0.1>\r\n"
               "Call-ID: inv-1@127.0.0.1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n" % via)
        status, headers, _ = ask(sock, req, "INVITE")
        check(status == "SIP/2.0 501 Not Implemented", "INVITE status line %r" % status)
        check(values(headers, "cseq") == ["1 INVITE"], "INVITE CSeq copied")
        sock.close()

        try:
            rc = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            rc = None
        check(rc == 0, "responder exits with 0 after its 5 datagrams (got %r)" % rc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err = proc.stderr.read()
        if err:
            print("responder stderr:\n" + err, end="")
    print("%d checks failed" % len(failures) if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
