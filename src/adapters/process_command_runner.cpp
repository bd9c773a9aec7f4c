#include "adapters/process_command_runner.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

namespace autofix::adapters {
namespace {

using Clock = std::chrono::steady_clock;

// Keeps the first and the last halves of a stream of at most `cap` bytes in all.
class CappedOutput {
public:
    explicit CappedOutput(std::size_t cap) : m_head_cap(cap / 2), m_tail_cap(cap - cap / 2) {}

    void append(const char* data, std::size_t size) {
        m_total += size;
        const std::size_t to_head = std::min(size, m_head_cap - std::min(m_head_cap, m_head.size()));
        m_head.append(data, to_head);
        data += to_head;
        size -= to_head;
        if (size == 0) {
            return;
        }
        m_tail.append(data, size);
        if (m_tail.size() > 2 * m_tail_cap + 4096) {
            m_tail.erase(0, m_tail.size() - m_tail_cap);
        }
    }

    std::string text() const {
        std::string tail = m_tail;
        if (tail.size() > m_tail_cap) {
            tail.erase(0, tail.size() - m_tail_cap);
        }
        const std::uint64_t kept = m_head.size() + tail.size();
        if (kept == m_total) {
            return m_head + tail;
        }
        return m_head + "\n[... " + std::to_string(m_total - kept) + " bytes of output cut ...]\n" + tail;
    }

    std::uint64_t total() const { return m_total; }

private:
    std::size_t m_head_cap;
    std::size_t m_tail_cap;
    std::string m_head;
    std::string m_tail;
    std::uint64_t m_total = 0;
};

// Owns a file descriptor.
class Fd {
public:
    explicit Fd(int fd = -1) : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    int get() const { return m_fd; }
    void reset() {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
        m_fd = -1;
    }

private:
    int m_fd;
};

core::Error spawn_error(const ports::CommandSpec& spec, int code) {
    return core::make_error(core::ErrorKind::io, "cannot start " + (spec.argv.empty() ? "" : spec.argv[0]) +
                                                     " in " + spec.directory + ": " + std::strerror(code));
}

// Reads what is available on `fd` into `output`; returns false at end of file.
bool drain(int fd, CappedOutput& output) {
    char buffer[65536];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got > 0) {
            output.append(buffer, static_cast<std::size_t>(got));
            continue;
        }
        if (got == 0) {
            return false;
        }
        if (errno == EINTR) {
            continue;
        }
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }
}

} // namespace

core::Expected<ports::CommandResult> ProcessCommandRunner::run(const ports::CommandSpec& spec) {
    if (spec.argv.empty()) {
        return core::make_error(core::ErrorKind::invalid_input, "no command to run");
    }
    int ends[2];
    if (::pipe2(ends, O_CLOEXEC) != 0) {
        return core::make_error(core::ErrorKind::io, std::string("pipe: ") + std::strerror(errno));
    }
    Fd read_end(ends[0]);
    Fd write_end(ends[1]);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
    posix_spawn_file_actions_adddup2(&actions, write_end.get(), 2);
    posix_spawn_file_actions_addchdir_np(&actions, spec.directory.c_str());
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes,
                             POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attributes, 0); // a group of its own, led by the command
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int signal : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD}) {
        sigaddset(&defaults, signal);
    }
    posix_spawnattr_setsigdefault(&attributes, &defaults);

    std::vector<char*> argv;
    for (const std::string& argument : spec.argv) {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const std::string& entry : spec.environment) {
        envp.push_back(const_cast<char*>(entry.c_str()));
    }
    envp.push_back(nullptr);

    const auto started = Clock::now();
    pid_t pid = 0;
    const int spawned =
        ::posix_spawn(&pid, spec.argv[0].c_str(), &actions, &attributes, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        return spawn_error(spec, spawned);
    }
    write_end.reset();
    ::fcntl(read_end.get(), F_SETFL, ::fcntl(read_end.get(), F_GETFL) | O_NONBLOCK);

    ports::CommandResult result;
    CappedOutput output(spec.output_cap);
    const auto deadline = started + spec.timeout;
    int status = 0;
    bool exited = false;
    bool open = true;
    while (!exited) {
        const auto now = Clock::now();
        if (now >= deadline) {
            result.timed_out = true;
            ::kill(-pid, SIGKILL);
            break;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
        if (open) {
            pollfd watched{read_end.get(), POLLIN, 0};
            const int ready = ::poll(&watched, 1, static_cast<int>(std::min<long long>(left, 100)));
            if (ready > 0) {
                open = drain(read_end.get(), output);
            }
        } else {
            ::usleep(static_cast<useconds_t>(std::min<long long>(left, 50) * 1000));
        }
        const pid_t waited = ::waitpid(pid, &status, WNOHANG);
        exited = waited == pid;
    }
    if (exited) {
        if (open) {
            (void)drain(read_end.get(), output); // what the command wrote before it exited
        }
        ::kill(-pid, SIGKILL); // children it left behind
    } else {
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (open) {
            (void)drain(read_end.get(), output);
        }
    }
    result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    if (!result.timed_out) {
        if (WIFEXITED(status)) {
            result.exit_code = WEXITSTATUS(status);
        } else if (WIFSIGNALED(status)) {
            result.signal = WTERMSIG(status);
        }
    } else {
        result.signal = SIGKILL;
    }
    result.output = output.text();
    result.output_bytes = output.total();
    return result;
}

} // namespace autofix::adapters
