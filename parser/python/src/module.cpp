// sipspan Python package — the extension module sipspan._sipspan: the public
// C++ API (parse, lint, score) and the capture reader, bound with pybind11.
// The package (parser/python/sipspan/) re-exports it; docs/python.md shows it.

#include <pybind11/pybind11.h>

#include "common.hpp"

namespace sipspan::python {

py::object type_of(const char* name) {
  // never destroyed: a py::object must not outlive the interpreter
  static py::object* types = new py::object(py::module_::import("sipspan._types"));
  return types->attr(name);
}

}  // namespace sipspan::python

PYBIND11_MODULE(_sipspan, m) {
  namespace sp = sipspan::python;
  m.doc() = "sipspan: zero-copy SIP/SDP parsing, the validator and the anomaly scorer";
  static sp::py::object* parse_error = new sp::py::object(sp::type_of("ParseError"));  // never destroyed
  sp::py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const sp::parse_failure& e) {
      sp::py::object err = (*parse_error)(e.message, e.code, e.offset);
      PyErr_SetObject(parse_error->ptr(), err.ptr());
    }
  });
  sp::bind_message(m);
  sp::bind_analysis(m);
  sp::bind_capture(m);
}
