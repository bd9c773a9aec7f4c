#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/SecureServerSocket.h>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace autofix::testing {

/// A throw-away certificate authority and a server certificate it signed for `localhost` and 127.0.0.1,
/// made with the `openssl` CLI (PEM files; the keys are unencrypted).
struct TestCertificates {
    std::string ca_cert;     // the CA's certificate: what a client must trust
    std::string server_cert; // the server's certificate, signed by the CA
    std::string server_key;  // the server's private key
};

/// Makes a new CA and server certificate in `dir` (which must exist); throws std::runtime_error with
/// openssl's message when a step fails.
TestCertificates make_test_certificates(const std::string& dir);

/// Terminates TLS on 127.0.0.1 (ephemeral port) with the server certificate and forwards every connection's
/// bytes to a plain HTTP server, so that each local fake (git http-backend, fake GitHub, fake model) can be
/// reached over HTTPS.
class TlsProxy {
public:
    /// Starts listening at once for `backend_url` (`http://127.0.0.1:<port>[/path]`); throws if the
    /// certificate cannot be loaded or no port can be bound.
    TlsProxy(const std::string& backend_url, const TestCertificates& certificates);
    ~TlsProxy();
    TlsProxy(const TlsProxy&) = delete;
    TlsProxy& operator=(const TlsProxy&) = delete;

    /// The backend URL with `https://127.0.0.1:<proxy port>` in place of its scheme and authority.
    std::string url() const;

    /// Connections whose TLS handshake failed (e.g. the client did not trust the certificate).
    int failed_handshakes() const { return m_failed_handshakes.load(); }

    /// Connections that completed a handshake and were forwarded.
    int forwarded_connections() const { return m_forwarded.load(); }

private:
    void accept_loop();
    void forward(Poco::Net::StreamSocket client);

    std::string m_backend_host;
    std::uint16_t m_backend_port = 0;
    std::string m_backend_path;
    Poco::Net::Context::Ptr m_context;
    Poco::Net::SecureServerSocket m_socket;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_failed_handshakes{0};
    std::atomic<int> m_forwarded{0};
    std::mutex m_threads_mutex;
    std::vector<std::thread> m_threads;
    std::thread m_acceptor;
};

} // namespace autofix::testing
