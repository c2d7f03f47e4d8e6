"""The parts of a SIP message the mimicry transforms edit: header rows, the start line,
URIs inside values, and the one-edit result every transform returns.

RFC 3261 §7 (message = start-line *message-header CRLF [message-body]) and §25.1
(header-name = token, HCOLON, LWS); the index is deliberately lenient (a generator
reading its own benign messages), it is no validator.
"""

# --------------------------------------------------------------------------- header index

LONG_NAMES = [
    "Accept", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events",
    "Authentication-Info", "Authorization", "Call-ID", "Call-Info", "Contact",
    "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
    "Content-Type", "CSeq", "Date", "Error-Info", "Event", "Expires", "From", "In-Reply-To",
    "Max-Forwards", "Min-Expires", "Min-SE", "MIME-Version", "Organization",
    "P-Access-Network-Info", "P-Asserted-Identity", "P-Associated-URI", "P-Called-Party-ID",
    "P-Charging-Function-Addresses", "P-Charging-Vector", "P-Preferred-Identity",
    "P-Visited-Network-ID", "Path", "Priority", "Proxy-Authenticate", "Proxy-Authorization",
    "Proxy-Require", "RAck", "Reason", "Record-Route", "Refer-To", "Referred-By",
    "Remote-Party-ID", "Reply-To", "Require", "Retry-After", "Route", "RSeq",
    "Security-Client", "Security-Server", "Security-Verify", "Server", "Service-Route",
    "Session-Expires", "Subject", "Subscription-State", "Supported", "Timestamp", "To",
    "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate",
]
COMPACT = {"v": "Via", "f": "From", "t": "To", "i": "Call-ID", "m": "Contact",
           "l": "Content-Length", "c": "Content-Type", "k": "Supported", "s": "Subject",
           "o": "Event", "u": "Allow-Events", "r": "Refer-To", "b": "Referred-By",
           "e": "Content-Encoding", "x": "Session-Expires"}
CANONICAL = {n.lower(): n for n in LONG_NAMES}
CANONICAL.update(COMPACT)

SINGLETONS = ["Call-ID", "CSeq", "From", "To", "Max-Forwards", "Content-Type", "Expires"]
LISTS = ["Allow", "Supported", "Accept", "Require", "Allow-Events", "Proxy-Require",
         "Record-Route", "Route", "Path", "P-Asserted-Identity", "Security-Client",
         "Security-Verify", "Accept-Language", "Contact", "Via"]
NAME_ADDR = ["From", "To", "Contact", "Route", "Record-Route", "P-Asserted-Identity", "Path",
             "Refer-To", "Referred-By", "Remote-Party-ID"]
WSP = b" \t"


class Header:
    """One header field in a message: where its name, colon, value and line end are."""

    def __init__(self, start, name_end, colon, value_start, value_end, line_end, canonical):
        self.start, self.name_end, self.colon = start, name_end, colon
        self.value_start, self.value_end, self.line_end = value_start, value_end, line_end
        self.canonical = canonical

    def name(self, msg):
        return msg[self.start:self.name_end]

    def value(self, msg):
        return msg[self.value_start:self.value_end]


def index(msg):
    """The header fields of msg, in order (folded lines joined to their field).
    Lines end at LF (a CR before it is not content); the first empty line ends them."""
    headers = []
    pos = msg.find(b"\n")
    if pos < 0:
        return headers
    pos += 1
    cur = None
    while pos < len(msg):
        nl = msg.find(b"\n", pos)
        if nl < 0:
            break
        end = nl - 1 if nl > pos and msg[nl - 1] == 0x0D else nl
        if end == pos:
            break  # the empty line
        if msg[pos] in WSP:
            if cur is not None:
                cur.value_end, cur.line_end = end, nl + 1
        else:
            colon = msg.find(b":", pos, end)
            if colon < 0:
                cur = None
            else:
                name_end = colon
                while name_end > pos and msg[name_end - 1] in WSP:
                    name_end -= 1
                vs = colon + 1
                while vs < end and msg[vs] in WSP:
                    vs += 1
                key = msg[pos:name_end].decode("latin-1").lower()
                cur = Header(pos, name_end, colon, vs, end, nl + 1, CANONICAL.get(key))
                headers.append(cur)
        pos = nl + 1
    return headers


def body_of(msg):
    i = msg.find(b"\r\n\r\n")
    return msg[i + 4:] if i >= 0 else b""


def pick(rng, headers, names, avoid, test=None):
    """A header whose canonical name is in names (all known ones when None), preferring
    one not in avoid; None when none fits."""
    cands = [h for h in headers if h.canonical and (names is None or h.canonical in names)
             and (test is None or test(h))]
    fresh = [h for h in cands if h.canonical not in avoid]
    pool = fresh or cands
    return rng.choice(pool) if pool else None


def outside_quotes(value, ch):
    """Offsets of byte ch in value outside quoted-strings (and, for ',', outside <>)."""
    out, q, esc, angle = [], False, False, 0
    for i, b in enumerate(value):
        if q:
            if esc:
                esc = False
            elif b == 0x5C:
                esc = True
            elif b == 0x22:
                q = False
            continue
        if b == 0x22:
            q = True
        elif b == 0x3C:
            angle += 1
            if ch == 0x3C:
                out.append(i)
        elif b == 0x3E:
            angle -= 1
            if ch == 0x3E:
                out.append(i)
        elif b == ch and (ch != 0x2C or angle == 0):
            out.append(i)
    return out


class Edit:
    """Replace msg[start:end] with data; `header` is the canonical header changed."""

    def __init__(self, start, end, data, header):
        self.start, self.end, self.data, self.header = start, end, data, header


def new_line(h_name, value):
    return h_name + b": " + value + b"\r\n"


def insert_inside(rng, hs, avoid, span, data):
    """Insert data strictly inside span(h) = (lo, hi) of some header h (not at either end)."""
    h = pick(rng, hs, None, avoid, lambda h: span(h)[1] - span(h)[0] >= 2)
    if not h:
        return None
    lo, hi = span(h)
    at = lo + rng.randrange(1, hi - lo)
    return Edit(at, at, data, h.canonical)

class StartLine:
    """The start line's parts as (start, end) spans: a request's method, Request-URI and
    SIP-Version, or a response's SIP-Version and Status-Code (§7.1, §7.2)."""

    def __init__(self, msg):
        self.end = msg.find(b"\r\n")
        if self.end < 0:
            self.end = max(msg.find(b"\n"), 0)
        line = msg[:self.end]
        parts, pos = [], 0
        for piece in line.split(b" "):
            parts.append((pos, pos + len(piece)))
            pos += len(piece) + 1
        self.request = line[:4].upper() != b"SIP/" and len(parts) >= 3
        self.method = self.uri = self.version = self.status = None
        if self.request:
            self.method, self.uri, self.version = parts[0], parts[1], parts[-1]
        elif len(parts) >= 2:
            self.version, self.status = parts[0], parts[1]


def host_span(msg, lo, hi):
    """The host of the first sip:/sips: URI in msg[lo:hi] as (start, end), or None
    (§19.1.1: sip:user:password@host:port;params, an IPv6 reference in brackets)."""
    seg = msg[lo:hi]
    s = seg.find(b"sip:")
    if s < 0:
        return None
    s += 4
    end = s
    while end < len(seg) and seg[end] not in b";?> ,\r\n":
        end += 1
    at = seg.rfind(b"@", s, end)
    h = at + 1 if at >= 0 else s
    if h < len(seg) and seg[h] == 0x5B:
        close = seg.find(b"]", h, end)
        if close < 0:
            return None
        return (lo + h, lo + close + 1)
    e = h
    while e < end and seg[e] != 0x3A:
        e += 1
    return (lo + h, lo + e) if e > h else None


def port_span(msg, lo, hi):
    """The digits of the port after a host, as (start, end), or None."""
    hs = host_span(msg, lo, hi)
    if not hs or hs[1] >= hi or msg[hs[1]] != 0x3A:
        return None
    e = hs[1] + 1
    while e < hi and 0x30 <= msg[e] <= 0x39:
        e += 1
    return (hs[1] + 1, e) if e > hs[1] + 1 else None


def via_sent_by(msg, h):
    """Via's sent-by (host [":" port]) as (start, end) of the host and of the port digits
    (None when no port), for the first via-parm (§20.42: sent-protocol LWS sent-by)."""
    v = h.value(msg)
    sp = v.find(b" ")
    if sp < 0:
        return None
    s = sp + 1
    while s < len(v) and v[s] in WSP:
        s += 1
    e = s
    if e < len(v) and v[e] == 0x5B:
        e = v.find(b"]", e)
        if e < 0:
            return None
        e += 1
    else:
        while e < len(v) and v[e] not in b":;, \t\r":
            e += 1
    host = (h.value_start + s, h.value_start + e)
    port = None
    if e < len(v) and v[e] == 0x3A:
        p = e + 1
        while p < len(v) and 0x30 <= v[p] <= 0x39:
            p += 1
        if p > e + 1:
            port = (h.value_start + e + 1, h.value_start + p)
    return host, port


def digits_span(msg, h):
    """The leading run of digits of h's value as (start, end), or None."""
    s = h.value_start
    e = s
    while e < h.value_end and 0x30 <= msg[e] <= 0x39:
        e += 1
    return (s, e) if e > s else None


def percent(b):
    return b"%%%02X" % b
