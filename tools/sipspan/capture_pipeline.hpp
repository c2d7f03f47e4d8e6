// sipspan CLI — captures: batches of messages and how they move between the
// reader, the workers and the writer (capture_input.cpp runs them): a file's
// workers take turns at the reader (pipeline, fill); a stream's reader has a
// thread of its own (stream_feeder). Internal to the CLI.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sipspan/capture.hpp"
#include "capture_record.hpp"
#include "capture_summary.hpp"
#include "interrupt.hpp"

namespace sipspan::cli::capture_out {

struct batch {
  std::uint64_t seq = 0, first_index = 0, bytes_read = 0;
  std::string bytes;
  std::vector<item> items;
  std::vector<message_view> views;  // the reader's parses (first views_used), reused from batch to batch
  std::size_t views_used = 0;
  text_buffer out;
  tally t;
  void clear() {
    bytes.clear();
    items.clear();
    views_used = 0;
    out.clear();
    t = tally{};
  }
};

inline constexpr std::size_t batch_messages = 512;
inline constexpr std::size_t batch_bytes = 1u << 20;

// ------------------------------------------------------------ the pipeline

// Batches move: free -> (a worker fills it from the reader, then works on it) ->
// done -> (main writes it) -> free. The workers take turns at the reader: one
// fills a batch while the others work, so N workers keep N cores busy with no
// thread left waiting on a queue (reading is about a quarter of the work).
class pipeline {
 public:
  explicit pipeline(std::size_t batches) {
    for (std::size_t i = 0; i < batches; ++i) free_.push_back(std::make_unique<batch>());
  }
  std::unique_ptr<batch> take_free() {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    auto b = std::move(free_.back());
    free_.pop_back();
    return b;
  }
  void give_free(std::unique_ptr<batch> b) {
    b->clear();
    std::lock_guard lock(m_);
    free_.push_back(std::move(b));
    cv_.notify_all();
  }
  // The reader's turn: held while a batch is filled.
  std::mutex& reader_turn() { return reader_; }
  void push_done(std::unique_ptr<batch> b) {
    std::lock_guard lock(m_);
    done_.emplace(b->seq, std::move(b));
    cv_.notify_all();
  }
  void worker_finished() {
    std::lock_guard lock(m_);
    ++workers_done_;
    cv_.notify_all();
  }
  // The batch `seq`, or nullptr once every worker has finished without it.
  std::unique_ptr<batch> take_done(std::uint64_t seq, std::size_t workers) {
    std::unique_lock lock(m_);
    cv_.wait(lock, [&] { return done_.count(seq) || workers_done_ == workers; });
    auto it = done_.find(seq);
    if (it == done_.end()) return nullptr;
    auto b = std::move(it->second);
    done_.erase(it);
    return b;
  }

 private:
  std::mutex m_, reader_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<batch>> free_;
  std::map<std::uint64_t, std::unique_ptr<batch>> done_;
  std::size_t workers_done_ = 0;
};


// Appends a message, and the reader's parse of it, to a batch.
inline void append(batch& b, const cap::sip_message& m, flow_depths& flows) {
  std::uint32_t view = 0;
  if (m.parsed) {
    if (b.views_used == b.views.size()) b.views.emplace_back();
    b.views[b.views_used] = *m.parsed;
    view = static_cast<std::uint32_t>(++b.views_used);
  }
  b.items.push_back({m.record, m.ts_ns, m.src, m.dst, m.proto, m.reassembled, static_cast<std::uint32_t>(b.bytes.size()),
                     static_cast<std::uint32_t>(m.bytes.size()), flows.depth(m), view});
  b.bytes.append(m.bytes);
}

// Fills a batch from the reader; false when the capture has no more messages.
// The reader's parses (TCP messages) go with the batch to the worker. A run
// that SIGINT or SIGTERM stops ends its batch at the message at hand.
// `most` messages at most (a stream read without worker threads: 1, each
// record written as soon as its message is analysed).
inline bool fill(cap::reader& r, batch& b, std::uint64_t& index, std::uint64_t& seq, flow_depths& flows,
                 std::size_t most = batch_messages) {
  cap::sip_message m;
  b.seq = seq;
  b.first_index = index;
  while (b.items.size() < most && b.bytes.size() < batch_bytes && !interrupted() && r.next(m)) append(b, m, flows);
  b.bytes_read = r.bytes_read();
  index += b.items.size();
  if (b.items.empty()) return false;
  ++seq;
  return true;
}

// A stream's reader on a thread of its own (a pipe, an interface, a HEP
// collector: reading waits on the sender). The messages go into an open
// batch as they come; the batch goes to a worker when it is full
// (batch_messages, batch_bytes) or when the reader is about to wait for
// input (waiting(), which the reader's input calls). Input that comes faster
// than it is read (cat FILE | sipspan score -) makes batches as large as a
// file's; input that trickles is handed on message by message. No timer: a
// message waits for no input that has not come, and its record is written
// as soon as it is analysed.
class stream_feeder {
 public:
  stream_feeder(cap::reader& r, bool keep_depths) : r_(r), flows_(keep_depths) {}

  // The reader's loop, on its own thread: until the end, an error, or SIGINT/SIGTERM.
  void run() {
    cap::sip_message m;
    while (!interrupted() && r_.next(m)) {
      std::unique_lock lock(m_);
      room_.wait(lock, [&] { return !full(); });
      append(*open_, m, flows_);
      bytes_read_ = r_.bytes_read();
      if (full()) hand_on();
    }
    std::lock_guard lock(m_);
    stats_ = r_.stats();
    if (r_.error()) error_ = std::make_unique<cap::capture_error>(*r_.error());
    finished_ = true;
    work_.notify_all();
  }

  // The reader has nothing to read and is about to wait (its own thread).
  void waiting() {
    std::lock_guard lock(m_);
    if (!open_->items.empty()) hand_on();
  }

  // Gives `b` (a cleared batch) the messages handed on, in capture order (its
  // seq and first index); false once the reader has finished and none waits.
  bool take(std::unique_ptr<batch>& b) {
    std::unique_lock lock(m_);
    work_.wait(lock, [&] { return ready_ || finished_; });
    if (open_->items.empty()) return false;
    std::swap(open_, b);
    ready_ = false;
    b->seq = seq_++;
    b->first_index = index_;
    b->bytes_read = bytes_read_;
    index_ += b->items.size();
    room_.notify_one();
    return true;
  }

  // After run() has returned.
  const cap::capture_stats& stats() const { return stats_; }
  std::unique_ptr<cap::capture_error>& error() { return error_; }

 private:
  bool full() const { return open_->items.size() >= batch_messages || open_->bytes.size() >= batch_bytes; }
  void hand_on() {  // under m_
    if (ready_) return;
    ready_ = true;
    work_.notify_one();
  }

  cap::reader& r_;
  flow_depths flows_;
  std::mutex m_;
  std::condition_variable work_, room_;
  std::unique_ptr<batch> open_ = std::make_unique<batch>();
  bool ready_ = false;  // the open batch is a worker's to take
  std::uint64_t seq_ = 0, index_ = 0, bytes_read_ = 0;
  bool finished_ = false;
  cap::capture_stats stats_;
  std::unique_ptr<cap::capture_error> error_;
};

}  // namespace sipspan::cli::capture_out
