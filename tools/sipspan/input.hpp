// sipspan CLI — the inputs of every command: what an INPUT argument stands for
// (one expansion policy for dump, lint, score, train and evaluate), reading a
// file or standard input whole, and pointing at bytes.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace sipspan::cli {

// The most bytes one input may hold: the library addresses bytes with 32-bit
// offsets and refuses more (error_code::input_too_large).
inline constexpr std::uint64_t max_input_size = 0xFFFFFFFFu;

// Read `path` ("-" for standard input) into `out`. On failure returns false and
// sets `error` to a sentence naming the path and the reason. An input of more
// than max_input_size bytes is refused: a regular file (or standard input
// redirected from one) before anything is read, a stream once that many bytes
// came. The memory taken is the input's size, plus one read chunk for a stream.
bool read_input(std::string_view path, std::string& out, std::string& error);

// Standard input, sniffed: whether its first bytes are a pcap or pcapng magic
// number (they are read once, with read(2), and kept), and a stream that gives
// those bytes again and then the rest, for whoever reads standard input after
// that (read_input("-") and the capture reader). So `tcpdump -w - | sipspan
// score -` needs no --capture. The stream is the caller's to close. Its reads
// wait on the descriptor in steps of 100 ms and end the input when SIGINT or
// SIGTERM came during a capture run (interrupt.hpp).
bool standard_input_is_capture();
// Whether standard input is a pipe, a socket or a terminal (not a regular file):
// its messages are written as they come.
bool standard_input_is_stream();
// Whether four bytes are a pcap (either byte order, micro- or nanosecond) or pcapng magic.
bool capture_magic(const unsigned char (&first)[4]);
std::FILE* standard_input();
// Called by a read of standard_input() that finds nothing to read yet and is
// about to wait (a capture run hands on what it has read meanwhile); empty:
// nothing is called. Set by the thread that reads, before it reads.
void on_standard_input_wait(std::function<void()> f);

// ------------------------------------------------------------ expansion

// What one input holds: one SIP message, or a pcap/pcapng capture of many.
enum class input_kind : std::uint8_t { message, capture };

struct input_entry {
  std::string name;      // as reported: "<stdin>", the path given, or the path found under a directory (with /)
  std::string path;      // as opened: "-" for standard input
  std::string relative;  // the path below the directory it was found in; the path given for a file
  input_kind kind = input_kind::message;
};

// True when `path` names a capture: by its extension (.pcap, .pcapng, .cap) or
// its first bytes (a pcap or pcapng magic); "-" sniffs standard input.
bool is_capture(const std::string& path);

// The entries INPUT arguments stand for, in order, under the one policy every
// command follows:
//   "-"          standard input: a capture when its first bytes say so;
//   a directory  every regular file under it, recursively, in path order,
//                except the corpus's side files (*.md, *.json, *.jsonl, *.tsv,
//                *.txt); each one a capture by is_capture, else a message;
//   anything     else as given, a capture by is_capture (a file that cannot
//                be read is reported when it is read).
// Arguments of --capture come first, captures whatever their name or bytes.
// False with `error` naming the directories that cannot be listed (the other
// inputs are expanded all the same).
bool expand_inputs(const std::vector<std::string>& inputs, const std::vector<std::string>& captures,
                   std::vector<input_entry>& out, std::string& error);

// Whether a file found under a directory is one of the corpus's side files
// (documentation, manifests, labels), which expand_inputs leaves out.
bool side_file(std::string_view path);

// One message read whole: from a file, or out of a capture.
struct message_input {
  std::string name;  // as reported: an input_entry's name; "NAME#INDEX" for a capture's message INDEX
  std::string text;
};

// The messages of INPUT arguments (and --capture ones), expanded by
// expand_inputs and read: a message file as one message, a capture as each
// of its SIP messages in capture order (input_messages.cpp, with the capture
// reader). False with `error` set when an input cannot be listed or read.
bool read_message_inputs(const std::vector<std::string>& inputs, const std::vector<std::string>& captures,
                         std::vector<message_input>& out, std::string& error);
// The SIP messages of the capture at `path` ("-": standard input), copied, named "NAME#INDEX".
bool read_capture_messages(const std::string& path, const std::string& name, std::vector<message_input>& out,
                           std::string& error);

// ------------------------------------------------------------ pointing at bytes

// The line of `text` that holds byte `offset`, without its line end.
std::string_view line_at(std::string_view text, std::size_t offset);

// At most `max_bytes` of the line that holds byte `offset`, around that byte
// (a third of them before it), cut at UTF-8 character boundaries: the whole
// line when it is that short.
std::string_view line_window(std::string_view text, std::size_t offset, std::size_t max_bytes);

// How many bytes of `s` from `i` a terminal may be given as they are: 1 for
// printable ASCII and HTAB, the sequence's length for a valid UTF-8 character
// that is visible; 0 for a control byte, DEL, a byte that is not UTF-8, a C1
// control (which some terminals obey) and the invisible format characters that
// can hide or reorder what is shown (bidirectional marks, embeddings,
// overrides and isolates, zero-width spaces and joiners, U+2028, U+2029, U+FEFF).
std::size_t shown_length(std::string_view s, std::size_t i);

// Appends the bytes of `s` from `i` as a terminal may be given them: as they
// are (shown_length), or as \xNN byte by byte with the backslash written as
// `backslash`. Returns the bytes consumed (a whole UTF-8 sequence at once).
std::size_t append_shown(std::string_view s, std::size_t i, std::string& out, std::string_view backslash = "\\");

// Bytes made fit for a terminal: printable ASCII, HTAB and valid UTF-8 as they
// are; control bytes, DEL, bytes that are not UTF-8, C1 controls and the
// invisible format characters (bidirectional overrides, zero-width spaces) as
// \xNN. At most `max_bytes` of `s` are shown, then "..." when there are more.
std::string shown_text(std::string_view s, std::size_t max_bytes);

// How many columns of a line a diagnostic echoes at most (as clang cuts them).
inline constexpr std::size_t echo_columns = 120;

// A line echoed under a diagnostic, cut to at most `columns` cells around the
// byte at index `at` ("..." where it was cut, the bytes shown as shown_text
// shows them; a tab counted as 8 cells), and what goes under it: the padding
// before the caret and "^~~~" under the `length` bytes from `at`.
struct echoed_line {
  std::string text, pad, underline;
};
// `more_before` and `more_after` say that the line goes on past what `line`
// holds of it (a window of a longer line).
echoed_line echo_line(std::string_view line, std::size_t at, std::size_t length, std::size_t columns = echo_columns,
                      bool more_before = false, bool more_after = false);

// "file:line:col: error: message [code]", the offending line, and a caret under the byte.
std::string diagnostic(std::string_view file, std::string_view text, std::size_t offset, std::string_view severity,
                       std::string_view message, std::string_view code);

// How diagnostic() draws: ANSI colors (bold location, severity by level, green
// caret), how many bytes the caret underlines (with '~' after the '^', up to
// the end of the line) and the most columns of the line it echoes.
struct diagnostic_style {
  bool color = false;
  std::size_t length = 1;
  std::size_t columns = echo_columns;
};
std::string diagnostic(std::string_view file, std::string_view text, std::size_t offset, std::string_view severity,
                       std::string_view message, std::string_view code, const diagnostic_style& style);
// The same, the line found by `where` (a locator over `text`), so that a
// message's many diagnostics cost one pass over it.
class line_locator;
std::string diagnostic(std::string_view file, std::string_view text, line_locator& where, std::size_t offset,
                       std::string_view severity, std::string_view message, std::string_view code,
                       const diagnostic_style& style);

}  // namespace sipspan::cli
