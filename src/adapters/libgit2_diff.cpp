#include "adapters/libgit2_diff.hpp"

#include "adapters/libgit2_support.hpp"

namespace autofix::adapters::libgit2 {

core::Expected<ports::Diff> capped_diff(git_repository* repo, const std::string& base_ref,
                                        const std::string& head_ref, std::size_t max_bytes) {
    const std::string context = "diffing " + base_ref + "..." + head_ref;
    auto base = lookup_commit(repo, base_ref);
    if (!base) {
        return core::with_context(base.error(), context);
    }
    auto head = lookup_commit(repo, head_ref);
    if (!head) {
        return core::with_context(head.error(), context);
    }
    git_oid merge_base{};
    if (const int rc =
            git_merge_base(&merge_base, repo, git_commit_id(base->get()), git_commit_id(head->get()));
        rc < 0) {
        if (rc == GIT_ENOTFOUND) {
            return core::make_error(core::ErrorKind::git, context + ": the two have no common ancestor");
        }
        return git_failure(rc, context);
    }
    git_commit* raw_commit = nullptr;
    if (const int rc = git_commit_lookup(&raw_commit, repo, &merge_base); rc < 0) {
        return git_failure(rc, context);
    }
    const CommitPtr base_commit(raw_commit);
    git_tree* raw_tree = nullptr;
    if (const int rc = git_commit_tree(&raw_tree, base_commit.get()); rc < 0) {
        return git_failure(rc, context);
    }
    const TreePtr old_tree(raw_tree);
    if (const int rc = git_commit_tree(&raw_tree, head->get()); rc < 0) {
        return git_failure(rc, context);
    }
    const TreePtr new_tree(raw_tree);

    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    git_diff* raw_diff = nullptr;
    if (const int rc = git_diff_tree_to_tree(&raw_diff, repo, old_tree.get(), new_tree.get(), &options);
        rc < 0) {
        return git_failure(rc, context);
    }
    const DiffPtr diff(raw_diff);

    ports::Diff result;
    const size_t deltas = git_diff_num_deltas(diff.get());
    for (size_t i = 0; i < deltas; ++i) {
        git_patch* raw_patch = nullptr;
        if (const int rc = git_patch_from_diff(&raw_patch, diff.get(), i); rc < 0) {
            return git_failure(rc, context);
        }
        const PatchPtr patch(raw_patch);
        const git_diff_delta* delta = git_diff_get_delta(diff.get(), i);
        ports::DiffFile file;
        file.path = delta->status == GIT_DELTA_DELETED ? delta->old_file.path : delta->new_file.path;
        std::string text;
        if (patch) {
            size_t added = 0;
            size_t deleted = 0;
            git_patch_line_stats(nullptr, &added, &deleted, patch.get());
            file.added_lines = added;
            file.deleted_lines = deleted;
            Buffer buffer;
            if (const int rc = git_patch_to_buf(&buffer.buf, patch.get()); rc < 0) {
                return git_failure(rc, context);
            }
            text = buffer.str();
        }
        if (!result.truncated && result.text.size() + text.size() <= max_bytes) {
            result.text += text;
        } else {
            result.truncated = true;
            result.omitted_files.push_back(file.path);
        }
        result.files.push_back(std::move(file));
    }
    return result;
}

} // namespace autofix::adapters::libgit2
