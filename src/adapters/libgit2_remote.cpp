#include "adapters/libgit2_remote.hpp"

#include "adapters/libgit2_support.hpp"
#include "adapters/tls_trust.hpp"
#include "core/push_refusal.hpp"

#include <algorithm>
#include <vector>

namespace autofix::adapters::libgit2 {
namespace {

constexpr const char* k_token_user = "x-access-token";

/// What the callbacks learn during one remote operation.
struct CallbackState {
    explicit CallbackState(const RemoteSpec& spec); // with the Authorization header for an http(s) token
    CallbackState(const CallbackState&) = delete;   // header_list points into auth_header
    CallbackState& operator=(const CallbackState&) = delete;

    const RemoteSpec* remote = nullptr;
    std::string auth_header;   // "Authorization: Basic ..." sent with the first request; never logged
    char* header_list[1] = {}; // custom_headers points here
    git_strarray headers = {}; // empty without a token
    int credential_requests = 0;
    bool credentials_refused = false;
    std::vector<std::string> rejections; // "refs/heads/x: reason" from push_update_reference
    bool non_fast_forward = false;       // a rejection's reason says the branch moved on
    std::string server_text;             // what the server printed (sideband), e.g. a hook's message
};

constexpr std::size_t max_server_text = 4000;

int provide_credentials(git_credential** out, const char* /*url*/, const char* /*username_from_url*/,
                        unsigned int allowed_types, void* payload) {
    auto* state = static_cast<CallbackState*>(payload);
    if (state->remote->token.empty() || (allowed_types & GIT_CREDENTIAL_USERPASS_PLAINTEXT) == 0) {
        state->credentials_refused = true;
        return GIT_PASSTHROUGH;
    }
    // A second request means the first credentials were refused: stop instead of looping.
    if (++state->credential_requests > 1) {
        state->credentials_refused = true;
        return GIT_EAUTH;
    }
    return git_credential_userpass_plaintext_new(out, k_token_user, state->remote->token.c_str());
}

int record_update(const char* refname, const char* status, void* payload) {
    if (status != nullptr) {
        auto* state = static_cast<CallbackState*>(payload);
        state->rejections.push_back(std::string(refname) + ": " + status);
        state->non_fast_forward = state->non_fast_forward || core::is_non_fast_forward_status(status);
    }
    return 0;
}

int record_server_text(const char* text, int length, void* payload) {
    auto& kept = static_cast<CallbackState*>(payload)->server_text;
    if (text != nullptr && length > 0 && kept.size() < max_server_text) {
        kept.append(text, std::min(static_cast<std::size_t>(length), max_server_text - kept.size()));
    }
    return 0;
}

// Returns the server's lines without progress noise ("Resolving deltas", carriage-return updates), joined
// by " | ", or "" when it said nothing else.
std::string server_lines(const std::string& text) {
    std::string lines;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find_first_of("\r\n", start);
        if (end == std::string::npos) {
            end = text.size();
        }
        std::string line = text.substr(start, end - start);
        start = end + 1;
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
            line.pop_back();
        }
        if (line.empty() || line.starts_with("Resolving deltas") || line.starts_with("Counting objects") ||
            line.starts_with("Compressing objects") || line.starts_with("Writing objects")) {
            continue;
        }
        lines += (lines.empty() ? "" : " | ") + line;
    }
    return lines;
}

std::string base64(const std::string& bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i + 1 == bytes.size()) {
        const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const unsigned v =
            (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

// Sends the token with the first request, as actions/checkout does with http.extraheader: without it every
// fetch or push first gets a 401 and repeats itself with the credentials. HTTP(S) remotes only; the
// credentials callback stays for a server that asks again.
void prepare_auth_header(CallbackState& state) {
    const RemoteSpec& remote = *state.remote;
    const bool http = remote.url.rfind("http://", 0) == 0 || remote.url.rfind("https://", 0) == 0;
    if (remote.token.empty() || !http) {
        return;
    }
    state.auth_header = "Authorization: Basic " + base64(std::string(k_token_user) + ":" + remote.token);
    state.header_list[0] = state.auth_header.data();
    state.headers = {state.header_list, 1};
}

CallbackState::CallbackState(const RemoteSpec& spec) : remote(&spec) {
    prepare_auth_header(*this);
}

git_remote_callbacks make_callbacks(CallbackState& state) {
    git_remote_callbacks callbacks = GIT_REMOTE_CALLBACKS_INIT;
    callbacks.credentials = provide_credentials;
    callbacks.push_update_reference = record_update;
    callbacks.sideband_progress = record_server_text;
    callbacks.payload = &state;
    return callbacks;
}

git_proxy_options make_proxy_options() {
    git_proxy_options proxy = GIT_PROXY_OPTIONS_INIT;
    proxy.type = GIT_PROXY_AUTO; // http.proxy from git config, else the https_proxy/http_proxy variables
    return proxy;
}

bool contains(const std::string& text, const char* needle) {
    return text.find(needle) != std::string::npos;
}

/// Turns a failed remote operation into an error of the right kind; the token never appears in it.
core::Error remote_failure(int code, const CallbackState& state, const std::string& context) {
    const git_error* last = git_error_last();
    const int klass = last != nullptr ? last->klass : GIT_ERROR_NONE;
    const std::string message = redact(last_message(code), state.remote->token);
    const std::string where = context + " (" + redact(state.remote->url, state.remote->token) + ")";
    if (state.credentials_refused || code == GIT_EAUTH || contains(message, "401")) {
        const std::string why = state.remote->token.empty() ? "no token was given (github-token input)"
                                                            : "the token was refused (HTTP 401)";
        return core::make_error(core::ErrorKind::auth, where + ": authentication failed: " + why);
    }
    if (contains(message, "403")) {
        return core::make_error(core::ErrorKind::auth,
                                where + ": access denied (HTTP 403): the token lacks permission "
                                        "(the workflow needs `permissions: contents: write`)");
    }
    if (code == GIT_ENONFASTFORWARD) {
        return core::make_error(core::ErrorKind::push_rejected,
                                where + ": rejected: the remote branch has commits that are not here (" +
                                    message + ")");
    }
    if (contains(message, "unexpected http status code")) {
        return core::make_error(core::ErrorKind::http, where + ": " + message);
    }
    if (klass == GIT_ERROR_NET || klass == GIT_ERROR_SSL || klass == GIT_ERROR_OS ||
        klass == GIT_ERROR_HTTP) {
        return core::make_error(core::ErrorKind::network, where + ": " + message);
    }
    return core::make_error(core::ErrorKind::git, where + ": " + message);
}

core::Expected<RemotePtr> anonymous_remote(git_repository* repo, const RemoteSpec& remote,
                                           const std::string& context) {
    if (remote.url.empty()) {
        return core::make_error(core::ErrorKind::invalid_input, context + ": no remote URL is configured");
    }
    if (remote.url.rfind("https://", 0) == 0) {
        if (const core::Status trusted = use_ca_bundle_for_git(); !trusted) {
            return core::with_context(trusted.error(), context);
        }
    }
    git_remote* raw = nullptr;
    // Anonymous: nothing is written to .git/config, so the URL and the token stay out of it.
    if (const int rc = git_remote_create_anonymous(&raw, repo, remote.url.c_str()); rc < 0) {
        return core::make_error(core::ErrorKind::git,
                                context + ": invalid remote URL: " + redact(last_message(rc), remote.token));
    }
    return RemotePtr(raw);
}

bool valid_branch_name(const std::string& branch) {
    int valid = 0;
    const std::string ref = "refs/heads/" + branch;
    return !branch.empty() && git_reference_name_is_valid(&valid, ref.c_str()) == 0 && valid != 0;
}

core::Error invalid_branch(const std::string& context, const std::string& branch) {
    return core::make_error(core::ErrorKind::git, context + ": '" + branch + "' is not a valid branch name");
}

bool advertised(git_remote* remote, const std::string& ref) {
    const git_remote_head** heads = nullptr;
    size_t count = 0;
    if (git_remote_ls(&heads, &count, remote) < 0) {
        return false;
    }
    for (size_t i = 0; i < count; ++i) {
        if (ref == heads[i]->name) {
            return true;
        }
    }
    return false;
}

// Fetch options shared by every fetch: the credential and progress callbacks of `state`, the proxy, no
// FETCH_HEAD and no tags.
git_fetch_options make_fetch_options(CallbackState& state) {
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.callbacks = make_callbacks(state);
    options.proxy_opts = make_proxy_options();
    options.custom_headers = state.headers;
    options.update_fetchhead = 0;
    options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
    return options;
}

} // namespace

core::Expected<bool> remote_has_branch(git_repository* repo, const RemoteSpec& remote,
                                       const std::string& branch) {
    const std::string context = "looking for branch " + branch + " on the remote";
    if (!valid_branch_name(branch)) {
        return invalid_branch(context, branch);
    }
    ensure_initialised();
    auto handle = anonymous_remote(repo, remote, context);
    if (!handle) {
        return handle.error();
    }
    CallbackState state(remote);
    const git_remote_callbacks callbacks = make_callbacks(state);
    const git_proxy_options proxy = make_proxy_options();
    if (const int rc =
            git_remote_connect(handle->get(), GIT_DIRECTION_FETCH, &callbacks, &proxy, &state.headers);
        rc < 0) {
        return remote_failure(rc, state, context);
    }
    const bool found = advertised(handle->get(), "refs/heads/" + branch);
    git_remote_disconnect(handle->get());
    return found;
}

core::Status fetch_remote_branch(git_repository* repo, const RemoteSpec& remote, const std::string& branch) {
    const std::string context = "fetching branch " + branch;
    if (!valid_branch_name(branch)) {
        return invalid_branch(context, branch);
    }
    ensure_initialised();
    auto handle = anonymous_remote(repo, remote, context);
    if (!handle) {
        return handle.error();
    }
    CallbackState state(remote);
    git_fetch_options options = make_fetch_options(state);
    std::string refspec = "+refs/heads/" + branch + ":refs/remotes/origin/" + branch;
    char* specs[] = {refspec.data()};
    const git_strarray refspecs = {specs, 1};
    if (const int rc = git_remote_fetch(handle->get(), &refspecs, &options, "autofix: fetch"); rc < 0) {
        return remote_failure(rc, state, context);
    }
    if (!advertised(handle->get(), "refs/heads/" + branch)) {
        return core::make_error(core::ErrorKind::git, context + ": the remote has no branch " + branch);
    }
    return {};
}

core::Status fetch_refspecs(git_repository* repo, const RemoteSpec& remote,
                            const std::vector<std::string>& refspecs, FetchDepth depth,
                            const std::string& context) {
    ensure_initialised();
    auto handle = anonymous_remote(repo, remote, context);
    if (!handle) {
        return handle.error();
    }
    CallbackState state(remote);
    git_fetch_options options = make_fetch_options(state);
    switch (depth) {
    case FetchDepth::missing:
        options.depth = GIT_FETCH_DEPTH_FULL;
        break;
    case FetchDepth::one_commit:
        options.depth = 1;
        break;
    case FetchDepth::unshallow:
        options.depth = GIT_FETCH_DEPTH_UNSHALLOW;
        break;
    }
    std::vector<std::string> copies = refspecs;
    std::vector<char*> specs;
    for (std::string& refspec : copies) {
        specs.push_back(refspec.data());
    }
    const git_strarray array = {specs.data(), specs.size()};
    if (const int rc = git_remote_fetch(handle->get(), &array, &options, "autofix: fetch"); rc < 0) {
        return remote_failure(rc, state, context);
    }
    return {};
}

core::Status push_branch(git_repository* repo, const RemoteSpec& remote, const std::string& branch) {
    const std::string context = "pushing branch " + branch;
    if (!valid_branch_name(branch)) {
        return invalid_branch(context, branch);
    }
    ensure_initialised();
    const std::string local_ref = "refs/heads/" + branch;
    git_oid local{};
    if (const int rc = git_reference_name_to_id(&local, repo, local_ref.c_str()); rc < 0) {
        return core::make_error(core::ErrorKind::git, context + ": there is no local branch " + branch);
    }
    auto handle = anonymous_remote(repo, remote, context);
    if (!handle) {
        return handle.error();
    }
    CallbackState state(remote);
    git_push_options options = GIT_PUSH_OPTIONS_INIT;
    options.callbacks = make_callbacks(state);
    options.proxy_opts = make_proxy_options();
    options.custom_headers = state.headers;
    std::string refspec = local_ref + ":" + local_ref; // no '+': never forced
    char* specs[] = {refspec.data()};
    const git_strarray refspecs = {specs, 1};
    if (const int rc = git_remote_push(handle->get(), &refspecs, &options); rc < 0) {
        return remote_failure(rc, state, context);
    }
    if (!state.rejections.empty()) {
        std::string reasons;
        for (const auto& rejection : state.rejections) {
            reasons += (reasons.empty() ? "" : "; ") + redact(rejection, remote.token);
        }
        if (state.non_fast_forward) {
            return core::make_error(
                core::ErrorKind::push_rejected,
                context + ": rejected: the remote branch has commits that are not here (" + reasons + ")");
        }
        std::string message = context + ": the server refused it: " + reasons;
        if (const std::string said = server_lines(state.server_text); !said.empty()) {
            message += "; the server said: " + redact(said, remote.token);
        }
        return core::make_error(core::ErrorKind::push_refused, message);
    }
    // Anonymous remotes update no tracking refs: keep origin/<branch> in step by hand.
    const std::string tracking = "refs/remotes/origin/" + branch;
    git_reference* raw = nullptr;
    if (const int rc = git_reference_create(&raw, repo, tracking.c_str(), &local, 1, "autofix: push");
        rc < 0) {
        return git_failure(rc, context + ": pushed, but updating " + tracking + " failed");
    }
    git_reference_free(raw);
    return {};
}

} // namespace autofix::adapters::libgit2
