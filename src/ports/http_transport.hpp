#pragma once

#include "core/error.hpp"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace autofix::ports {

/// Header fields in the order they were given; names compare case-insensitively.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// Returns the value of the first header named `name` (case-insensitive), or "" when absent.
std::string find_header(const HttpHeaders& headers, const std::string& name);

/// One HTTP request: method, absolute URL (http or https), headers and body.
struct HttpRequest {
    std::string method = "GET";
    std::string url;
    HttpHeaders headers;
    std::string body;
    /// When set, the response body is streamed to this file instead of `body` (large log downloads).
    std::string response_file;
};

/// One HTTP response; redirects are returned as they are, never followed by the transport.
struct HttpResponse {
    int status = 0;
    std::string reason;
    HttpHeaders headers;
    std::string body;

    /// Returns the value of the header `name` (case-insensitive), or "" when absent.
    std::string header(const std::string& name) const { return find_header(headers, name); }
};

/// Sends HTTP requests; abstract so it can be mocked out for tests and shared by every API client.
class HttpTransport {
public:
    virtual ~HttpTransport() = default;

    /// Sends `request` and returns the response, whatever its status; fails with ErrorKind::network
    /// when no response arrived (refused, dropped, DNS, TLS, timeout). The error never holds headers.
    virtual core::Expected<HttpResponse> send(const HttpRequest& request) = 0;
};

} // namespace autofix::ports
