// Fuzz target: commit-trailer parsing as the fix-branch reader does it. Input: NUL-separated commit messages
// (git messages hold no NUL); each is parsed by libgit2's git_message_trailers as the adapter does, then the
// branch history, the subject's attempt number and the fenced failures are read from them.
#include "core/branch_history.hpp"
#include "core/commit_message.hpp"
#include "fuzz/fuzz_input.hpp"

#include <git2.h>

namespace {

autofix::core::CommitFacts to_facts(std::string_view message, std::size_t index) {
    autofix::core::CommitFacts facts;
    facts.sha = std::to_string(index);
    const autofix::core::AgentIdentity agent;
    const bool human = !message.empty() && message.front() == 'H';
    facts.author_name = human ? "Test Human" : agent.name;
    facts.author_email = human ? "human@example.com" : agent.email;
    facts.message = std::string(message);
    facts.subject = std::string(message.substr(0, message.find('\n')));
    git_message_trailer_array trailers{};
    if (git_message_trailers(&trailers, facts.message.c_str()) == 0) {
        for (std::size_t i = 0; i < trailers.count; ++i) {
            facts.trailers.emplace_back(trailers.trailers[i].key, trailers.trailers[i].value);
        }
        git_message_trailer_array_free(&trailers);
    }
    return facts;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace autofix;
    static const int initialised = git_libgit2_init();
    (void)initialised;
    std::vector<core::CommitFacts> commits;
    for (const auto message : fuzz::split(fuzz::as_text(data, size), '\0')) {
        commits.push_back(to_facts(message, commits.size()));
        const auto& facts = commits.back();
        (void)core::attempt_from_subject(facts.subject);
        (void)core::extract_original_error(facts.message);
        (void)core::extract_answered_failure(facts.message);
        (void)core::find_trailer(facts.trailers, core::trailer_attempt);
    }
    const core::AgentIdentity agent;
    const auto history = core::read_branch_history(commits, agent, "1234567890");
    for (const auto& attempt : history.attempts) {
        if (attempt.number > history.highest_attempt) {
            fuzz::property_failed("an attempt above highest_attempt");
        }
    }
    std::vector<core::CommitFacts> newest_first(commits.rbegin(), commits.rend());
    if (const auto start = core::branch_start(newest_first, agent, "1234567890")) {
        if (*start >= newest_first.size()) {
            fuzz::property_failed("branch_start out of range");
        }
    }
    return 0;
}
