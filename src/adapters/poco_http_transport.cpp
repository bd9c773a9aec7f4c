#include "adapters/poco_http_transport.hpp"

#include "adapters/tls_trust.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLException.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace autofix::adapters {
namespace {

// The response's numeric status. Poco keeps it in the HTTPStatus enum, whose range ends at 511, so reading a
// 529 (the Messages API's "overloaded") through getStatus() is undefined behaviour (UBSan reports it); the
// status line Poco writes from the stored value gives the number without that load.
int status_code(const Poco::Net::HTTPResponse& response) {
    std::ostringstream head;
    response.write(head);
    const std::string line = head.str().substr(0, head.str().find('\r'));
    const auto space = line.find(' ');
    return space == std::string::npos ? 0 : std::atoi(line.c_str() + space + 1);
}

std::string env_either(const char* upper, const char* lower) {
    if (const char* value = std::getenv(upper); value && *value) {
        return value;
    }
    if (const char* value = std::getenv(lower); value && *value) {
        return value;
    }
    return {};
}

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

Poco::Net::Context::Ptr make_tls_context(const std::string& ca_file) {
    const std::string location = ca_file.empty() ? system_ca_bundle() : ca_file;
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", location,
                                  Poco::Net::Context::VERIFY_RELAXED, 9, location.empty(),
                                  "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
}

} // namespace

struct PocoHttpTransport::TlsContext {
    Poco::Net::Context::Ptr context;
};

PocoHttpTransport::TlsContext& PocoHttpTransport::tls_context() {
    const std::lock_guard lock(m_tls_mutex);
    if (!m_tls) {
        m_tls = std::make_shared<TlsContext>(TlsContext{make_tls_context(m_options.ca_file)});
    }
    return *m_tls;
}

HttpTransportOptions HttpTransportOptions::from_environment() {
    HttpTransportOptions options;
    options.http_proxy = env_either("HTTP_PROXY", "http_proxy");
    options.https_proxy = env_either("HTTPS_PROXY", "https_proxy");
    options.no_proxy = env_either("NO_PROXY", "no_proxy");
    options.ca_file = installed_ca_bundle();
    if (options.ca_file.empty()) {
        options.ca_file = env_either("SSL_CERT_FILE", "ssl_cert_file");
    }
    return options;
}

bool bypasses_proxy(const std::string& host, const std::string& no_proxy) {
    const std::string name = lowercase(host);
    std::stringstream entries(no_proxy);
    std::string entry;
    while (std::getline(entries, entry, ',')) {
        entry = lowercase(trim(entry));
        if (entry.empty()) {
            continue;
        }
        if (entry == "*") {
            return true;
        }
        if (const auto colon = entry.find(':');
            colon != std::string::npos && entry.find(']') == std::string::npos) {
            entry.resize(colon); // a port in NO_PROXY applies to every port here
        }
        if (entry.front() == '.') {
            entry.erase(0, 1);
        }
        if (name == entry || (name.size() > entry.size() && name.ends_with("." + entry))) {
            return true;
        }
    }
    return false;
}

PocoHttpTransport::PocoHttpTransport(HttpTransportOptions options) : m_options(std::move(options)) {}

core::Expected<ports::HttpResponse> PocoHttpTransport::send(const ports::HttpRequest& request) {
    const auto fail = [&](const std::string& cause) {
        Poco::URI uri_for_message;
        std::string where = "request";
        try {
            uri_for_message = Poco::URI(request.url);
            where = request.method + " " + uri_for_message.getScheme() + "://" +
                    uri_for_message.getAuthority() + uri_for_message.getPath();
        } catch (const Poco::Exception&) {
        }
        return core::make_error(core::ErrorKind::network, where + ": " + cause);
    };
    try {
        const Poco::URI uri(request.url);
        const bool https = uri.getScheme() == "https";
        if (!https && uri.getScheme() != "http") {
            return fail("unsupported URL scheme '" + uri.getScheme() + "'");
        }
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (https) {
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                                      tls_context().context);
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        }
        const std::string& proxy = https ? m_options.https_proxy : m_options.http_proxy;
        if (!proxy.empty() && !bypasses_proxy(uri.getHost(), m_options.no_proxy)) {
            const Poco::URI proxy_uri(proxy.find("://") == std::string::npos ? "http://" + proxy : proxy);
            Poco::Net::HTTPClientSession::ProxyConfig config;
            config.host = proxy_uri.getHost();
            config.port = proxy_uri.getPort();
            const std::string user_info = proxy_uri.getUserInfo();
            if (const auto colon = user_info.find(':'); colon != std::string::npos) {
                config.username = user_info.substr(0, colon);
                config.password = user_info.substr(colon + 1);
            }
            session->setProxyConfig(config);
        }
        session->setTimeout(Poco::Timespan(m_options.connect_timeout.count(), 0),
                            Poco::Timespan(m_options.read_timeout.count(), 0),
                            Poco::Timespan(m_options.read_timeout.count(), 0));

        Poco::Net::HTTPRequest poco_request(request.method, uri.getPathEtc(),
                                            Poco::Net::HTTPMessage::HTTP_1_1);
        poco_request.setHost(uri.getHost(), uri.getPort());
        for (const auto& [name, value] : request.headers) {
            poco_request.set(name, value);
        }
        const bool has_body = !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
                              request.method == "PATCH";
        if (has_body) {
            poco_request.setContentLength(static_cast<std::streamsize>(request.body.size()));
        }
        std::ostream& out = session->sendRequest(poco_request);
        if (has_body) {
            out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
        }

        Poco::Net::HTTPResponse poco_response;
        std::istream& in = session->receiveResponse(poco_response);
        ports::HttpResponse response;
        response.status = status_code(poco_response);
        response.reason = poco_response.getReason();
        for (const auto& [name, value] : poco_response) {
            response.headers.emplace_back(name, value);
        }
        const bool to_file =
            !request.response_file.empty() && response.status >= 200 && response.status < 300;
        if (to_file) {
            std::ofstream file(request.response_file, std::ios::binary | std::ios::trunc);
            if (!file) {
                return core::make_error(core::ErrorKind::io, "cannot write " + request.response_file);
            }
            Poco::StreamCopier::copyStream64(in, file);
            if (!file) {
                return core::make_error(core::ErrorKind::io, "writing " + request.response_file + " failed");
            }
        } else {
            Poco::StreamCopier::copyToString64(in, response.body);
        }
        return response;
    } catch (const Poco::TimeoutException&) {
        return fail("timed out");
    } catch (const Poco::Net::SSLException& error) {
        return fail("TLS: " + error.displayText());
    } catch (const Poco::Exception& error) {
        return fail(error.displayText());
    } catch (const std::exception& error) {
        return fail(error.what());
    }
}

} // namespace autofix::adapters
