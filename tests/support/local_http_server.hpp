#pragma once

#include "ports/http_transport.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace autofix::testing {

/// A request as the local server received it.
struct RecordedRequest {
    std::string method;
    std::string target; // path and query, as sent
    std::string path;   // decoded path without the query
    std::string query;  // raw query string, without '?'
    ports::HttpHeaders headers;
    std::string body;

    /// Returns the value of header `name` (case-insensitive), or "".
    std::string header(const std::string& name) const { return ports::find_header(headers, name); }
};

/// What the local server answers; `drop_connection` closes the socket without any response.
struct ServedResponse {
    int status = 200;
    ports::HttpHeaders headers;
    std::string body;
    bool drop_connection = false;
    std::chrono::milliseconds delay{0};
};

/// Makes a JSON response with the given status.
ServedResponse json_response(int status, std::string body);

/// Computes the response to one request; called one request at a time.
using RequestHandler = std::function<ServedResponse(const RecordedRequest&)>;

/// An HTTP/1.1 server on 127.0.0.1 with an ephemeral port, for fakes of GitHub, the model API and git.
class LocalHttpServer {
public:
    /// Starts listening at once; throws if no port can be bound.
    explicit LocalHttpServer(RequestHandler handler);
    ~LocalHttpServer();
    LocalHttpServer(const LocalHttpServer&) = delete;
    LocalHttpServer& operator=(const LocalHttpServer&) = delete;

    /// The bound port.
    std::uint16_t port() const;

    /// The base URL, `http://127.0.0.1:<port>`.
    std::string url() const;

    /// A copy of every request received so far, in arrival order.
    std::vector<RecordedRequest> requests() const;

    /// Forgets the recorded requests.
    void clear_requests();

    /// Called by the server's worker threads; records the request and runs the handler.
    ServedResponse dispatch(RecordedRequest request);

private:
    struct Impl;
    RequestHandler m_handler;
    mutable std::mutex m_mutex;
    std::vector<RecordedRequest> m_requests;
    std::unique_ptr<Impl> m_impl;
};

} // namespace autofix::testing
