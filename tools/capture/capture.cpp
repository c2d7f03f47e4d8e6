// sipspan — capture ingestion (placeholder while the reader lands).
#include "capture.hpp"

namespace sipspan::capture {

struct reader::impl {
  reader_options options;
  capture_error error;
  bool failed = false;
  capture_stats stats;
};

reader::reader(const reader_options& options) : impl_(std::make_unique<impl>()) { impl_->options = options; }
reader::~reader() = default;
reader::reader(reader&&) noexcept = default;
reader& reader::operator=(reader&&) noexcept = default;

bool reader::open(const std::string&, capture_error& err) {
  err = {0, "capture reading is not implemented yet"};
  impl_->error = err;
  impl_->failed = true;
  return false;
}
bool reader::next(sip_message&) { return false; }
const capture_error* reader::error() const { return impl_->failed ? &impl_->error : nullptr; }
const capture_stats& reader::stats() const { return impl_->stats; }
std::uint64_t reader::file_size() const { return 0; }
std::uint64_t reader::bytes_read() const { return 0; }
int reader::link_type() const { return -1; }

}  // namespace sipspan::capture
