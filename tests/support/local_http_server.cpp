#include "support/local_http_server.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>
#include <csignal>
#include <thread>

namespace autofix::testing {
namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(LocalHttpServer& server) : m_server(server) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        RecordedRequest recorded;
        recorded.method = request.getMethod();
        recorded.target = request.getURI();
        const Poco::URI uri(request.getURI());
        recorded.path = uri.getPath();
        recorded.query = uri.getRawQuery();
        for (const auto& [name, value] : request) {
            recorded.headers.emplace_back(name, value);
        }
        Poco::StreamCopier::copyToString(request.stream(), recorded.body);

        const ServedResponse served = m_server.dispatch(std::move(recorded));
        if (served.delay.count() > 0) {
            std::this_thread::sleep_for(served.delay);
        }
        if (served.drop_connection) {
            auto& impl = static_cast<Poco::Net::HTTPServerRequestImpl&>(request);
            impl.socket().shutdown();
            impl.socket().close();
            return;
        }
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(served.status));
        for (const auto& [name, value] : served.headers) {
            response.add(name, value);
        }
        response.setContentLength(static_cast<std::streamsize>(served.body.size()));
        response.send().write(served.body.data(), static_cast<std::streamsize>(served.body.size()));
    }

private:
    LocalHttpServer& m_server;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(LocalHttpServer& server) : m_server(server) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(m_server);
    }

private:
    LocalHttpServer& m_server;
};

} // namespace

struct LocalHttpServer::Impl {
    Poco::Net::ServerSocket socket;
    std::unique_ptr<Poco::Net::HTTPServer> server;
};

ServedResponse json_response(int status, std::string body) {
    ServedResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    response.body = std::move(body);
    return response;
}

LocalHttpServer::LocalHttpServer(RequestHandler handler) : m_handler(std::move(handler)), m_impl(new Impl) {
    std::signal(SIGPIPE, SIG_IGN);
    m_impl->socket.bind(Poco::Net::SocketAddress("127.0.0.1", 0), true);
    m_impl->socket.listen(64);
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    params->setKeepAlive(false);
    m_impl->server = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), m_impl->socket, params);
    m_impl->server->start();
}

LocalHttpServer::~LocalHttpServer() {
    m_impl->server->stopAll(true);
}

std::uint16_t LocalHttpServer::port() const {
    return m_impl->socket.address().port();
}

std::string LocalHttpServer::url() const {
    return "http://127.0.0.1:" + std::to_string(port());
}

std::vector<RecordedRequest> LocalHttpServer::requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
}

void LocalHttpServer::clear_requests() {
    std::lock_guard lock(m_mutex);
    m_requests.clear();
}

ServedResponse LocalHttpServer::dispatch(RecordedRequest request) {
    std::lock_guard lock(m_mutex);
    m_requests.push_back(request);
    return m_handler(m_requests.back());
}

} // namespace autofix::testing
