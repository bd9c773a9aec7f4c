#include "support/repo_builder.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace autofix::testing {
namespace {

void close_fd(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

std::vector<std::string> merged_environment(const CommandEnv& extra) {
    std::vector<std::string> result;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        const std::string name = text.substr(0, text.find('='));
        bool overridden = false;
        for (const auto& [key, value] : extra) {
            overridden = overridden || key == name;
        }
        if (!overridden) {
            result.push_back(text);
        }
    }
    for (const auto& [key, value] : extra) {
        result.push_back(key + "=" + value);
    }
    return result;
}

CommandEnv git_environment(const GitPerson& person) {
    return {{"GIT_CONFIG_NOSYSTEM", "1"},        {"GIT_CONFIG_GLOBAL", "/dev/null"},
            {"GIT_AUTHOR_NAME", person.name},    {"GIT_AUTHOR_EMAIL", person.email},
            {"GIT_COMMITTER_NAME", person.name}, {"GIT_COMMITTER_EMAIL", person.email},
            {"GIT_TERMINAL_PROMPT", "0"}};
}

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
        text.pop_back();
    }
    return text;
}

} // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::string& input, const CommandEnv& env) {
    if (argv.empty()) {
        throw std::runtime_error("run_command: empty argv");
    }
    ::signal(SIGPIPE, SIG_IGN); // a child that stops reading its stdin must not kill the test
    std::vector<std::string> environment = merged_environment(env);
    std::vector<char*> envp;
    for (auto& entry : environment) {
        envp.push_back(entry.data());
    }
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> argp;
    for (auto& arg : args) {
        argp.push_back(arg.data());
    }
    argp.push_back(nullptr);

    int in_pipe[2];
    int out_pipe[2];
    int err_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
        ::pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("run_command: pipe: ") + std::strerror(errno));
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error(std::string("run_command: fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        ::dup2(in_pipe[0], 0);
        ::dup2(out_pipe[1], 1);
        ::dup2(err_pipe[1], 2);
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
            ::_exit(126);
        }
        ::execvpe(argp[0], argp.data(), envp.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    int to_child = in_pipe[1];
    int from_out = out_pipe[0];
    int from_err = err_pipe[0];
    ::fcntl(to_child, F_SETFL, O_NONBLOCK);
    std::size_t written = 0;
    if (input.empty()) {
        close_fd(to_child);
    }
    CommandResult result;
    char chunk[65536];
    while (to_child >= 0 || from_out >= 0 || from_err >= 0) {
        pollfd fds[3] = {{to_child, POLLOUT, 0}, {from_out, POLLIN, 0}, {from_err, POLLIN, 0}};
        if (::poll(fds, 3, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (to_child >= 0 && (fds[0].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
            const ssize_t n = ::write(to_child, input.data() + written, input.size() - written);
            if (n > 0) {
                written += static_cast<std::size_t>(n);
            }
            if (n < 0 && errno != EAGAIN) {
                written = input.size(); // the child closed its stdin: stop feeding it
            }
            if (written >= input.size()) {
                close_fd(to_child);
            }
        }
        for (int index : {1, 2}) {
            int& fd = index == 1 ? from_out : from_err;
            if (fd >= 0 && (fds[index].revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
                const ssize_t n = ::read(fd, chunk, sizeof chunk);
                if (n > 0) {
                    (index == 1 ? result.out : result.err).append(chunk, static_cast<std::size_t>(n));
                } else if (n == 0 || errno != EINTR) {
                    close_fd(fd);
                }
            }
        }
    }
    close_fd(to_child);
    close_fd(from_out);
    close_fd(from_err);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

TempDir::TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "autofix-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error(std::string("TempDir: mkdtemp: ") + std::strerror(errno));
    }
    m_path = pattern;
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(m_path, ignored);
}

CommandResult git_result_in(const std::string& dir, const std::vector<std::string>& args,
                            const GitPerson& person) {
    std::vector<std::string> argv = {
        "git", "-c", "safe.directory=*", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv, dir, "", git_environment(person));
}

std::string git_in(const std::string& dir, const std::vector<std::string>& args, const GitPerson& person) {
    const CommandResult result = git_result_in(dir, args, person);
    if (result.exit_code != 0) {
        std::string command = "git";
        for (const auto& arg : args) {
            command += " " + arg;
        }
        throw std::runtime_error(command + " in " + dir + " failed (" + std::to_string(result.exit_code) +
                                 "): " + result.err);
    }
    return result.out;
}

void init_bare(const std::string& path, const std::string& branch) {
    std::filesystem::create_directories(path);
    git_in(path, {"init", "--bare", "-q", "-b", branch});
}

RepoBuilder::RepoBuilder(std::string path) : m_path(std::move(path)) {}

RepoBuilder RepoBuilder::init(const std::string& path, const std::string& branch) {
    std::filesystem::create_directories(path);
    git_in(path, {"init", "-q", "-b", branch});
    return RepoBuilder(path);
}

RepoBuilder RepoBuilder::clone(const std::string& source, const std::string& path) {
    git_in(std::filesystem::path(path).parent_path().string(), {"clone", "-q", source, path});
    return RepoBuilder(path);
}

std::string RepoBuilder::git(const std::vector<std::string>& args, const GitPerson& person) const {
    return git_in(m_path, args, person);
}

void RepoBuilder::write(const std::string& relative, const std::string& content) const {
    const std::filesystem::path file = std::filesystem::path(m_path) / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) {
        throw std::runtime_error("RepoBuilder: cannot write " + file.string());
    }
}

std::string RepoBuilder::read(const std::string& relative) const {
    std::ifstream in(std::filesystem::path(m_path) / relative, std::ios::binary);
    if (!in) {
        throw std::runtime_error("RepoBuilder: cannot read " + relative);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void RepoBuilder::remove(const std::string& relative) const {
    std::filesystem::remove(std::filesystem::path(m_path) / relative);
}

std::string RepoBuilder::commit(const std::string& message, const GitPerson& person) const {
    git({"add", "-A"}, person);
    git({"commit", "-q", "--allow-empty", "-m", message}, person);
    return rev("HEAD");
}

std::string RepoBuilder::commit_file(const std::string& relative, const std::string& content,
                                     const std::string& message, const GitPerson& person) const {
    write(relative, content);
    return commit(message, person);
}

std::string RepoBuilder::rev(const std::string& ref) const {
    return trimmed(git({"rev-parse", ref}));
}

} // namespace autofix::testing
