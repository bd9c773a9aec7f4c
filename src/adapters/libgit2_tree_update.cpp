#include "adapters/libgit2_tree_update.hpp"

#include <git2/sys/errors.h>

namespace autofix::adapters::libgit2 {

core::Expected<std::optional<git_oid>> head_tree_updated(git_repository* repo, git_index* index,
                                                         const std::vector<std::string>& paths,
                                                         const std::string& context) {
    git_oid head_id{};
    if (git_reference_name_to_id(&head_id, repo, "HEAD") != 0) {
        git_error_clear();
        return std::optional<git_oid>{};
    }
    git_commit* raw_head = nullptr;
    if (const int rc = git_commit_lookup(&raw_head, repo, &head_id); rc < 0) {
        return git_failure(rc, context);
    }
    const CommitPtr head(raw_head);
    git_tree* raw_tree = nullptr;
    if (const int rc = git_commit_tree(&raw_tree, head.get()); rc < 0) {
        return git_failure(rc, context);
    }
    const TreePtr base(raw_tree);
    std::vector<git_tree_update> updates;
    updates.reserve(paths.size());
    for (const std::string& path : paths) {
        git_tree_update update{};
        update.path = path.c_str();
        if (const git_index_entry* entry = git_index_get_bypath(index, path.c_str(), 0); entry != nullptr) {
            update.action = GIT_TREE_UPDATE_UPSERT;
            git_oid_cpy(&update.id, &entry->id);
            update.filemode = static_cast<git_filemode_t>(entry->mode);
        } else {
            update.action = GIT_TREE_UPDATE_REMOVE;
            // Removing a path HEAD never had is no change: libgit2 would fail on it.
            git_tree_entry* raw_entry = nullptr;
            if (git_tree_entry_bypath(&raw_entry, base.get(), path.c_str()) != 0) {
                git_error_clear();
                continue;
            }
            git_tree_entry_free(raw_entry);
        }
        updates.push_back(update);
    }
    git_oid tree_id{};
    if (const int rc = git_tree_create_updated(&tree_id, repo, base.get(), updates.size(), updates.data());
        rc < 0) {
        return git_failure(rc, context + ": writing the changed trees");
    }
    return std::optional<git_oid>{tree_id};
}

} // namespace autofix::adapters::libgit2
