#include "support/tls_proxy.hpp"

#include "support/repo_builder.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/URI.h>
#include <fstream>
#include <stdexcept>

namespace autofix::testing {
namespace {

void openssl(const std::vector<std::string>& args, const std::string& dir) {
    std::vector<std::string> argv{"openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    const CommandResult result = run_command(argv, dir);
    if (result.exit_code != 0) {
        std::string command;
        for (const auto& arg : argv) {
            command += arg + " ";
        }
        throw std::runtime_error(command + "failed: " + result.err);
    }
}

// Sends all of `size` bytes, however many calls it takes.
void send_all(Poco::Net::StreamSocket& socket, const char* data, int size) {
    while (size > 0) {
        const int sent = socket.sendBytes(data, size);
        if (sent <= 0) {
            throw std::runtime_error("connection closed while forwarding");
        }
        data += sent;
        size -= sent;
    }
}

} // namespace

TestCertificates make_test_certificates(const std::string& dir) {
    const std::vector<std::string> ec_key{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                                          "-nodes"};
    std::vector<std::string> ca{"req",     "-x509",
                                "-days",   "2",
                                "-subj",   "/CN=autofix throw-away test CA",
                                "-keyout", "ca.key",
                                "-out",    "ca.pem",
                                "-addext", "basicConstraints=critical,CA:TRUE",
                                "-addext", "keyUsage=critical,keyCertSign,cRLSign"};
    ca.insert(ca.begin() + 2, ec_key.begin(), ec_key.end());
    openssl(ca, dir);
    std::vector<std::string> request{"req",        "-subj", "/CN=localhost", "-keyout",
                                     "server.key", "-out",  "server.csr"};
    request.insert(request.begin() + 1, ec_key.begin(), ec_key.end());
    openssl(request, dir);
    // DNS:127.0.0.1 too: mbedTLS 2 (Debian's libgit2) matches host names against dNSName entries only.
    std::ofstream(dir + "/server.ext") << "subjectAltName=DNS:localhost,DNS:127.0.0.1,IP:127.0.0.1\n"
                                          "basicConstraints=CA:FALSE\n"
                                          "keyUsage=critical,digitalSignature,keyEncipherment\n"
                                          "extendedKeyUsage=serverAuth\n";
    openssl({"x509", "-req", "-days", "2", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-extfile", "server.ext", "-out", "server.pem"},
            dir);
    return {dir + "/ca.pem", dir + "/server.pem", dir + "/server.key"};
}

TlsProxy::TlsProxy(const std::string& backend_url, const TestCertificates& certificates)
    : m_context(new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, certificates.server_key,
                                       certificates.server_cert, "", Poco::Net::Context::VERIFY_NONE)),
      m_socket(Poco::Net::SocketAddress("127.0.0.1", 0), 64, m_context) {
    const Poco::URI uri(backend_url);
    m_backend_host = uri.getHost();
    m_backend_port = uri.getPort();
    m_backend_path = uri.getPathEtc() == "/" && backend_url.back() != '/' ? "" : uri.getPathEtc();
    m_acceptor = std::thread([this] { accept_loop(); });
}

TlsProxy::~TlsProxy() {
    m_stop = true;
    m_acceptor.join();
    std::lock_guard lock(m_threads_mutex);
    for (auto& thread : m_threads) {
        thread.join();
    }
}

std::string TlsProxy::url() const {
    return "https://127.0.0.1:" + std::to_string(m_socket.address().port()) + m_backend_path;
}

void TlsProxy::accept_loop() {
    while (!m_stop) {
        try {
            if (!m_socket.poll(Poco::Timespan(0, 50000), Poco::Net::Socket::SELECT_READ)) {
                continue;
            }
            Poco::Net::StreamSocket client = m_socket.acceptConnection();
            std::lock_guard lock(m_threads_mutex);
            m_threads.emplace_back([this, client] { forward(client); });
        } catch (const Poco::Exception&) {
            ++m_failed_handshakes; // a handshake done during accept failed
        }
    }
}

void TlsProxy::forward(Poco::Net::StreamSocket accepted) {
    Poco::Net::SecureStreamSocket client;
    try {
        client = Poco::Net::SecureStreamSocket(accepted);
        client.setReceiveTimeout(Poco::Timespan(10, 0));
        client.completeHandshake();
    } catch (const Poco::Exception&) {
        ++m_failed_handshakes;
        return;
    }
    ++m_forwarded;
    try {
        Poco::Net::StreamSocket backend;
        backend.connect(Poco::Net::SocketAddress(m_backend_host, m_backend_port));
        char buffer[16384];
        while (!m_stop) {
            // TLS may hold decrypted bytes that the socket's readiness does not show.
            bool client_ready = client.available() > 0;
            bool backend_ready = false;
            if (!client_ready) {
                Poco::Net::Socket::SocketList readable{client, backend};
                Poco::Net::Socket::SocketList writable;
                Poco::Net::Socket::SocketList failed;
                if (Poco::Net::Socket::select(readable, writable, failed, Poco::Timespan(0, 50000)) == 0) {
                    continue;
                }
                for (const auto& socket : readable) {
                    client_ready = client_ready || socket == client;
                    backend_ready = backend_ready || socket == backend;
                }
            }
            if (client_ready) {
                const int received = client.receiveBytes(buffer, sizeof buffer);
                if (received <= 0) {
                    break;
                }
                send_all(backend, buffer, received);
            }
            if (backend_ready) {
                const int received = backend.receiveBytes(buffer, sizeof buffer);
                if (received <= 0) {
                    break;
                }
                send_all(client, buffer, received);
            }
        }
        backend.close();
        client.close();
    } catch (const std::exception&) {
        // a connection closed mid-way: the client sees it as such
    }
}

} // namespace autofix::testing
