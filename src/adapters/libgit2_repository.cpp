#include "adapters/libgit2_repository.hpp"

#include "adapters/libgit2_diff.hpp"
#include "adapters/libgit2_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace autofix::adapters {

using namespace libgit2;

namespace {

std::string text_or_empty(const char* text) {
    return text == nullptr ? std::string() : std::string(text);
}

core::Expected<ports::CommitInfo> describe(git_commit* commit) {
    ports::CommitInfo info;
    info.sha = to_hex(*git_commit_id(commit));
    const git_signature* author = git_commit_author(commit);
    const git_signature* committer = git_commit_committer(commit);
    info.author_name = text_or_empty(author->name);
    info.author_email = text_or_empty(author->email);
    info.committer_name = text_or_empty(committer->name);
    info.committer_email = text_or_empty(committer->email);
    info.subject = text_or_empty(git_commit_summary(commit));
    info.body = text_or_empty(git_commit_body(commit));
    info.parent_count = git_commit_parentcount(commit);
    // The parents as the commit object names them: in a shallow repository libgit2 grafts the boundary
    // commits to have none, while their `parent` header lines still say which commits they were made on.
    const std::string header = text_or_empty(git_commit_raw_header(commit));
    for (std::size_t start = 0; start < header.size();) {
        std::size_t end = header.find('\n', start);
        end = end == std::string::npos ? header.size() : end;
        const std::string_view line = std::string_view(header).substr(start, end - start);
        if (line.starts_with("parent ") && line.size() >= 7 + 40) {
            info.parents.emplace_back(line.substr(7, 40));
        }
        start = end + 1;
    }
    git_message_trailer_array trailers{};
    if (git_message_trailers(&trailers, git_commit_message(commit)) == 0) {
        for (size_t i = 0; i < trailers.count; ++i) {
            info.trailers.emplace_back(trailers.trailers[i].key, trailers.trailers[i].value);
        }
        git_message_trailer_array_free(&trailers);
    }
    return info;
}

/// Where a status entry's path stands relative to HEAD and the disk, as a change kind (or none).
bool classify(unsigned int status, ports::ChangeKind& kind) {
    const bool in_head = (status & GIT_STATUS_INDEX_NEW) == 0 &&
                         !((status & GIT_STATUS_WT_NEW) != 0 && (status & GIT_STATUS_INDEX_DELETED) == 0);
    const bool on_disk = (status & GIT_STATUS_WT_DELETED) == 0 &&
                         !((status & GIT_STATUS_INDEX_DELETED) != 0 && (status & GIT_STATUS_WT_NEW) == 0);
    if (!in_head && on_disk) {
        kind = ports::ChangeKind::added;
    } else if (in_head && !on_disk) {
        kind = ports::ChangeKind::deleted;
    } else if (in_head && on_disk) {
        kind = ports::ChangeKind::modified;
    } else {
        return false;
    }
    return true;
}

bool valid_branch_name(const std::string& name) {
    int valid = 0;
    const std::string ref = "refs/heads/" + name;
    return !name.empty() && git_reference_name_is_valid(&valid, ref.c_str()) == 0 && valid != 0;
}

core::Error invalid_branch(const std::string& context, const std::string& name) {
    return core::make_error(core::ErrorKind::git, context + ": '" + name + "' is not a valid branch name");
}

} // namespace

std::string default_workspace() {
    const char* workspace = std::getenv("GITHUB_WORKSPACE");
    if (workspace != nullptr && workspace[0] != '\0') {
        return workspace;
    }
    std::error_code ignored;
    return std::filesystem::current_path(ignored).string();
}

core::Expected<std::unique_ptr<Libgit2Repository>> Libgit2Repository::open(const std::string& workspace,
                                                                           RemoteSpec remote) {
    ensure_initialised();
    const std::string context = "opening the repository at " + workspace;
    git_repository* raw = nullptr;
    if (const int rc =
            git_repository_open_ext(&raw, workspace.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
        rc < 0) {
        if (rc == GIT_ENOTFOUND) {
            return core::make_error(core::ErrorKind::invalid_input,
                                    context +
                                        ": not a git repository (run actions/checkout before this action)");
        }
        return git_failure(rc, context);
    }
    RepositoryPtr repo(raw);
    if (git_repository_is_bare(repo.get()) != 0) {
        return core::make_error(core::ErrorKind::invalid_input,
                                context + ": a bare repository has no work tree");
    }
    return std::unique_ptr<Libgit2Repository>(new Libgit2Repository(repo.release(), std::move(remote)));
}

Libgit2Repository::Libgit2Repository(git_repository* repo, RemoteSpec remote)
    : m_repo(repo), m_remote(std::move(remote)) {}

Libgit2Repository::~Libgit2Repository() {
    git_repository_free(m_repo);
}

std::string Libgit2Repository::workdir() const {
    return text_or_empty(git_repository_workdir(m_repo));
}

core::Expected<std::string> Libgit2Repository::head_commit() {
    git_oid oid{};
    if (const int rc = git_reference_name_to_id(&oid, m_repo, "HEAD"); rc < 0) {
        if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) {
            return core::make_error(core::ErrorKind::git, "reading HEAD: the branch has no commit yet");
        }
        return git_failure(rc, "reading HEAD");
    }
    return to_hex(oid);
}

core::Expected<std::string> Libgit2Repository::current_branch() {
    git_reference* raw = nullptr;
    if (const int rc = git_reference_lookup(&raw, m_repo, "HEAD"); rc < 0) {
        return git_failure(rc, "reading HEAD");
    }
    const ReferencePtr head(raw);
    if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC) {
        return std::string();
    }
    const std::string target = git_reference_symbolic_target(head.get());
    const std::string prefix = "refs/heads/";
    return target.rfind(prefix, 0) == 0 ? target.substr(prefix.size()) : std::string();
}

core::Expected<bool> Libgit2Repository::local_branch_exists(const std::string& name) {
    if (!valid_branch_name(name)) {
        return invalid_branch("looking for local branch", name);
    }
    git_oid oid{};
    const std::string ref = "refs/heads/" + name;
    const int rc = git_reference_name_to_id(&oid, m_repo, ref.c_str());
    if (rc == GIT_ENOTFOUND) {
        return false;
    }
    if (rc < 0) {
        return git_failure(rc, "looking for local branch " + name);
    }
    return true;
}

core::Expected<bool> Libgit2Repository::remote_branch_exists(const std::string& name) {
    return remote_has_branch(m_repo, m_remote, name);
}

core::Status Libgit2Repository::switch_to(const std::string& full_ref, const std::string& context) {
    auto commit = lookup_commit(m_repo, full_ref);
    if (!commit) {
        return core::with_context(commit.error(), context);
    }
    git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
    options.checkout_strategy = GIT_CHECKOUT_SAFE;
    if (const int rc =
            git_checkout_tree(m_repo, reinterpret_cast<const git_object*>(commit->get()), &options);
        rc < 0) {
        if (rc == GIT_ECONFLICT) {
            return core::make_error(core::ErrorKind::git,
                                    context + ": local changes would be overwritten: " + last_message(rc));
        }
        return git_failure(rc, context);
    }
    if (const int rc = git_repository_set_head(m_repo, full_ref.c_str()); rc < 0) {
        return git_failure(rc, context);
    }
    return {};
}

core::Status Libgit2Repository::create_branch(const std::string& name, const std::string& from_commit) {
    const std::string context = "creating branch " + name + " at " + from_commit;
    if (!valid_branch_name(name)) {
        return invalid_branch(context, name);
    }
    auto commit = lookup_commit(m_repo, from_commit);
    if (!commit) {
        return core::with_context(commit.error(), context);
    }
    git_reference* raw = nullptr;
    if (const int rc = git_branch_create(&raw, m_repo, name.c_str(), commit->get(), 0); rc < 0) {
        if (rc == GIT_EEXISTS) {
            return core::make_error(core::ErrorKind::git, context + ": the branch already exists");
        }
        return git_failure(rc, context);
    }
    const ReferencePtr branch(raw);
    // At HEAD's own commit (case 1 branches off the failing commit) only HEAD moves, as with `git checkout
    // -b`: the index and the work tree already match. A checkout would stat, and on a fresh clone hash,
    // every file of the work tree for nothing.
    git_oid head_id{};
    if (git_reference_name_to_id(&head_id, m_repo, "HEAD") == 0 &&
        git_oid_equal(&head_id, git_commit_id(commit->get())) != 0) {
        const std::string full_ref = "refs/heads/" + name;
        if (const int rc = git_repository_set_head(m_repo, full_ref.c_str()); rc < 0) {
            core::Error failed = git_failure(rc, context);
            git_branch_delete(branch.get());
            return failed;
        }
        return {};
    }
    git_error_clear();
    if (auto switched = switch_to("refs/heads/" + name, context); !switched) {
        git_branch_delete(branch.get()); // leave no half-made branch behind
        return switched;
    }
    return {};
}

core::Status Libgit2Repository::replace_branch(const std::string& name, const std::string& from_commit) {
    const std::string context = "making branch " + name + " again at " + from_commit;
    if (!valid_branch_name(name)) {
        return invalid_branch(context, name);
    }
    auto commit = lookup_commit(m_repo, from_commit);
    if (!commit) {
        return core::with_context(commit.error(), context);
    }
    const git_oid* target = git_commit_id(commit->get());
    git_oid head_id{};
    const bool at_head =
        git_reference_name_to_id(&head_id, m_repo, "HEAD") == 0 && git_oid_equal(&head_id, target);
    git_error_clear();
    if (!at_head) {
        git_checkout_options options = GIT_CHECKOUT_OPTIONS_INIT;
        options.checkout_strategy = GIT_CHECKOUT_SAFE;
        if (const int rc =
                git_checkout_tree(m_repo, reinterpret_cast<const git_object*>(commit->get()), &options);
            rc < 0) {
            if (rc == GIT_ECONFLICT) {
                return core::make_error(core::ErrorKind::git,
                                        context +
                                            ": local changes would be overwritten: " + last_message(rc));
            }
            return git_failure(rc, context);
        }
    }
    // libgit2 moves no branch HEAD is on: detach HEAD first, then move (or create) the branch and attach.
    if (const int rc = git_repository_set_head_detached(m_repo, target); rc < 0) {
        return git_failure(rc, context);
    }
    git_reference* raw = nullptr;
    if (const int rc = git_branch_create(&raw, m_repo, name.c_str(), commit->get(), 1); rc < 0) {
        return git_failure(rc, context);
    }
    git_reference_free(raw);
    if (const int rc = git_repository_set_head(m_repo, ("refs/heads/" + name).c_str()); rc < 0) {
        return git_failure(rc, context);
    }
    return {};
}

core::Status Libgit2Repository::fetch_branch(const std::string& name) {
    return fetch_remote_branch(m_repo, m_remote, name);
}

core::Expected<bool> Libgit2Repository::is_shallow() {
    const int shallow = git_repository_is_shallow(m_repo);
    if (shallow < 0) {
        return git_failure(shallow, "reading .git/shallow");
    }
    return shallow == 1;
}

core::Status Libgit2Repository::fetch_commit(const std::string& sha) {
    const std::string context = "fetching commit " + sha;
    if (sha.size() != 40 || sha.find_first_not_of("0123456789abcdef") != std::string::npos) {
        return core::make_error(core::ErrorKind::git, context + ": not a full commit id");
    }
    if (auto present = resolves(sha); present && *present) {
        return {};
    }
    auto shallow = is_shallow();
    if (!shallow) {
        return shallow.error();
    }
    if (auto fetched = fetch_refspecs(m_repo, m_remote, {sha},
                                      *shallow ? FetchDepth::one_commit : FetchDepth::missing, context);
        !fetched) {
        return fetched;
    }
    if (auto reopened = reopen(context); !reopened) {
        return reopened;
    }
    if (auto present = resolves(sha); !present || !*present) {
        return core::make_error(core::ErrorKind::git, context + ": the remote did not send it");
    }
    return {};
}

core::Status Libgit2Repository::fetch_history(const std::vector<std::string>& names) {
    std::string context = "fetching the history of";
    std::vector<std::string> refspecs;
    for (const std::string& name : names) {
        if (!valid_branch_name(name)) {
            return invalid_branch("fetching the history of " + name, name);
        }
        context += " " + name;
        refspecs.push_back("+refs/heads/" + name + ":refs/remotes/origin/" + name);
    }
    auto shallow = is_shallow();
    if (!shallow) {
        return shallow.error();
    }
    if (auto fetched = fetch_refspecs(m_repo, m_remote, refspecs,
                                      *shallow ? FetchDepth::unshallow : FetchDepth::missing, context);
        !fetched) {
        return fetched;
    }
    return *shallow ? reopen(context) : core::Status{};
}

core::Status Libgit2Repository::reopen(const std::string& context) {
    // libgit2 keeps parsed commits (their parents cut at the old shallow boundary) and the shallow grafts
    // in memory: a fetch that moves the boundary needs a fresh handle.
    const std::string workdir_path = workdir();
    git_repository* raw = nullptr;
    if (const int rc =
            git_repository_open_ext(&raw, workdir_path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
        rc < 0) {
        return git_failure(rc, context + ": reopening the repository");
    }
    git_repository_free(m_repo);
    m_repo = raw;
    return {};
}

core::Status Libgit2Repository::checkout_branch(const std::string& name) {
    const std::string context = "checking out branch " + name;
    auto local = local_branch_exists(name);
    if (!local) {
        return local.error();
    }
    if (*local) {
        return switch_to("refs/heads/" + name, context);
    }
    const std::string tracking = "origin/" + name;
    auto commit = lookup_commit(m_repo, "refs/remotes/" + tracking);
    if (!commit) {
        return core::make_error(core::ErrorKind::git, context + ": neither a local branch nor " + tracking +
                                                          " exists (fetch it first)");
    }
    git_reference* raw = nullptr;
    if (const int rc = git_branch_create(&raw, m_repo, name.c_str(), commit->get(), 0); rc < 0) {
        return git_failure(rc, context);
    }
    const ReferencePtr branch(raw);
    if (auto switched = switch_to("refs/heads/" + name, context); !switched) {
        git_branch_delete(branch.get());
        return switched;
    }
    // Tracking is a convenience for people looking at the checkout; it needs a configured "origin".
    if (git_branch_set_upstream(branch.get(), tracking.c_str()) < 0) {
        git_error_clear();
    }
    return {};
}

core::Expected<std::vector<ports::CommitInfo>> Libgit2Repository::commits_between(const std::string& base_ref,
                                                                                  const std::string& head_ref,
                                                                                  std::size_t max_count) {
    const std::string context = "listing commits " + base_ref + ".." + head_ref;
    git_revwalk* raw = nullptr;
    if (const int rc = git_revwalk_new(&raw, m_repo); rc < 0) {
        return git_failure(rc, context);
    }
    const RevwalkPtr walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    auto head = lookup_commit(m_repo, head_ref);
    if (!head) {
        return core::with_context(head.error(), context);
    }
    if (const int rc = git_revwalk_push(walk.get(), git_commit_id(head->get())); rc < 0) {
        return git_failure(rc, context);
    }
    if (!base_ref.empty()) {
        auto base = lookup_commit(m_repo, base_ref);
        if (!base) {
            return core::with_context(base.error(), context);
        }
        if (const int rc = git_revwalk_hide(walk.get(), git_commit_id(base->get())); rc < 0) {
            return git_failure(rc, context);
        }
    }
    std::vector<ports::CommitInfo> commits;
    git_oid oid{};
    while (commits.size() < max_count) {
        const int rc = git_revwalk_next(&oid, walk.get());
        if (rc == GIT_ITEROVER) {
            break;
        }
        if (rc < 0) {
            return git_failure(rc, context);
        }
        git_commit* raw_commit = nullptr;
        if (const int lookup = git_commit_lookup(&raw_commit, m_repo, &oid); lookup < 0) {
            return git_failure(lookup, context);
        }
        const CommitPtr commit(raw_commit);
        auto info = describe(commit.get());
        if (!info) {
            return info.error();
        }
        commits.push_back(std::move(*info));
    }
    std::reverse(commits.begin(), commits.end());
    return commits;
}

core::Expected<bool> Libgit2Repository::resolves(const std::string& ref) {
    git_object* raw = nullptr;
    const int rc = git_revparse_single(&raw, m_repo, ref.c_str());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS) {
        return false;
    }
    if (rc < 0) {
        return git_failure(rc, "resolving '" + ref + "'");
    }
    const ObjectPtr object(raw);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) < 0) {
        return false;
    }
    git_object_free(peeled);
    return true;
}

core::Expected<std::string> Libgit2Repository::resolve(const std::string& ref) {
    auto commit = lookup_commit(m_repo, ref);
    if (!commit) {
        return commit.error();
    }
    return to_hex(*git_commit_id(commit->get()));
}

core::Expected<std::vector<ports::ChangedFile>> Libgit2Repository::working_tree_changes() {
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                    GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
    git_status_list* raw = nullptr;
    if (const int rc = git_status_list_new(&raw, m_repo, &options); rc < 0) {
        return git_failure(rc, "reading the work tree's status");
    }
    const StatusListPtr list(raw);
    std::vector<ports::ChangedFile> changes;
    const size_t count = git_status_list_entrycount(list.get());
    for (size_t i = 0; i < count; ++i) {
        const git_status_entry* entry = git_status_byindex(list.get(), i);
        ports::ChangedFile change;
        if (!classify(entry->status, change.kind)) {
            continue;
        }
        const git_diff_delta* delta =
            entry->index_to_workdir != nullptr ? entry->index_to_workdir : entry->head_to_index;
        change.path =
            text_or_empty(delta->new_file.path != nullptr ? delta->new_file.path : delta->old_file.path);
        changes.push_back(std::move(change));
    }
    return changes;
}

core::Expected<ports::Diff> Libgit2Repository::diff(const std::string& base_ref, const std::string& head_ref,
                                                    std::size_t max_bytes) {
    return capped_diff(m_repo, base_ref, head_ref, max_bytes);
}

core::Status Libgit2Repository::push(const std::string& branch) {
    return push_branch(m_repo, m_remote, branch);
}

} // namespace autofix::adapters
