// sipspan — header name classification (RFC 3261 §20, §7.3.3): the public
// entry points over the tables of header_table.hpp.

#include "sipspan/header_id.hpp"

#include "sip/header_table.hpp"

namespace sipspan {

const header_info& info(header_id id) noexcept { return detail::table[static_cast<std::size_t>(id)]; }

header_id classify_header(std::string_view name) noexcept { return detail::classify(name); }

}  // namespace sipspan
