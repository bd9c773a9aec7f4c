#pragma once

#include <string>

namespace autofix::core {

/// Returns the URL of the `rel="next"` entry of an HTTP `Link` header (RFC 8288, as GitHub paginates),
/// or "" when there is no next page or the header is malformed.
std::string next_page_url(const std::string& link_header);

} // namespace autofix::core
