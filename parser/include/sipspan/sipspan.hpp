// sipspan — the whole C++ API.
//
//   message.hpp      parse(), message_view, deviations, parse_options
//   header_id.hpp    header names and ids (long and compact forms)
//   headers.hpp      typed header values: Via, name-addr, CSeq, Call-ID, ...
//   scanned.hpp      the typed fields the scan read (parse_cseq(msg), parse_via(msg), ...)
//   uri.hpp          sip:/sips:/tel:/absolute URIs
//   auth.hpp         digest credentials and challenges
//   transaction.hpp  transaction keys (RFC 3261 §17) and dialog ids (§12)
//   framing.hpp      datagram framing and the incremental stream framer
//   multipart.hpp    multipart bodies (RFC 2046 §5.1)
//   params.hpp       lazy parameter iteration
//   sdp.hpp          SDP bodies (RFC 8866), tolerant scan and typed lines
//   lint.hpp         the validator: rules, profiles, findings
//   error.hpp        error codes and deviation kinds
// The anomaly scorer (score.hpp) is in the sipspan_score library; include it
// on its own.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include "sipspan/auth.hpp"
#include "sipspan/error.hpp"
#include "sipspan/framing.hpp"
#include "sipspan/header_id.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/message.hpp"
#include "sipspan/multipart.hpp"
#include "sipspan/params.hpp"
#include "sipspan/scanned.hpp"
#include "sipspan/sdp.hpp"
#include "sipspan/transaction.hpp"
#include "sipspan/uri.hpp"
