#pragma once

#include "core/error.hpp"

#include <git2.h>
#include <git2/sys/errors.h> // git_error_clear (moved out of git2.h in libgit2 1.8)
#include <memory>
#include <string>

namespace autofix::adapters::libgit2 {

/// Frees a libgit2 object with its own free function; lets unique_ptr own libgit2 handles.
template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* object) const {
        if (object != nullptr) {
            Free(object);
        }
    }
};

/// A unique_ptr owning a libgit2 object.
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using RepositoryPtr = Owned<git_repository, git_repository_free>;
using ReferencePtr = Owned<git_reference, git_reference_free>;
using ObjectPtr = Owned<git_object, git_object_free>;
using CommitPtr = Owned<git_commit, git_commit_free>;
using TreePtr = Owned<git_tree, git_tree_free>;
using IndexPtr = Owned<git_index, git_index_free>;
using RevwalkPtr = Owned<git_revwalk, git_revwalk_free>;
using StatusListPtr = Owned<git_status_list, git_status_list_free>;
using SignaturePtr = Owned<git_signature, git_signature_free>;
using RemotePtr = Owned<git_remote, git_remote_free>;
using DiffPtr = Owned<git_diff, git_diff_free>;
using PatchPtr = Owned<git_patch, git_patch_free>;

/// A git_buf that disposes of itself.
struct Buffer {
    git_buf buf = GIT_BUF_INIT;
    Buffer() = default;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    ~Buffer() { git_buf_dispose(&buf); }
    /// The buffer's text, "" when empty.
    std::string str() const { return buf.ptr == nullptr ? std::string() : std::string(buf.ptr, buf.size); }
};

/// Initialises libgit2 once per process and turns off its owner validation (a root-run container
/// action opens a runner-owned checkout); safe to call from any thread, any number of times.
void ensure_initialised();

/// Returns libgit2's last error message for return code `code`, or a generic text naming the code.
std::string last_message(int code);

/// Makes an ErrorKind::git error "<context>: <libgit2 message>" for return code `code`.
core::Error git_failure(int code, const std::string& context);

/// Returns `text` with every occurrence of `secret` replaced by "***" (unchanged when `secret` is empty).
std::string redact(std::string text, const std::string& secret);

/// Returns the 40-hex form of `oid`.
std::string to_hex(const git_oid& oid);

/// Resolves `ref` (anything rev-parse accepts) to the commit it names; fails (git) when it names none.
core::Expected<CommitPtr> lookup_commit(git_repository* repo, const std::string& ref);

} // namespace autofix::adapters::libgit2
