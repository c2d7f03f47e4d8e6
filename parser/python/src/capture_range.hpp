// sipspan Python package — record ranges of a large capture, for scoring one
// file in several tasks (sipspan.dask.score_captures):
//
// - the index pass (capture_ranges) walks the record headers of a classic
//   pcap file and cuts it at record boundaries into ranges of about a given
//   size, each with the number of records before it;
// - open_range gives one range to the capture reader as a stream: the file's
//   own 24-byte header, then the range's records, read in place.
//
// A range is read as the whole file would be only when nothing before it
// bears on it (a UDP capture: each datagram one message); the scan says
// whether that held (bind_capture.cpp), and the caller reads the whole file
// in one task when it did not (TCP streams, IP fragments, SCTP messages).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace sipspan::python {

struct record_range {
  std::uint64_t begin = 0, end = 0;  // byte offsets of the first record and past the last one
  std::uint64_t records_before = 0;  // records of the file before `begin`
};

// The ranges of the classic pcap file at `path` (version 2.4, either byte
// order, micro- or nanosecond timestamps), cut at the first record boundary
// past every `range_bytes`. The walk stops cutting at the first record whose
// header is not plainly sound (past the end of the file, caplen above len, the
// header's snapshot length or 256 KiB, a timestamp out of range): the last
// range then runs to the end of the file, where the reader reports what is
// wrong as the whole file's reading does. One range (or none, for a pcapng
// file, a file that cannot be read or a header that does not parse): the file
// is read whole.
std::vector<record_range> capture_ranges(const std::string& path, std::uint64_t range_bytes);

// A stream of the file's header followed by the bytes [r.begin, r.end), for
// capture::reader::open(FILE*) (which closes it). nullptr with `error` set
// when the file cannot be opened or its header read.
std::FILE* open_range(const std::string& path, const record_range& r, std::string& error);

}  // namespace sipspan::python
