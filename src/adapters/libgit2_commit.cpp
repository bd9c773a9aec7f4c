// Writing commits: the whole work tree, chosen paths (only the trees on those paths are rewritten), or none.
#include "adapters/libgit2_repository.hpp"
#include "adapters/libgit2_support.hpp"
#include "adapters/libgit2_tree_update.hpp"

#include <filesystem>

namespace autofix::adapters {

using namespace libgit2;

core::Expected<std::string> Libgit2Repository::commit_all(const std::string& message,
                                                          const ports::Identity& identity) {
    const std::string context = "committing the work tree";
    git_index* raw_index = nullptr;
    if (const int rc = git_repository_index(&raw_index, m_repo); rc < 0) {
        return git_failure(rc, context);
    }
    const IndexPtr index(raw_index);
    // add_all skips ignored files and stages additions and modifications; update_all stages deletions.
    if (const int rc = git_index_add_all(index.get(), nullptr, GIT_INDEX_ADD_DEFAULT, nullptr, nullptr);
        rc < 0) {
        return git_failure(rc, context + ": staging");
    }
    if (const int rc = git_index_update_all(index.get(), nullptr, nullptr, nullptr); rc < 0) {
        return git_failure(rc, context + ": staging deletions");
    }
    return commit_index(index.get(), message, identity, context);
}

core::Expected<std::string> Libgit2Repository::commit_paths(const std::vector<std::string>& paths,
                                                            const std::string& message,
                                                            const ports::Identity& identity) {
    const std::string context = "committing " + std::to_string(paths.size()) + " changed file(s)";
    git_index* raw_index = nullptr;
    if (const int rc = git_repository_index(&raw_index, m_repo); rc < 0) {
        return git_failure(rc, context);
    }
    const IndexPtr index(raw_index);
    const std::filesystem::path root = git_repository_workdir(m_repo);
    for (const std::string& path : paths) {
        std::error_code error;
        const bool present = std::filesystem::symlink_status(root / path, error).type() !=
                             std::filesystem::file_type::not_found;
        const int rc = present ? git_index_add_bypath(index.get(), path.c_str())
                               : git_index_remove_bypath(index.get(), path.c_str());
        if (rc < 0) {
            git_index_read(index.get(), 1);
            return git_failure(rc, context + ": staging " + path);
        }
    }
    const auto tree = libgit2::head_tree_updated(m_repo, index.get(), paths, context);
    if (!tree) {
        git_index_read(index.get(), 1);
        return tree.error();
    }
    return commit_index(index.get(), message, identity, context, CommitTree::index,
                        tree->has_value() ? &**tree : nullptr);
}

core::Expected<std::string> Libgit2Repository::commit_empty(const std::string& message,
                                                            const ports::Identity& identity) {
    return commit_index(nullptr, message, identity, "committing an attempt without changes",
                        CommitTree::head);
}

core::Expected<std::string> Libgit2Repository::commit_index(git_index* index, const std::string& message,
                                                            const ports::Identity& identity,
                                                            const std::string& context, CommitTree tree_from,
                                                            const git_oid* written) {
    git_oid tree_id{};
    if (written != nullptr) {
        git_oid_cpy(&tree_id, written);
    } else if (tree_from == CommitTree::index) {
        if (const int rc = git_index_write_tree(&tree_id, index); rc < 0) {
            return git_failure(rc, context + ": writing the tree");
        }
    }
    CommitPtr parent;
    git_oid head_id{};
    if (git_reference_name_to_id(&head_id, m_repo, "HEAD") == 0) {
        git_commit* raw_parent = nullptr;
        if (const int rc = git_commit_lookup(&raw_parent, m_repo, &head_id); rc < 0) {
            return git_failure(rc, context);
        }
        parent.reset(raw_parent);
        if (tree_from == CommitTree::head) {
            git_oid_cpy(&tree_id, git_commit_tree_id(parent.get()));
        } else if (git_oid_equal(git_commit_tree_id(parent.get()), &tree_id) != 0) {
            git_index_read(index, 1); // forget what was staged in memory
            return core::make_error(core::ErrorKind::git,
                                    context + ": nothing to commit (the work tree has no changes)");
        }
    } else if (tree_from == CommitTree::head) {
        return core::make_error(core::ErrorKind::git, context + ": HEAD names no commit");
    } else {
        git_error_clear();
    }
    if (tree_from == CommitTree::index) {
        if (const int rc = git_index_write(index); rc < 0) {
            return git_failure(rc, context + ": writing the index");
        }
    }
    git_tree* raw_tree = nullptr;
    if (const int rc = git_tree_lookup(&raw_tree, m_repo, &tree_id); rc < 0) {
        return git_failure(rc, context);
    }
    const TreePtr tree(raw_tree);
    git_signature* raw_signature = nullptr;
    if (const int rc = git_signature_now(&raw_signature, identity.name.c_str(), identity.email.c_str());
        rc < 0) {
        return core::make_error(core::ErrorKind::invalid_input, context + ": invalid identity '" +
                                                                    identity.name + " <" + identity.email +
                                                                    ">': " + last_message(rc));
    }
    const SignaturePtr signature(raw_signature);
    Buffer cleaned;
    // No comment stripping: an error excerpt in the message may have lines starting with '#'.
    if (const int rc = git_message_prettify(&cleaned.buf, message.c_str(), 0, '#'); rc < 0) {
        return git_failure(rc, context + ": cleaning the message");
    }
    if (cleaned.str().empty()) {
        return core::make_error(core::ErrorKind::invalid_input, context + ": the commit message is empty");
    }
    const git_commit* parents[] = {parent.get()};
    git_oid commit_id{};
    if (const int rc = git_commit_create(&commit_id, m_repo, "HEAD", signature.get(), signature.get(),
                                         nullptr, cleaned.str().c_str(), tree.get(), parent ? 1 : 0, parents);
        rc < 0) {
        return git_failure(rc, context);
    }
    return to_hex(commit_id);
}

} // namespace autofix::adapters
