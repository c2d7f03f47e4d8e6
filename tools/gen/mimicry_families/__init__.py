"""The mimicry transforms, grouped by family of parser-differential trick. A module a
family; each names its FAMILY, its TRANSFORMS (functions (rng, msg, headers, avoid) ->
Edit or None), the LEGAL ones (whose result stays inside RFC 3261's grammar) and,
where the order of application matters, LAST (applied after the others).

The families come from RFC 3261's grammar (§25), the RFC 4475 torture messages and the
published parser flaws of SIP stacks (integer wrap in Content-Length and CSeq, header
injection through unescaped URIs, duplicated and case-variant singletons, bytes the
grammar does not allow); none is derived from what the scorer measures."""
from . import (compact, control, disagree, duplicates, escapes, framing, lines, names, numeric, params,
               prefix, quoting, version)

MODULES = [numeric, version, params, escapes, names, compact, lines, prefix, quoting, control, framing,
           disagree, duplicates]
FAMILIES = {m.FAMILY: [t.__name__ for t in m.TRANSFORMS] for m in MODULES}
TRANSFORMS = [t for m in MODULES for t in m.TRANSFORMS]
BY_NAME = {t.__name__: t for t in TRANSFORMS}
FAMILY_OF = {t.__name__: m.FAMILY for m in MODULES for t in m.TRANSFORMS}
LEGAL = set().union(*(m.LEGAL for m in MODULES))
LAST = {}
for _m in MODULES:
    LAST.update(getattr(_m, "LAST", {}))
