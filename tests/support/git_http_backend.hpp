#pragma once

#include "support/local_http_server.hpp"

#include <memory>
#include <string>

namespace autofix::testing {

/// Serves the bare repositories under a root directory through the real `git http-backend` CGI (smart
/// HTTP, fetch and push), demanding basic auth `x-access-token:<token>` on every request.
class GitHttpBackend {
public:
    /// Serves `<root>/<owner>/<repo>.git`; `token` may push, `read_only_token` (if set) may only fetch.
    GitHttpBackend(std::string root, std::string token, std::string read_only_token = "");

    /// Answers one request for `/{owner}/{repo}.git/...`: 401 without the right credentials, 403 for a
    /// push with the read-only token, 404 outside the root, else whatever git http-backend answers.
    /// Mount it inside another fake server for paths ending in `.git/info/refs`, `git-upload-pack` or
    /// `git-receive-pack`.
    ServedResponse handle(const RecordedRequest& request) const;

    /// Returns true when `path` is a smart-HTTP git path this backend answers.
    static bool is_git_path(const std::string& path);

    /// Creates the bare repository `<root>/<owner>/<repo>.git` (default branch `main`); returns its path.
    std::string create_bare(const std::string& owner, const std::string& repo) const;

    /// The path of `<root>/<owner>/<repo>.git`.
    std::string bare_path(const std::string& owner, const std::string& repo) const;

    /// Changes the token that may push.
    void set_token(std::string token) { m_token = std::move(token); }

private:
    std::string m_root;
    std::string m_token;
    std::string m_read_only_token;
};

/// A GitHttpBackend behind its own LocalHttpServer.
class GitHttpServer {
public:
    /// Serves the bare repositories under `root` on 127.0.0.1 with an ephemeral port.
    GitHttpServer(std::string root, std::string token, std::string read_only_token = "");

    /// The backend, to create repositories or change the token.
    GitHttpBackend& backend() { return m_backend; }

    /// The server, for its request log.
    LocalHttpServer& server() { return *m_server; }

    /// Returns `http://127.0.0.1:<port>/<owner>/<repo>.git`, the URL a client pushes to.
    std::string repo_url(const std::string& owner, const std::string& repo) const;

private:
    GitHttpBackend m_backend;
    std::unique_ptr<LocalHttpServer> m_server;
};

} // namespace autofix::testing
