#pragma once

#include "ports/http_transport.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

namespace autofix::adapters {

/// Connection settings of the Poco transport: timeouts, proxies and CA bundle.
struct HttpTransportOptions {
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds read_timeout{120};
    std::string http_proxy;  // HTTP_PROXY: used for http:// URLs
    std::string https_proxy; // HTTPS_PROXY: used for https:// URLs
    std::string no_proxy;    // NO_PROXY: comma-separated hosts, domains (".example.com") or "*"
    std::string ca_file;     // the PEM file of trusted CAs; empty: the system bundle

    /// Reads HTTP_PROXY, HTTPS_PROXY, NO_PROXY (either case) from the environment; the CA file is the one
    /// install_ca_bundle installed (tls_trust.hpp), else SSL_CERT_FILE.
    static HttpTransportOptions from_environment();
};

/// Returns true when `host` must be reached directly according to the NO_PROXY list `no_proxy`.
bool bypasses_proxy(const std::string& host, const std::string& no_proxy);

/// HttpTransport over Poco's HTTP(S)ClientSession, one connection per request, TLS verified; the TLS context
/// (the parsed CA bundle) is made at the first https:// request and kept.
class PocoHttpTransport final : public ports::HttpTransport {
public:
    explicit PocoHttpTransport(HttpTransportOptions options = HttpTransportOptions::from_environment());

    /// Sends the request; network failures come back as ErrorKind::network naming host and cause.
    core::Expected<ports::HttpResponse> send(const ports::HttpRequest& request) override;

private:
    struct TlsContext;

    /// The TLS context, made on first use.
    TlsContext& tls_context();

    HttpTransportOptions m_options;
    std::mutex m_tls_mutex;
    std::shared_ptr<TlsContext> m_tls;
};

} // namespace autofix::adapters
