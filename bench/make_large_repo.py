#!/usr/bin/env python3
"""Generates the benchmark's large repository and failure log, once, into a cache directory.

large-repo.git: a bare repository with 20,000 files (about 200 MB) under src/pkg_NNN/module_NNN.py and
2,000 commits on main (commits 1-1000 add 20 files each, commits 1001-2000 each append to one file), written
with `git fast-import`. large.log: an Actions-style log of about 200 MB (timestamps, groups, build and test
noise) whose Python traceback near the end names TARGET, a file of the repository.

Usage: bench/make_large_repo.py <cache-dir> [--files N] [--repo-mb N] [--commits N] [--log-mb N]
A repository of fewer than 20,000 files gets its own log (large-<N>mb-<files>files.log) naming one of its
files. Prints the paths; does nothing when the outputs (and their stamp) already exist.
"""
import argparse
import os
import random
import subprocess
import sys

TARGET = "src/pkg_137/module_042.py"
TARGET_LINE = 10


def file_path(index):
    return "src/pkg_%03d/module_%03d.py" % (index // 100, index % 100)


def file_header(path):
    return '"""Module %s of the generated benchmark project."""\n' % path[4:-3]


def file_body(index, size):
    rng = random.Random(index)
    path = file_path(index)
    parts = [file_header(path), "import math\n", "\n"]
    length = sum(len(p) for p in parts)
    n = 0
    while length < size:
        a, b, c = rng.randrange(1000), rng.randrange(1000), rng.randrange(97)
        chunk = (
            "\n\ndef compute_%d_%d(value, factor=%d):\n"
            "    \"\"\"Returns value scaled by factor %d and shifted by %d.\"\"\"\n"
            "    result = value * factor + %d\n"
            "    if result %% %d == 0:\n"
            "        return math.floor(result / %d)\n"
            "    return result\n" % (index, n, a, a, b, b, c + 2, c + 1)
        )
        parts.append(chunk)
        length += len(chunk)
        n += 1
    return "".join(parts).encode()


def write_repo(repo, files, repo_mb, commits):
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", repo], check=True)
    size = repo_mb * 1024 * 1024 // files
    adding_commits = commits // 2
    per_commit = (files + adding_commits - 1) // adding_commits
    proc = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = proc.stdin
    when = 1700000000
    added = 0
    for number in range(1, commits + 1):
        when += 600
        if number <= adding_commits:
            paths = [(i, file_body(i, size)) for i in range(added, min(files, added + per_commit))]
            added += len(paths)
            message = "Add modules %d-%d" % (paths[0][0], paths[-1][0]) if paths else "Empty commit"
        else:
            index = (number * 7919) % files
            if file_path(index) == TARGET:
                index = (index + 1) % files
            body = file_body(index, size) + ("\n# revision %d\n" % number).encode()
            paths = [(index, body)]
            message = "Tune %s" % file_path(index)
        msg = message.encode()
        out.write(b"commit refs/heads/main\n")
        out.write(b"committer Dana Developer <dana@example.com> %d +0000\n" % when)
        out.write(b"data %d\n%s\n" % (len(msg), msg))
        for index, body in paths:
            out.write(b"M 100644 inline %s\ndata %d\n" % (file_path(index).encode(), len(body)))
            out.write(body)
            out.write(b"\n")
        out.write(b"\n")
    out.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")


def write_log(path, log_mb):
    limit = log_mb * 1024 * 1024
    rng = random.Random(7)
    with open(path, "w", encoding="utf-8") as out:
        written = 0
        n = 0
        lines = []
        while written < limit - 4096:
            n += 1
            stamp = "2024-05-01T12:%02d:%02d.%07dZ " % (n // 60000 % 60, n // 1000 % 60, n % 10000000)
            kind = n % 101
            if kind == 0:
                line = stamp + "##[group]Run python -m pytest tests/part_%d\n" % (n % 17)
            elif kind == 1:
                line = stamp + "##[endgroup]\n"
            elif kind == 2:
                line = stamp + "\x1b[33mWARNING\x1b[0m %s:%d: DeprecationWarning: math.floor on float\n" % (
                    file_path(rng.randrange(20000)), rng.randrange(1, 200))
            elif n % 3 == 0:
                line = stamp + "tests/part_%d/test_module_%d.py::test_case_%d \x1b[32mPASSED\x1b[0m [ %d%%]\n" % (
                    n % 17, n % 400, n % 37, n % 100)
            elif n % 3 == 1:
                line = stamp + "Collecting package_%d==1.%d.%d (from -r requirements.txt (line %d))\n" % (
                    n % 300, n % 20, n % 9, n % 50)
            else:
                line = stamp + "  Downloading package_%d-1.%d-py3-none-any.whl (%d kB)\n" % (n % 300, n % 20, n % 900)
            lines.append(line)
            written += len(line)
            if len(lines) >= 10000:
                out.write("".join(lines))
                lines = []
        out.write("".join(lines))
        tail = [
            "##[group]Run python -m unittest discover -v\n",
            "test_compute (tests.test_pkg_137.TestModule042) ... ERROR\n",
            "\n",
            "======================================================================\n",
            "ERROR: test_compute (tests.test_pkg_137.TestModule042)\n",
            "----------------------------------------------------------------------\n",
            "Traceback (most recent call last):\n",
            '  File "/home/runner/work/inventory/inventory/tests/test_pkg_137.py", line 9, in test_compute\n',
            "    self.assertEqual(compute_42_0(3), 9)\n",
            '  File "/home/runner/work/inventory/inventory/%s", line %d, in compute_42_0\n' % (TARGET, TARGET_LINE),
            "    return math.floor(result / 2)\n",
            "NameError: name 'math' is not defined\n",
            "\n",
            "----------------------------------------------------------------------\n",
            "Ran 1 test in 0.001s\n",
            "\n",
            "FAILED (errors=1)\n",
            "##[endgroup]\n",
            "##[error]Process completed with exit code 1.\n",
        ]
        for line in tail:
            out.write("2024-05-01T12:59:59.0000000Z " + line)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cache")
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--repo-mb", type=int, default=200)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--log-mb", type=int, default=200)
    args = parser.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    global TARGET
    if args.files < 20000:
        # A smaller repository (the growth table): the log's traceback names a file it has.
        TARGET = file_path(args.files * 13742 // 20000)
    name = "large-%d-%d-%d" % (args.files, args.repo_mb, args.commits)
    repo = os.path.join(args.cache, name + ".git")
    log = os.path.join(args.cache, "large-%dmb.log" % args.log_mb)
    if args.files < 20000:
        log = os.path.join(args.cache, "large-%dmb-%dfiles.log" % (args.log_mb, args.files))
    if not os.path.exists(repo + ".stamp"):
        subprocess.run(["rm", "-rf", repo], check=True)
        print("generating %s (%d files, %d MB, %d commits)" % (repo, args.files, args.repo_mb, args.commits),
              file=sys.stderr)
        write_repo(repo, args.files, args.repo_mb, args.commits)
        open(repo + ".stamp", "w").close()
    if not os.path.exists(log + ".stamp"):
        print("generating %s (%d MB)" % (log, args.log_mb), file=sys.stderr)
        write_log(log, args.log_mb)
        open(log + ".stamp", "w").close()
    print(repo)
    print(log)
    print(TARGET)


if __name__ == "__main__":
    main()
