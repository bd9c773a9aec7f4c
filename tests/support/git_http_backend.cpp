#include "support/git_http_backend.hpp"

#include "support/repo_builder.hpp"

#include <Poco/Base64Decoder.h>
#include <sstream>

namespace autofix::testing {
namespace {

std::string decode_basic(const std::string& authorization) {
    const std::string prefix = "Basic ";
    if (authorization.rfind(prefix, 0) != 0) {
        return "";
    }
    std::istringstream encoded(authorization.substr(prefix.size()));
    Poco::Base64Decoder decoder(encoded);
    std::string decoded;
    try {
        decoder >> std::noskipws;
        char c = 0;
        while (decoder.get(c)) {
            decoded.push_back(c);
        }
    } catch (...) {
        return "";
    }
    return decoded;
}

ServedResponse text_response(int status, const std::string& body) {
    ServedResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "text/plain");
    response.body = body;
    return response;
}

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Splits CGI output into a response: "Status:" and other header lines, a blank line, the body.
ServedResponse parse_cgi(const std::string& output) {
    ServedResponse response;
    std::size_t end = output.find("\r\n\r\n");
    std::size_t body_at = end + 4;
    if (const std::size_t lf = output.find("\n\n");
        lf != std::string::npos && (end == std::string::npos || lf < end)) {
        end = lf;
        body_at = lf + 2;
    }
    if (end == std::string::npos) {
        return text_response(502, "git http-backend: malformed CGI output");
    }
    std::istringstream headers(output.substr(0, end));
    for (std::string line; std::getline(headers, line);) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        std::string name = line.substr(0, colon);
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        if (name == "Status") {
            response.status = std::stoi(value);
        } else {
            response.headers.emplace_back(name, value);
        }
    }
    response.body = output.substr(body_at);
    return response;
}

} // namespace

GitHttpBackend::GitHttpBackend(std::string root, std::string token, std::string read_only_token)
    : m_root(std::move(root)), m_token(std::move(token)), m_read_only_token(std::move(read_only_token)) {}

bool GitHttpBackend::is_git_path(const std::string& path) {
    return path.find(".git/") != std::string::npos &&
           (ends_with(path, "/info/refs") || ends_with(path, "/git-upload-pack") ||
            ends_with(path, "/git-receive-pack"));
}

std::string GitHttpBackend::bare_path(const std::string& owner, const std::string& repo) const {
    return m_root + "/" + owner + "/" + repo + ".git";
}

std::string GitHttpBackend::create_bare(const std::string& owner, const std::string& repo) const {
    const std::string path = bare_path(owner, repo);
    init_bare(path);
    return path;
}

ServedResponse GitHttpBackend::handle(const RecordedRequest& request) const {
    if (!is_git_path(request.path) || request.path.find("..") != std::string::npos) {
        return text_response(404, "not a git path");
    }
    const std::string credentials = decode_basic(request.header("Authorization"));
    const bool full = !m_token.empty() && credentials == "x-access-token:" + m_token;
    const bool read_only = !m_read_only_token.empty() && credentials == "x-access-token:" + m_read_only_token;
    if (!full && !read_only) {
        ServedResponse response = text_response(401, "Invalid username or token.");
        response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"GitHub\"");
        return response;
    }
    const bool pushing =
        ends_with(request.path, "/git-receive-pack") || request.query == "service=git-receive-pack";
    if (pushing && !full) {
        return text_response(403, "Permission to repository denied to github-actions[bot].");
    }
    CommandEnv env = {{"GIT_PROJECT_ROOT", m_root},
                      {"GIT_HTTP_EXPORT_ALL", "1"},
                      {"GIT_CONFIG_NOSYSTEM", "1"},
                      {"GIT_CONFIG_GLOBAL", "/dev/null"},
                      {"PATH_INFO", request.path},
                      {"QUERY_STRING", request.query},
                      {"REQUEST_METHOD", request.method},
                      {"CONTENT_TYPE", request.header("Content-Type")},
                      {"CONTENT_LENGTH", std::to_string(request.body.size())},
                      {"REMOTE_USER", "x-access-token"},
                      {"REMOTE_ADDR", "127.0.0.1"},
                      {"HTTP_CONTENT_ENCODING", request.header("Content-Encoding")},
                      {"GIT_PROTOCOL", request.header("Git-Protocol")}};
    static const std::string program = [] {
        const std::string exec_path = git_in("", {"--exec-path"});
        return exec_path.substr(0, exec_path.find_last_not_of("\r\n") + 1) + "/git-http-backend";
    }();
    const CommandResult result = run_command({program}, "", request.body, env);
    if (result.exit_code != 0 && result.out.empty()) {
        return text_response(500, "git http-backend failed: " + result.err);
    }
    return parse_cgi(result.out);
}

GitHttpServer::GitHttpServer(std::string root, std::string token, std::string read_only_token)
    : m_backend(std::move(root), std::move(token), std::move(read_only_token)),
      m_server(std::make_unique<LocalHttpServer>(
          [this](const RecordedRequest& request) { return m_backend.handle(request); })) {}

std::string GitHttpServer::repo_url(const std::string& owner, const std::string& repo) const {
    return m_server->url() + "/" + owner + "/" + repo + ".git";
}

} // namespace autofix::testing
