"""Family parameters: parameters given twice and separators swapped. Header parameters
follow SEMI (`;`), list elements COMMA (`,`) (§7.3.1, §25.1); a name-addr's URI
parameters sit inside `<>`, its header parameters outside (§20.10). Which `tag` or
`branch` a parser keeps, and where it splits, decides the dialog and the transaction."""
from .message import Edit, outside_quotes, pick, LISTS

FAMILY = "parameters"


def comma_in_display_name(rng, msg, hs, avoid):
    """A bare comma in the display name of From/To (`From: Alice W,<sip:...>`). From and
    To are single-valued (§7.3.1, §20.20); a parser that splits on commas anyway sees two
    values, one that does not sees one name-addr with an illegal display-name."""
    h = pick(rng, hs, ["From", "To"], avoid, lambda h: outside_quotes(h.value(msg), 0x3C))
    if not h:
        return None
    lt = h.value_start + outside_quotes(h.value(msg), 0x3C)[0]
    if msg[h.value_start:lt].strip():
        return Edit(lt, lt, b",", h.canonical)
    return Edit(lt, lt, rng.choice([b"Alice W,", b"Service,", b"x,"]), h.canonical)


def comma_in_call_id(rng, msg, hs, avoid):
    """A comma in the Call-ID (`Call-ID: abc,@0`). callid = word ["@" word] (§25.1) and
    word has no comma: list-splitting parsers see two Call-IDs, others one odd one, so
    transaction and dialog matching differ."""
    h = pick(rng, hs, ["Call-ID"], avoid)
    if not h:
        return None
    v = h.value(msg)
    at = v.find(b"@")
    at = h.value_start + (at if at > 0 else max(1, len(v) // 2))
    return Edit(at, at, b",", h.canonical)


def compact_via_commas(rng, msg, hs, avoid):
    """A compact Via whose parameters are separated by commas, with a trailing comma
    (`v:SIP/2.0/UDP host:5060,branch=z9hG4bK...,`). Via is a comma list (§20.42), so
    this reads as one Via without a branch and extra, malformed via-parms."""
    h = pick(rng, hs, ["Via"], avoid, lambda h: b";" in h.value(msg))
    if not h:
        return None
    v = msg[h.value_start:h.value_end]
    return Edit(h.start, h.value_end, b"v:" + v.replace(b";", b",") + b",", "Via")


def trailing_comma_in_list(rng, msg, hs, avoid):
    """A trailing comma in a list header (`Allow: INVITE,ACK,`). The #rule (§7.3.1)
    needs an element after each comma: some parsers ignore the empty element, others
    reject the header or add an empty value."""
    h = pick(rng, hs, LISTS, avoid)
    if not h:
        return None
    return Edit(h.value_end, h.value_end, b",", h.canonical)


def empty_list_element(rng, msg, hs, avoid):
    """An empty element inside a list (`Supported: timer,,path`). RFC 3261's #rule has no
    null elements (§7.3.1); parsers differ on skipping, keeping or rejecting them."""
    h = pick(rng, hs, LISTS, avoid, lambda h: outside_quotes(h.value(msg), 0x2C))
    if h:
        at = h.value_start + rng.choice(outside_quotes(h.value(msg), 0x2C)) + 1
        return Edit(at, at, b",", h.canonical)
    h = pick(rng, hs, LISTS, avoid)
    if not h:
        return None
    return Edit(h.value_start, h.value_start, b",", h.canonical)


def missing_magic_cookie(rng, msg, hs, avoid):
    """A Via branch without the `z9hG4bK` magic cookie (§8.1.1.7, §20.42): the receiver
    falls back to RFC 2543 transaction matching, which a forged message can exploit to
    hit another transaction."""
    h = pick(rng, hs, ["Via"], set(), lambda h: b"branch=z9hG4bK" in h.value(msg))
    if not h:
        return None
    at = msg.find(b"z9hG4bK", h.value_start, h.value_end)
    return Edit(at, at + 7, b"", "Via")


def _tag_at(msg, h):
    """Offset of `;tag=` in h's value outside quotes and brackets, or -1."""
    v = h.value(msg)
    for i in outside_quotes(v, 0x3B):
        if v[i + 1:i + 5].lower() == b"tag=":
            return h.value_start + i
    return -1


def _param_end(msg, s, hi):
    e = s + 1
    while e < hi and msg[e] not in b";,> \t\r\n":
        e += 1
    return e


def tag_twice(rng, msg, hs, avoid):
    """A second tag parameter in From or To (`;tag=a1b2;tag=9`). from-param allows any
    number of parameters (§20.20, §25.1), §19.3 one tag: first-wins and last-wins
    parsers put the message in different dialogs."""
    h = pick(rng, hs, ["From", "To"], avoid, lambda h: _tag_at(msg, h) >= 0)
    if not h:
        return None
    e = _param_end(msg, _tag_at(msg, h), h.value_end)
    return Edit(e, e, b";tag=%x" % rng.getrandbits(rng.choice([4, 8, 16])), h.canonical)


def branch_twice(rng, msg, hs, avoid):
    """A second branch parameter in a Via (`;branch=z9hG4bK1;branch=z9hG4bK2`): one
    transaction id or the other, depending on the parser (§17.2.3 matching, §20.42)."""
    h = pick(rng, hs, ["Via"], avoid, lambda h: b";branch=" in h.value(msg))
    if not h:
        return None
    return Edit(h.value_end, h.value_end, b";branch=z9hG4bK%x" % rng.getrandbits(12), "Via")


def tag_separator_comma(rng, msg, hs, avoid):
    """A comma for the semicolon before From's or To's tag (`<sip:a@h>,tag=1`). To and
    From are single-valued (§20.20, §20.39): a list splitter sees a second value
    `tag=1` and no tag, a scanner for `tag=` still finds it."""
    h = pick(rng, hs, ["From", "To"], avoid, lambda h: _tag_at(msg, h) >= 0)
    if not h:
        return None
    s = _tag_at(msg, h)
    return Edit(s, s + 1, b",", h.canonical)


def tag_inside_angle(rng, msg, hs, avoid):
    """The tag moved inside the angle brackets (`<sip:a@h;tag=1>`): it becomes a URI
    parameter (§20.10: parameters inside `<>` belong to the URI), so the header has no
    tag for a strict parser and one for a parser that searches the whole value."""
    def spot(h):
        s = _tag_at(msg, h)
        return s > h.value_start and msg[s - 1] == 0x3E
    h = pick(rng, hs, ["From", "To"], avoid, spot)
    if not h:
        return None
    s = _tag_at(msg, h)
    e = _param_end(msg, s, h.value_end)
    return Edit(s - 1, e, msg[s:e] + b">", h.canonical)


def empty_via_parameter(rng, msg, hs, avoid):
    """An empty parameter (`;;`) in a Via or Contact. via-params = via-ttl / ... /
    via-extension (§20.42), each a token: nothing between two SEMIs is no parameter at
    all; parsers skip it, reject it, or stop reading the parameters there."""
    h = pick(rng, hs, ["Via", "Contact", "Record-Route", "Route"], avoid,
             lambda h: outside_quotes(h.value(msg), 0x3B))
    if not h:
        return None
    at = h.value_start + rng.choice(outside_quotes(h.value(msg), 0x3B))
    return Edit(at, at, b";", h.canonical)


def space_around_equals(rng, msg, hs, avoid):
    """Whitespace around a parameter's `=` (`branch = z9hG4bK...`, `tag= 1`). Legal:
    EQUAL = SWS "=" SWS (§25.1); code that looks for `branch=` or `tag=` as one string
    does not find it."""
    def spots(h):
        v = h.value(msg)
        return [h.value_start + i for i in outside_quotes(v, 0x3B) if b"=" in v[i:i + 12]]
    h = pick(rng, hs, ["Via", "From", "To", "Contact"], avoid, spots)
    if not h:
        return None
    s = rng.choice(spots(h))
    eq = msg.find(b"=", s, h.value_end)
    return Edit(eq, eq, rng.choice([b" ", b"\t"]), h.canonical) if rng.random() < 0.5 else \
        Edit(eq + 1, eq + 1, b" ", h.canonical)


TRANSFORMS = [comma_in_display_name, comma_in_call_id, compact_via_commas, trailing_comma_in_list,
              empty_list_element, missing_magic_cookie, tag_twice, branch_twice, tag_separator_comma,
              tag_inside_angle, empty_via_parameter, space_around_equals]
LEGAL = {"tag_twice", "branch_twice", "tag_inside_angle", "space_around_equals"}
