// sipspan Python package — what the binding's files share: held buffers, text
// conversion, the ParseError translation and the value types of sipspan._types.
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/message.hpp"

namespace sipspan::python {

namespace py = pybind11;

// A failed parse: raised in Python as sipspan.ParseError(message, code, offset).
struct parse_failure {
  std::string code, message;
  std::uint64_t offset;
};
[[noreturn]] inline void raise(const result& r, std::uint64_t base = 0) {
  throw parse_failure{std::string(r.name()), std::string(r.message()), base + r.offset};
}

// Text as Python str: UTF-8, with bytes that are not UTF-8 kept as surrogates
// (surrogateescape), so that encoding it back gives the same bytes.
inline py::str text(std::string_view s) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape");
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}
// None for an absent span (no data pointer) or, with empty_is_none, an empty one.
inline py::object opt_text(std::string_view s, bool empty_is_none = false) {
  if (!s.data() || (empty_is_none && s.empty())) return py::none();
  return text(s);
}

// The bytes of a buffer-protocol object (bytes, bytearray, memoryview, mmap ...),
// exported for as long as this lives: the object cannot be resized meanwhile,
// and the views into it stay valid. No copy is made.
class held_buffer {
 public:
  explicit held_buffer(const py::handle& owner) {
    if (PyUnicode_Check(owner.ptr()))
      throw py::type_error("sipspan reads bytes: a str has no wire form (encode it, or read the file as bytes)");
    if (PyObject_GetBuffer(owner.ptr(), &view_, PyBUF_SIMPLE) != 0) throw py::error_already_set();
    if (static_cast<std::uint64_t>(view_.len) > 0xFFFFFFFFull) {
      PyBuffer_Release(&view_);
      throw parse_failure{"input_too_large", std::string(error_message(error_code::input_too_large)), 0};
    }
  }
  ~held_buffer() { PyBuffer_Release(&view_); }
  held_buffer(const held_buffer&) = delete;
  held_buffer& operator=(const held_buffer&) = delete;
  std::string_view bytes() const { return {static_cast<const char*>(view_.buf), static_cast<std::size_t>(view_.len)}; }
  py::object owner() const { return py::reinterpret_borrow<py::object>(view_.obj); }
  // A memoryview of [offset, offset + length) of the owner's bytes, no copy.
  py::object slice(std::size_t offset, std::size_t length) const {
    py::object mv = py::reinterpret_steal<py::object>(PyMemoryView_FromObject(view_.obj));
    if (!mv) throw py::error_already_set();
    return mv[py::slice(static_cast<py::ssize_t>(offset), static_cast<py::ssize_t>(offset + length), 1)];
  }

 private:
  Py_buffer view_{};
};

// A parsed message and the buffer it reads: sipspan.Message.
struct message {
  std::shared_ptr<held_buffer> buffer;
  message_view view;
};

// The constructors of sipspan._types (Via, Finding ...), looked up once.
py::object type_of(const char* name);

// The binding's parts (bind_message.cpp, bind_analysis.cpp, bind_capture.cpp).
void bind_message(py::module_& m);
void bind_analysis(py::module_& m);
void bind_capture(py::module_& m);

// bind_message.cpp: a deviation as sipspan.Deviation, its offset moved by `base`.
py::object deviation_object(const deviation& d, std::uint32_t base = 0);

}  // namespace sipspan::python
