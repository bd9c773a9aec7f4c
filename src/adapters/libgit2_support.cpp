#include "adapters/libgit2_support.hpp"

#include <mutex>

namespace autofix::adapters::libgit2 {

void ensure_initialised() {
    static std::once_flag once;
    std::call_once(once, [] {
        git_libgit2_init();
        // Actions runs a container action as root on a checkout owned by the runner user.
        git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
    });
}

std::string last_message(int code) {
    const git_error* error = git_error_last();
    if (error != nullptr && error->message != nullptr && error->message[0] != '\0') {
        return error->message;
    }
    return "libgit2 error " + std::to_string(code);
}

core::Error git_failure(int code, const std::string& context) {
    return core::make_error(core::ErrorKind::git, context + ": " + last_message(code));
}

std::string redact(std::string text, const std::string& secret) {
    if (secret.empty()) {
        return text;
    }
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
        text.replace(at, secret.size(), "***");
    }
    return text;
}

std::string to_hex(const git_oid& oid) {
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof hex, &oid);
    return hex;
}

core::Expected<CommitPtr> lookup_commit(git_repository* repo, const std::string& ref) {
    if (ref.empty()) {
        return core::make_error(core::ErrorKind::git, "resolving an empty ref");
    }
    git_object* raw = nullptr;
    if (const int rc = git_revparse_single(&raw, repo, ref.c_str()); rc < 0) {
        if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS) {
            return core::make_error(core::ErrorKind::git, "resolving '" + ref + "': no such commit");
        }
        return git_failure(rc, "resolving '" + ref + "'");
    }
    const ObjectPtr object(raw);
    git_object* peeled = nullptr;
    if (const int rc = git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT); rc < 0) {
        return core::make_error(core::ErrorKind::git, "resolving '" + ref + "': not a commit");
    }
    return CommitPtr(reinterpret_cast<git_commit*>(peeled));
}

} // namespace autofix::adapters::libgit2
