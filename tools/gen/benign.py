#!/usr/bin/env python3
"""Generate realistic, valid SIP messages (RFC 3261) for the anomaly scorer.

Each message is written in the style of one kind of SIP element: IMS nodes, PBXs,
a proxy, desk phones, softphones, a compact-form gateway and an RFC 4475-style
element that uses the grammar's legal but unusual corners. Every message is valid:
`sipspan dump --strict` accepts it and its Content-Length is the body's size.

    benign.py --count N --seed S --out DIR [--ext .sip]

writes DIR/000001.sip ... (raw bytes, CRLF line ends) and DIR/manifest.jsonl, one
JSON object a file: {"file", "style", "kind", "method", "status"}. The same seed
gives the same bytes.
"""
import argparse
import json
import os
import random
import sys

# --------------------------------------------------------------------------- names

# Compact forms, RFC 3261 §7.3.3 and the extensions that define one.
COMPACT = {
    "Via": "v", "From": "f", "To": "t", "Call-ID": "i", "Contact": "m",
    "Content-Length": "l", "Content-Type": "c", "Supported": "k", "Subject": "s",
    "Event": "o", "Allow-Events": "u", "Refer-To": "r", "Referred-By": "b",
    "Content-Encoding": "e", "Session-Expires": "x",
}

FIRST = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi", "Ivan",
         "Judy", "Mallory", "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent",
         "Victor", "Walter", "Yuki", "Zoe", "Noor", "Ines", "Kenji", "Lena"]
LAST = ["Smith", "Jones", "Martin", "Garcia", "Nakamura", "Dubois", "Rossi", "Novak",
        "Okafor", "Larsen", "Kowalski", "Silva", "Weber", "Moreau", "Ito"]
DOMAINS = ["example.com", "example.net", "example.org", "voip.example.com",
           "pbx.example.net", "sip.example.org", "atlanta.example.com", "biloxi.example.net"]
IMS_DOMAIN = "ims.mnc001.mcc001.3gppnetwork.org"
HEX = "0123456789abcdef"
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

REQUEST_METHODS = ["INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "SUBSCRIBE",
                   "NOTIFY", "MESSAGE", "INFO", "UPDATE", "PRACK", "REFER"]
REQUEST_WEIGHTS = [16, 6, 8, 4, 14, 8, 5, 6, 6, 4, 4, 3, 3]
STATUSES = [100, 180, 183, 200, 401, 407, 486, 487, 603]
STATUS_WEIGHTS = [10, 10, 6, 24, 8, 6, 5, 5, 3]
REASONS = {100: "Trying", 180: "Ringing", 183: "Session Progress", 200: "OK",
           401: "Unauthorized", 407: "Proxy Authentication Required", 486: "Busy Here",
           487: "Request Terminated", 603: "Decline"}
IN_DIALOG = {"ACK", "BYE", "INFO", "UPDATE", "PRACK", "REFER", "NOTIFY"}
ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, PRACK, REFER, SUBSCRIBE, NOTIFY, MESSAGE"


def rand_str(rng, alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def uuid(rng):
    h = rand_str(rng, HEX, 32)
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], rng.choice("89ab"), h[17:20], h[20:])


def ipv4(rng, private=False):
    if private:
        return rng.choice(["10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)),
                           "192.168.%d.%d" % (rng.randrange(256), rng.randrange(2, 255)),
                           "172.%d.%d.%d" % (rng.randrange(16, 32), rng.randrange(256), rng.randrange(1, 255))])
    net = rng.choice(["192.0.2", "198.51.100", "203.0.113"])
    return "%s.%d" % (net, rng.randrange(1, 255))


def ipv6(rng):
    return "2001:db8:%x:%x::%x" % (rng.randrange(1, 0xffff), rng.randrange(0, 0xffff), rng.randrange(1, 0xffff))


# --------------------------------------------------------------------------- styles

class Style:
    """How one kind of element writes messages: names, order, identifiers, agent."""

    name = "generic"
    compact = False          # use compact names where one exists
    name_case = "canonical"  # canonical | lower
    transport = "UDP"
    order = ["Via", "Route", "Record-Route", "Max-Forwards", "From", "To", "Call-ID", "CSeq",
             "Contact", "Authorization", "Proxy-Authorization", "WWW-Authenticate",
             "Proxy-Authenticate", "Expires", "Allow", "Supported", "Require", "RSeq", "RAck",
             "Event", "Subscription-State", "Refer-To", "Referred-By", "User-Agent", "Server",
             "Content-Type", "Content-Length"]
    uses_ipv6 = False

    def __init__(self, rng):
        self.rng = rng

    # identifiers: hex of these lengths unless a style says otherwise
    hex_lengths = (8, 16, 24)  # tag, branch after the cookie, Call-ID before '@'

    def tag(self):
        return rand_str(self.rng, HEX, self.hex_lengths[0])

    def branch(self):
        return "z9hG4bK" + rand_str(self.rng, HEX, self.hex_lengths[1])

    def call_id(self, host):
        return "%s@%s" % (rand_str(self.rng, HEX, self.hex_lengths[2]), host)

    def agent(self):
        return "sipspan-gen/1.0"

    def session_name(self):
        return "-"

    def sdp_origin_user(self, user):
        return "-"

    # per-style headers; `m` is the message being built (see Builder)
    def extra(self, m):
        pass

    def render_name(self, name):
        if self.compact and name in COMPACT:
            return COMPACT[name]
        if self.name_case == "lower":
            return name.lower()
        return name

    def separator(self, name):
        return ": "

    def fold(self, name, value):
        return value


class Asterisk(Style):
    name = "asterisk"
    order = ["Via", "From", "To", "Contact", "Call-ID", "CSeq", "Route", "Record-Route",
             "WWW-Authenticate", "Proxy-Authenticate", "Authorization", "Proxy-Authorization",
             "Expires", "Allow", "Supported", "Require", "RSeq", "RAck", "Session-Expires",
             "Min-SE", "Event", "Subscription-State", "Refer-To", "Referred-By", "Max-Forwards",
             "User-Agent", "Server", "Content-Type", "Content-Length"]

    def tag(self):
        return uuid(self.rng)

    def branch(self):
        return "z9hG4bKPj" + uuid(self.rng)

    def call_id(self, host):
        return uuid(self.rng)

    def agent(self):
        return "Asterisk PBX %d.%d.%d" % (self.rng.choice([18, 20, 21, 22]), self.rng.randrange(20), self.rng.randrange(5))

    def session_name(self):
        return "Asterisk"

    def extra(self, m):
        if m.method == "INVITE" and m.is_request:
            m.add("Session-Expires", "1800")
            m.add("Min-SE", "90")


class FreeSwitch(Style):
    name = "freeswitch"
    order = ["Via", "Route", "Record-Route", "Max-Forwards", "From", "To", "Call-ID", "CSeq",
             "Contact", "User-Agent", "Server", "Allow", "Supported", "Require", "RSeq", "RAck",
             "Allow-Events", "Event", "Subscription-State", "Refer-To", "Referred-By",
             "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate",
             "Expires", "Content-Type", "Content-Disposition", "Remote-Party-ID",
             "P-Asserted-Identity", "Content-Length"]

    def tag(self):
        return rand_str(self.rng, ALNUM, 13)

    def branch(self):
        return "z9hG4bK" + rand_str(self.rng, ALNUM, 13)

    def call_id(self, host):
        return uuid(self.rng)

    def agent(self):
        return "FreeSWITCH-mod_sofia/1.10.%d-release~64bit" % self.rng.randrange(12)

    def session_name(self):
        return "FreeSWITCH"

    def sdp_origin_user(self, user):
        return "FreeSWITCH"

    def extra(self, m):
        if m.is_request or m.status < 300:
            m.add("Allow-Events", "talk, hold, conference, refer")
        if m.body and m.body_type == "application/sdp":
            m.add("Content-Disposition", "session")
        if m.is_request and m.method == "INVITE":
            m.add("P-Asserted-Identity", '"%s" <sip:%s@%s>' % (m.caller.display, m.caller.user, m.caller.domain))


class Kamailio(Style):
    """A message as it leaves a Kamailio proxy: its Via on top, the UA's with received/rport."""
    name = "kamailio"
    proxied = True

    def __init__(self, rng):
        super().__init__(rng)
        self.inner = rng.choice([Polycom, Yealink, Linphone, MicroSip, Zoiper])(rng)
        self.order = self.inner.order

    def tag(self):
        return self.inner.tag()

    def branch(self):
        return self.inner.branch()

    def call_id(self, host):
        return self.inner.call_id(host)

    def agent(self):
        return self.inner.agent()

    def session_name(self):
        return self.inner.session_name()

    def sdp_origin_user(self, user):
        return self.inner.sdp_origin_user(user)

    def proxy_branch(self):
        return "z9hG4bK%s.%d" % (rand_str(self.rng, HEX, 32), self.rng.randrange(2))

    def proxy_agent(self):
        return "kamailio (5.%d.%d (x86_64/linux))" % (self.rng.randrange(4, 8), self.rng.randrange(6))


class Polycom(Style):
    name = "polycom"
    order = ["Via", "Route", "Record-Route", "From", "To", "CSeq", "Call-ID", "Contact",
             "User-Agent", "Server", "Accept-Language", "Authorization", "Proxy-Authorization",
             "WWW-Authenticate", "Proxy-Authenticate", "Supported", "Require", "RSeq", "RAck",
             "Allow", "Allow-Events", "Event", "Subscription-State", "Refer-To", "Referred-By",
             "Expires", "Max-Forwards", "Content-Type", "Content-Length"]

    def tag(self):
        return "%s-%s" % (rand_str(self.rng, HEX, 8).upper(), rand_str(self.rng, HEX, 8).upper())

    def branch(self):
        return "z9hG4bK" + rand_str(self.rng, HEX, 8).lower()

    def call_id(self, host):
        return "%s-%s-%s@%s" % (rand_str(self.rng, HEX, 8), rand_str(self.rng, HEX, 8),
                                rand_str(self.rng, HEX, 8), host)

    def agent(self):
        model = self.rng.choice(["VVX_411", "VVX_450", "VVX_311", "SoundPointIP-SPIP_650"])
        return "PolycomVVX-%s-UA/6.%d.%d.%d" % (model, self.rng.randrange(5), self.rng.randrange(3), self.rng.randrange(9999))

    def session_name(self):
        return "Polycom IP Phone"

    def extra(self, m):
        if m.is_request:
            m.add("Accept-Language", "en")
        if m.is_request and m.method in ("INVITE", "REGISTER", "SUBSCRIBE"):
            m.add("Allow-Events", "conference, talk, hold")


class Yealink(Style):
    name = "yealink"
    order = ["Via", "Route", "Record-Route", "From", "To", "Call-ID", "CSeq", "Contact",
             "Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate",
             "Content-Type", "Allow", "Max-Forwards", "User-Agent", "Server", "Event",
             "Subscription-State", "Refer-To", "Referred-By", "Require", "RSeq", "RAck",
             "Expires", "Allow-Events", "Supported", "Content-Length"]

    def tag(self):
        return str(self.rng.randrange(10 ** 9, 10 ** 10))

    def branch(self):
        return "z9hG4bK" + str(self.rng.randrange(10 ** 9, 10 ** 10))

    def call_id(self, host):
        return "%d_%d@%s" % (self.rng.randrange(4), self.rng.randrange(10 ** 9, 10 ** 10), host)

    def agent(self):
        return "Yealink SIP-%s %d.%d.%d.%d" % (self.rng.choice(["T46S", "T54W", "T33G", "T48U"]),
                                               self.rng.choice([66, 96, 124]), self.rng.randrange(90),
                                               self.rng.randrange(5), self.rng.randrange(40))

    def session_name(self):
        return "SDP data"

    def extra(self, m):
        if m.is_request and m.method in ("INVITE", "REGISTER"):
            m.add("Allow-Events", "talk,hold,conference,refer,check-sync")


class Cisco(Style):
    name = "cisco"
    transport = "TCP"
    order = ["Via", "Route", "Record-Route", "From", "To", "Call-ID", "Max-Forwards", "Date",
             "CSeq", "User-Agent", "Server", "Contact", "Authorization", "Proxy-Authorization",
             "WWW-Authenticate", "Proxy-Authenticate", "Expires", "Accept", "Allow",
             "Remote-Party-ID", "Supported", "Require", "RSeq", "RAck", "Allow-Events", "Event",
             "Subscription-State", "Refer-To", "Referred-By", "Content-Type", "Content-Length"]

    def tag(self):
        return "%s-%s" % (rand_str(self.rng, HEX, 12), rand_str(self.rng, HEX, 8))

    def branch(self):
        return "z9hG4bK" + rand_str(self.rng, HEX, 8)

    def call_id(self, host):
        return "%s-%s-%s-%s@%s" % tuple([rand_str(self.rng, HEX, 8) for _ in range(4)] + [host])

    def agent(self):
        return "Cisco-CP%s/14.%d.%d" % (self.rng.choice(["8845", "8865", "7841", "8851"]),
                                       self.rng.randrange(3), self.rng.randrange(2))

    def session_name(self):
        return "SIP Call"

    def sdp_origin_user(self, user):
        return "Cisco-SIPUA"

    def extra(self, m):
        days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        m.add("Date", "%s, %02d %s 20%02d %02d:%02d:%02d GMT" % (
            self.rng.choice(days), self.rng.randrange(1, 29), self.rng.choice(months),
            self.rng.randrange(18, 27), self.rng.randrange(24), self.rng.randrange(60), self.rng.randrange(60)))
        if m.is_request and m.method == "INVITE":
            m.add("Expires", "180")
            m.add("Remote-Party-ID", '"%s" <sip:%s@%s>;party=calling;id-type=subscriber;privacy=off;screen=yes'
                  % (m.caller.display, m.caller.user, m.caller.domain))


class Linphone(Style):
    name = "linphone"
    transport = "TLS"
    order = ["Via", "Route", "Record-Route", "From", "To", "CSeq", "Call-ID", "Max-Forwards",
             "Supported", "Require", "RSeq", "RAck", "Allow", "Content-Type", "Content-Length",
             "Contact", "Authorization", "Proxy-Authorization", "WWW-Authenticate",
             "Proxy-Authenticate", "Expires", "Event", "Subscription-State", "Refer-To",
             "Referred-By", "User-Agent", "Server"]

    def tag(self):
        return rand_str(self.rng, ALNUM, 9)

    def branch(self):
        return "z9hG4bK." + rand_str(self.rng, ALNUM, 9)

    def call_id(self, host):
        return rand_str(self.rng, ALNUM + "-~", 10)

    def agent(self):
        return "Linphone Desktop/5.%d.%d (Debian GNU/Linux 12) LinphoneCore/5.%d.%d" % (
            self.rng.randrange(3), self.rng.randrange(10), self.rng.randrange(4), self.rng.randrange(60))

    def session_name(self):
        return "Talk"

    def sdp_origin_user(self, user):
        return user


class Zoiper(Style):
    name = "zoiper"
    order = ["Via", "Route", "Record-Route", "Max-Forwards", "Contact", "To", "From", "Call-ID",
             "CSeq", "Authorization", "Proxy-Authorization", "WWW-Authenticate",
             "Proxy-Authenticate", "Expires", "Allow", "Content-Type", "Supported", "Require",
             "RSeq", "RAck", "Event", "Subscription-State", "Refer-To", "Referred-By",
             "User-Agent", "Server", "Allow-Events", "Content-Length"]

    def tag(self):
        return rand_str(self.rng, HEX, 8)

    def branch(self):
        return "z9hG4bK-524287-1---" + rand_str(self.rng, HEX, 16)

    def call_id(self, host):
        return rand_str(self.rng, ALNUM + "-_", 22)

    def agent(self):
        return "Z 5.%d.%d v2.10.%d.%d" % (self.rng.randrange(7), self.rng.randrange(9),
                                         self.rng.randrange(20), self.rng.randrange(9))

    def session_name(self):
        return "Z"

    def sdp_origin_user(self, user):
        return "Z"

    def extra(self, m):
        if m.is_request and m.method in ("INVITE", "REGISTER", "SUBSCRIBE"):
            m.add("Allow-Events", "presence, kpml, talk")


class MicroSip(Style):
    name = "microsip"
    order = ["Via", "Route", "Record-Route", "Max-Forwards", "From", "To", "Contact", "Call-ID",
             "CSeq", "Route", "Authorization", "Proxy-Authorization", "WWW-Authenticate",
             "Proxy-Authenticate", "Expires", "Allow", "Supported", "Require", "RSeq", "RAck",
             "Event", "Subscription-State", "Refer-To", "Referred-By", "User-Agent", "Server",
             "Content-Type", "Content-Length"]

    def tag(self):
        return rand_str(self.rng, HEX, 32)

    def branch(self):
        return "z9hG4bKPj" + rand_str(self.rng, HEX, 32)

    def call_id(self, host):
        return rand_str(self.rng, HEX, 32)

    def agent(self):
        return "MicroSIP/3.21.%d" % self.rng.randrange(7)

    def session_name(self):
        return "pjmedia"


class CompactGateway(Style):
    """An embedded gateway that writes every header it can in compact form."""
    name = "compact_gw"
    compact = True
    order = ["Via", "From", "To", "Call-ID", "CSeq", "Contact", "Route", "Record-Route",
             "Max-Forwards", "Authorization", "Proxy-Authorization", "WWW-Authenticate",
             "Proxy-Authenticate", "Expires", "Event", "Subscription-State", "Refer-To",
             "Referred-By", "Supported", "Require", "RSeq", "RAck", "Allow", "User-Agent",
             "Server", "Content-Type", "Content-Length"]

    hex_lengths = (6, 6, 10)

    def agent(self):
        return "gw-%s/%d.%d" % (self.rng.choice(["fxs", "fxo", "e1"]), self.rng.randrange(1, 4), self.rng.randrange(10))

    def separator(self, name):
        return ":" if self.rng.random() < 0.5 else ": "


class Ims(Style):
    """3GPP IMS (TS 24.229): a UE's request as the P-CSCF forwards it to the S-CSCF,
    or a response on its way back."""
    name = "ims"
    proxied = True
    uses_ipv6 = True
    order = ["Via", "Path", "Route", "Record-Route", "Max-Forwards", "From", "To", "Call-ID",
             "CSeq", "Contact", "Authorization", "Proxy-Authorization", "WWW-Authenticate",
             "Proxy-Authenticate", "Require", "Proxy-Require", "Security-Client",
             "Security-Verify", "Security-Server", "Supported", "RSeq", "RAck", "Allow",
             "Accept", "Event", "Subscription-State", "Refer-To", "Referred-By", "Expires",
             "P-Preferred-Identity", "P-Asserted-Identity", "P-Access-Network-Info",
             "P-Visited-Network-ID", "P-Charging-Vector", "P-Charging-Function-Addresses",
             "User-Agent", "Server", "Content-Type", "Content-Length"]

    def tag(self):
        return rand_str(self.rng, HEX, 10)

    def branch(self):
        return "z9hG4bK" + rand_str(self.rng, ALNUM, 12)

    def call_id(self, host):
        return "%s@%s" % (rand_str(self.rng, ALNUM, 20), host)

    def agent(self):
        return self.rng.choice(["IM-client/OMA1.0 Samsung-SM-S911B/T1.0", "iOS/17.%d iPhone" % self.rng.randrange(6),
                                "IMS-UE/%d.%d" % (self.rng.randrange(1, 9), self.rng.randrange(10))])

    def proxy_branch(self):
        return "z9hG4bK" + rand_str(self.rng, HEX, 20)

    def proxy_agent(self):
        return "P-CSCF"

    def extra(self, m):
        r = self.rng
        icid = rand_str(r, HEX, 32).upper()
        cell = "3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=001010%s" % rand_str(r, HEX, 9).upper()
        if m.is_request:
            m.add("P-Access-Network-Info", cell)
            m.add("P-Charging-Vector", "icid-value=%s;icid-generated-at=%s;orig-ioi=%s" % (icid, m.proxy_host, IMS_DOMAIN))
            if m.method == "REGISTER":
                m.add("Path", "<sip:term@%s;lr>" % m.proxy_host)
                m.add("Require", "path")
                m.add("P-Visited-Network-ID", '"Visited Network %s"' % r.choice("ABC"))
                m.add("Security-Verify", "ipsec-3gpp;alg=hmac-sha-1-96;ealg=null;spi-c=%d;spi-s=%d;port-c=%d;port-s=%d;q=0.1"
                      % (r.randrange(10 ** 8, 10 ** 9), r.randrange(10 ** 8, 10 ** 9), r.randrange(40000, 65000), r.randrange(40000, 65000)))
                m.add("Supported", "path, gruu, sec-agree")
            else:
                m.add("P-Asserted-Identity", "<sip:%s@%s>" % (m.caller.user, m.caller.domain))
                if r.random() < 0.5:
                    m.add("P-Asserted-Identity", "<tel:%s>" % m.caller.number)
            if m.method == "INVITE":
                m.add("Accept", "application/sdp, application/3gpp-ims+xml")
                m.add("P-Charging-Function-Addresses", "ccf=pri_ccf_address")
        else:
            m.add("P-Charging-Vector", "icid-value=%s" % icid)


class Rfc4475(Style):
    """RFC 4475-style: legal but unusual forms of the grammar (RFC 3261 §7.3.1, §25)."""
    name = "rfc4475"

    def __init__(self, rng):
        super().__init__(rng)
        self.name_case = rng.choice(["canonical", "lower", "mixed"])
        self.compact = rng.random() < 0.3
        rest = [n for n in Style.order if n != "Via"]
        rng.shuffle(rest)
        self.order = ["Via"] + rest  # any order is legal (§7.3.1); Via stays on top

    def render_name(self, name):
        if self.compact and name in COMPACT and self.rng.random() < 0.6:
            return COMPACT[name]
        if self.name_case == "lower":
            return name.lower()
        if self.name_case == "mixed":
            return "".join(c.upper() if self.rng.random() < 0.5 else c.lower() for c in name)
        return name

    def separator(self, name):
        return self.rng.choice([": ", ":", " : ", "\t:\t", ":   ", " :"])

    def fold(self, name, value):
        # Fold the value at a space (LWS = [*WSP CRLF] 1*WSP) now and then.
        if " " in value and self.rng.random() < 0.25 and name not in ("CSeq",):
            spaces = [i for i, c in enumerate(value) if c == " "]
            i = self.rng.choice(spaces)
            return value[:i] + "\r\n" + self.rng.choice([" ", "\t", "   "]) + value[i + 1:]
        return value

    def tag(self):
        return rand_str(self.rng, ALNUM + "-.!%*_+`'~", 10)

    def branch(self):
        return "z9hG4bK" + rand_str(self.rng, ALNUM + "-.!%*_+`'~", 12)

    def call_id(self, host):
        return rand_str(self.rng, ALNUM + "-.!%*_+`'~()<>:\\\"/[]?{}", 16) + "@" + host

    def agent(self):
        return "torture-ua/0.%d (legal forms)" % self.rng.randrange(10)

    def extra(self, m):
        if m.is_request and m.method in ("INVITE", "MESSAGE", "OPTIONS") and self.rng.random() < 0.5:
            m.add("Subject", "hi there \u00e9t\u00e9 \U0001F600")


STYLES = [Ims, Asterisk, FreeSwitch, Kamailio, Polycom, Yealink, Cisco, Linphone, Zoiper,
          MicroSip, CompactGateway, Rfc4475]
STYLE_NAMES = [s.name for s in STYLES]

# --------------------------------------------------------------------------- parties


class Party:
    def __init__(self, rng, style, ims=False):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        self.first = first
        self.display = rng.choice(["%s %s" % (first, last), first, "%s %s." % (first, last[0])])
        self.number = "+1%d%07d" % (rng.randrange(200, 999), rng.randrange(10 ** 7))
        if ims:
            self.domain = IMS_DOMAIN
            self.user = self.number if rng.random() < 0.5 else "%s.%s" % (first.lower(), last.lower())
        else:
            self.domain = rng.choice(DOMAINS)
            self.user = rng.choice([first.lower(), str(rng.randrange(100, 9999)), self.number[1:],
                                    "%s.%s" % (first.lower(), last.lower())])
        if style.uses_ipv6 and rng.random() < 0.6:
            self.host = "[%s]" % ipv6(rng)
        elif isinstance(style, Rfc4475) and rng.random() < 0.3:
            self.host = "[%s]" % ipv6(rng)
        else:
            self.host = ipv4(rng, private=rng.random() < 0.5)
        self.port = rng.choice([5060, 5060, 5060, 5062, rng.randrange(1025, 65535)])
        self.public = ipv4(rng)
        self.public_port = rng.randrange(1025, 65535)


# --------------------------------------------------------------------------- bodies


def sdp(rng, style, party, answer=False):
    ip = party.host.strip("[]")
    ip_kind = "IP6" if ":" in ip else "IP4"
    sid = rng.randrange(10 ** 6, 10 ** 10)
    port = rng.randrange(10000, 32000) & ~1
    lines = ["v=0",
             "o=%s %d %d IN %s %s" % (style.sdp_origin_user(party.user), sid, sid + int(answer), ip_kind, ip),
             "s=%s" % style.session_name(),
             "c=IN %s %s" % (ip_kind, ip),
             "t=0 0"]
    if isinstance(style, Ims):
        lines += ["m=audio %d RTP/AVP 116 107 97 111 110" % port,
                  "b=AS:41",
                  "a=rtpmap:116 AMR-WB/16000/1",
                  "a=fmtp:116 mode-change-capability=2;max-red=0",
                  "a=rtpmap:107 AMR/8000/1",
                  "a=fmtp:107 mode-change-capability=2;max-red=0",
                  "a=rtpmap:97 EVS/16000",
                  "a=rtpmap:111 telephone-event/16000",
                  "a=fmtp:111 0-15",
                  "a=rtpmap:110 telephone-event/8000",
                  "a=fmtp:110 0-15",
                  "a=ptime:20",
                  "a=maxptime:240",
                  "a=sendrecv"]
    else:
        codecs = rng.choice([[0, 8, 101], [9, 0, 8, 101], [8, 0, 18, 101], [0, 101]])
        names = {0: "PCMU/8000", 8: "PCMA/8000", 9: "G722/8000", 18: "G729/8000", 101: "telephone-event/8000"}
        lines.append("m=audio %d RTP/AVP %s" % (port, " ".join(str(c) for c in codecs)))
        for c in codecs:
            lines.append("a=rtpmap:%d %s" % (c, names[c]))
            if c == 101:
                lines.append("a=fmtp:101 0-16")
            if c == 18:
                lines.append("a=fmtp:18 annexb=no")
        lines.append("a=ptime:20")
        if rng.random() < 0.3:
            lines.append("a=rtcp:%d" % (port + 1))
        lines.append(rng.choice(["a=sendrecv", "a=sendrecv", "a=sendonly", "a=recvonly"]))
    return ("\r\n".join(lines) + "\r\n").encode()


# --------------------------------------------------------------------------- builder


class Builder:
    """One message: start line, (name, value) headers in the style's order, a body."""

    def __init__(self, rng, style):
        self.rng, self.style = rng, style
        self.headers = []
        self.body = b""
        self.body_type = None

    def add(self, name, value):
        self.headers.append((name, value))

    def has(self, name):
        return any(n == name for n, _ in self.headers)

    def render(self):
        st = self.style
        rank = {n: i for i, n in enumerate(reversed(st.order))}
        rank = {n: len(st.order) - 1 - i for n, i in rank.items()}  # first occurrence wins
        before_ct = rank.get("Content-Type", len(st.order))
        hs = sorted(self.headers, key=lambda h: rank.get(h[0], before_ct - 0.5))
        lines = [self.start_line]
        for name, value in hs:
            if name == "Content-Length":
                value = str(len(self.body))
            else:
                value = st.fold(name, value)
            lines.append(st.render_name(name) + st.separator(name) + value)
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


def uri_of(p, scheme_tel=False):
    if scheme_tel:
        return "tel:%s" % p.number
    return "sip:%s@%s" % (p.user, p.domain)


def name_addr(rng, style, p, tag=None, tel=False):
    uri = uri_of(p, tel)
    if isinstance(style, Rfc4475) and rng.random() < 0.4:
        disp = rng.choice(['"%s \\"the %s\\" %s"' % (p.first, rng.choice(["boss", "one"]), p.display.split()[-1]),
                           '"%s \\\\ %s"' % (p.first, rng.choice(["ops", "lab"])),
                           '"Jos\u00e9 %s"' % p.display.split()[-1],
                           p.first])
        v = "%s <%s>" % (disp, uri)
    elif rng.random() < 0.75:
        v = '"%s" <%s>' % (p.display, uri)
    else:
        v = "<%s>" % uri
    if tag:
        v += ";tag=" + tag
    return v


def digest(rng, user, realm, uri, with_response=True, ims=False):
    nonce = rand_str(rng, HEX, 32)
    parts = ['username="%s"' % user, 'realm="%s"' % realm, 'nonce="%s"' % (nonce if with_response or not ims else ""),
             'uri="%s"' % uri, 'response="%s"' % (rand_str(rng, HEX, 32) if with_response else "")]
    if with_response:
        parts.append("algorithm=MD5")
        if rng.random() < 0.6:
            parts += ['cnonce="%s"' % rand_str(rng, HEX, 16), "qop=auth", "nc=%08x" % rng.randrange(1, 5)]
        if rng.random() < 0.3:
            parts.append('opaque="%s"' % rand_str(rng, HEX, 16))
    return "Digest " + ",".join(parts) if rng.random() < 0.3 else "Digest " + ", ".join(parts)


def challenge(rng, realm, ims=False):
    if ims:
        return 'Digest realm="%s",nonce="%s",algorithm=AKAv1-MD5,qop="auth"' % (realm, rand_str(rng, ALNUM, 44))
    return 'Digest realm="%s", nonce="%s", algorithm=MD5, qop="auth"%s' % (
        realm, rand_str(rng, HEX, 32), ', opaque="%s"' % rand_str(rng, HEX, 16) if rng.random() < 0.5 else "")


def make_message(rng, style_cls):
    """Build one valid message of the given style; returns (bytes, meta)."""
    style = style_cls(rng)
    ims = isinstance(style, Ims)
    proxied = getattr(style, "proxied", False)
    caller, callee = Party(rng, style, ims), Party(rng, style, ims)
    is_request = rng.random() < 0.55
    if is_request:
        method = rng.choices(REQUEST_METHODS, REQUEST_WEIGHTS)[0]
        status = None
    else:
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        if status == 401:
            method = "REGISTER" if rng.random() < 0.8 else rng.choice(["SUBSCRIBE", "MESSAGE"])
        elif status == 407:
            method = rng.choice(["INVITE", "INVITE", "MESSAGE", "SUBSCRIBE"])
        elif status in (180, 183, 486, 487, 603):
            method = "INVITE"
        elif status == 100:
            method = rng.choice(["INVITE", "INVITE", "INVITE", "REGISTER"] if ims else ["INVITE"])
        else:
            method = rng.choices(REQUEST_METHODS, [16, 0, 8, 3, 14, 8, 5, 6, 6, 4, 4, 3, 3])[0]
    m = Builder(rng, style)
    m.is_request, m.method, m.status = is_request, method, status
    m.caller, m.callee = caller, callee
    m.proxy_host = ("pcscf.%s" % IMS_DOMAIN) if ims else ipv4(rng)

    transport = style.transport
    if isinstance(style, Rfc4475):
        transport = rng.choice(["UDP", "TCP", "TLS", "SCTP"])
    sent_by = "%s:%d" % (caller.host, caller.port) if rng.random() < 0.8 else caller.host
    ua_via = "SIP/2.0/%s %s;branch=%s" % (transport, sent_by, style.branch())
    if proxied or (not is_request and rng.random() < 0.5):
        ua_via += ";received=%s;rport=%d" % (caller.public, caller.public_port)
    elif rng.random() < 0.4 and not isinstance(style, Rfc4475):
        ua_via += ";rport"
    vias = [ua_via]
    if proxied:
        vias.insert(0, "SIP/2.0/%s %s;branch=%s" % ("UDP" if not ims else rng.choice(["UDP", "TCP"]),
                                                     m.proxy_host, style.proxy_branch()))
        if ims and rng.random() < 0.5:
            vias.insert(0, "SIP/2.0/UDP %s.%s:6060;branch=%s" % ("icscf" if method == "REGISTER" else "scscf",
                                                                 IMS_DOMAIN, style.proxy_branch()))

    call_host = caller.host if rng.random() < 0.7 else caller.domain
    call_id = style.call_id(call_host)
    from_tag = style.tag()
    dialog = method in IN_DIALOG or (not is_request and status != 100)
    to_tag = style.tag() if (dialog and not (is_request and method == "CANCEL")) else None
    if is_request and method == "ACK":
        to_tag = style.tag()
    tel = ims and rng.random() < 0.3 or isinstance(style, Rfc4475) and rng.random() < 0.2
    if method == "REGISTER":
        frm = name_addr(rng, style, caller, from_tag)
        to = name_addr(rng, style, caller, to_tag if not is_request else None)
    else:
        frm = name_addr(rng, style, caller, from_tag)
        to = name_addr(rng, style, callee, to_tag, tel=tel)
    cseq_n = rng.randrange(1, 100) if rng.random() < 0.7 else rng.randrange(100, 2 ** 31)
    if is_request and method == "PRACK" or (not is_request and method == "PRACK"):
        cseq_n = max(cseq_n, 2)

    contact_host = "%s:%d" % (caller.host, caller.port)
    contact = "<sip:%s@%s%s>" % (caller.user, contact_host,
                                 ";transport=%s" % transport.lower() if transport != "UDP" else "")
    if ims and method == "REGISTER":
        contact += ';expires=600000;+sip.instance="<urn:gsma:imei:35%s-%s-0>";+g.3gpp.icsi-ref="urn%%3Aurn-7%%3A3gpp-service.ims.icsi.mmtel"' % (
            rand_str(rng, "0123456789", 6), rand_str(rng, "0123456789", 6))
    elif isinstance(style, (Linphone, MicroSip)) and rng.random() < 0.5:
        contact += ';+sip.instance="<urn:uuid:%s>"' % uuid(rng)
    elif method == "REGISTER" and rng.random() < 0.4:
        contact += ";expires=%d" % rng.choice([60, 300, 600, 3600])

    route = []
    if proxied or rng.random() < 0.3:
        route = ["<sip:%s;lr>" % m.proxy_host]
        if ims:
            route.append("<sip:orig@scscf.%s:6060;lr>" % IMS_DOMAIN)
        elif isinstance(style, Kamailio):
            route = ["<sip:%s;lr;ftag=%s>" % (m.proxy_host, from_tag)]

    for v in vias:
        m.add("Via", v)
    if is_request:
        if method == "REGISTER":
            ruri = "sip:%s" % caller.domain
        elif method in IN_DIALOG and method != "ACK" or (method == "ACK" and rng.random() < 0.6):
            ruri = "sip:%s@%s:%d" % (callee.user, callee.host, callee.port)
        elif tel and rng.random() < 0.5:
            ruri = "tel:%s" % callee.number
        else:
            ruri = "sip:%s@%s" % (callee.user, callee.domain)
        m.start_line = "%s %s SIP/2.0" % (method, ruri)
        hops = 70 - (len(vias) - 1)
        m.add("Max-Forwards", str(hops))
        if method in IN_DIALOG and route:
            for r in route:
                m.add("Route", r)
        elif proxied and method != "REGISTER":
            for r in route:
                m.add("Record-Route", r)
        elif ims and method == "REGISTER":
            pass
    else:
        m.start_line = "SIP/2.0 %d %s" % (status, REASONS[status])
        if proxied and method != "REGISTER" and 100 < status < 300:
            for r in route:
                m.add("Record-Route", r)
    m.add("From", frm)
    m.add("To", to)
    m.add("Call-ID", call_id)
    cseq_method = method
    m.add("CSeq", "%d %s" % (cseq_n, cseq_method))

    agent_header = "User-Agent" if is_request else "Server"
    want_contact = (is_request and method in ("INVITE", "REGISTER", "SUBSCRIBE", "NOTIFY", "REFER", "UPDATE"))
    want_contact |= (not is_request and method in ("INVITE", "SUBSCRIBE", "UPDATE") and 100 < status < 300)
    want_contact |= (not is_request and method == "REGISTER" and status == 200)
    if want_contact:
        m.add("Contact", contact)

    if is_request:
        if method == "REGISTER":
            m.add("Expires", str(rng.choice([60, 120, 300, 600, 3600, 600000] if ims else [60, 120, 300, 600, 3600])))
            if rng.random() < 0.5 or ims:
                realm = caller.domain
                m.add("Authorization", digest(rng, "%s@%s" % (caller.user, caller.domain) if ims else caller.user,
                                              realm, "sip:%s" % caller.domain, with_response=not ims or rng.random() < 0.5, ims=ims))
            if ims:
                m.add("Security-Client", "ipsec-3gpp;alg=hmac-sha-1-96;ealg=null;spi-c=%d;spi-s=%d;port-c=%d;port-s=%d"
                      % (rng.randrange(10 ** 8, 10 ** 9), rng.randrange(10 ** 8, 10 ** 9), rng.randrange(40000, 65000), rng.randrange(40000, 65000)))
        if method == "INVITE":
            m.body, m.body_type = sdp(rng, style, caller), "application/sdp"
            if rng.random() < 0.25:
                m.add("Proxy-Authorization", digest(rng, caller.user, callee.domain, "sip:%s@%s" % (callee.user, callee.domain)))
            m.add("Supported", rng.choice(["replaces, timer", "100rel, timer, replaces, norefersub", "timer,replaces", "replaces"]))
        if method in ("INVITE", "OPTIONS", "REGISTER") or rng.random() < 0.3:
            m.add("Allow", ALLOW if rng.random() < 0.6 else ALLOW.replace(", ", ","))
        if method == "SUBSCRIBE":
            event = rng.choice(["presence", "message-summary", "dialog", "reg"])
            m.add("Event", event)
            m.add("Expires", str(rng.choice([0, 600, 3600])))
            m.add("Accept", {"presence": "application/pidf+xml", "message-summary": "application/simple-message-summary",
                             "dialog": "application/dialog-info+xml", "reg": "application/reginfo+xml"}[event])
        if method == "NOTIFY":
            kind = rng.choice(["message-summary", "refer"])
            m.add("Event", kind if kind == "message-summary" else "refer;id=%d" % rng.randrange(1, 200))
            m.add("Subscription-State", rng.choice(["active;expires=%d" % rng.randrange(60, 3600), "terminated;reason=noresource"]))
            if kind == "message-summary":
                n = rng.randrange(4)
                m.body = ("Messages-Waiting: %s\r\nMessage-Account: sip:%s@%s\r\nVoice-Message: %d/%d (0/0)\r\n"
                          % ("yes" if n else "no", callee.user, callee.domain, n, rng.randrange(9))).encode()
                m.body_type = "application/simple-message-summary"
            else:
                m.body = rng.choice([b"SIP/2.0 100 Trying\r\n", b"SIP/2.0 200 OK\r\n"])
                m.body_type = "message/sipfrag;version=2.0"
        if method == "MESSAGE":
            text = rng.choice(["Hello!", "Are you there?", "Meeting moved to 3pm.", "ok", "Call me back when you can.",
                               "Gr\u00fc\u00dfe aus Berlin", "\u3053\u3093\u306b\u3061\u306f"])
            m.body, m.body_type = text.encode("utf-8"), "text/plain;charset=UTF-8" if rng.random() < 0.5 else "text/plain"
        if method == "INFO":
            m.body = ("Signal=%s\r\nDuration=%d\r\n" % (rng.choice("0123456789*#"), rng.choice([100, 160, 250]))).encode()
            m.body_type = "application/dtmf-relay"
        if method == "UPDATE":
            if rng.random() < 0.5:
                m.body, m.body_type = sdp(rng, style, caller), "application/sdp"
            m.add("Supported", "timer")
            m.add("Session-Expires", "%d;refresher=uac" % rng.choice([90, 1800]))
        if method == "PRACK":
            m.add("RAck", "%d %d INVITE" % (rng.randrange(1, 2 ** 20), cseq_n - 1))
        if method == "REFER":
            target = Party(rng, style, ims)
            m.add("Refer-To", "<sip:%s@%s>" % (target.user, target.domain))
            m.add("Referred-By", "<sip:%s@%s>" % (caller.user, caller.domain))
        m.add(agent_header, style.agent())
    else:
        if status == 401:
            m.add("WWW-Authenticate", challenge(rng, caller.domain, ims))
        elif status == 407:
            m.add("Proxy-Authenticate", challenge(rng, callee.domain))
        if method == "INVITE" and status in (180, 183) and rng.random() < 0.4:
            m.add("Require", "100rel")
            m.add("RSeq", str(rng.randrange(1, 2 ** 20)))
        if method == "INVITE" and (status == 183 or status == 200):
            m.body, m.body_type = sdp(rng, style, callee, answer=True), "application/sdp"
        if method == "INVITE" and status == 200:
            m.add("Allow", ALLOW)
            m.add("Supported", "replaces, timer")
        if method == "REGISTER" and status == 200:
            m.add("Expires", str(rng.choice([60, 300, 3600])))
        if method == "SUBSCRIBE" and status == 200:
            m.add("Expires", str(rng.choice([600, 3600])))
        if status == 487 and rng.random() < 0.5:
            m.add("Reason", 'SIP;cause=487;text="Request Terminated"')
        if status != 100 or rng.random() < 0.5:
            m.add(agent_header, style.proxy_agent() if proxied and status == 100 and hasattr(style, "proxy_agent") else style.agent())
    style.extra(m)
    if m.body_type:
        m.add("Content-Type", m.body_type)
    m.add("Content-Length", None)
    data = m.render()
    meta = {"style": style.name, "kind": "request" if is_request else "response", "method": method}
    if status is not None:
        meta["status"] = status
    return data, meta


def generate(count, seed):
    """The list of (bytes, meta) for `count` messages from `seed`; styles in turn, shuffled."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        style = STYLES[i % len(STYLES)] if i < len(STYLES) else rng.choice(STYLES)
        out.append(make_message(rng, style))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ext", default=".sip", help="file extension (default .sip)")
    a = ap.parse_args(argv)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "manifest.jsonl"), "w", encoding="utf-8") as man:
        for i, (data, meta) in enumerate(generate(a.count, a.seed), 1):
            name = "%06d%s" % (i, a.ext)
            with open(os.path.join(a.out, name), "wb") as f:
                f.write(data)
            man.write(json.dumps(dict(file=name, **meta), sort_keys=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
