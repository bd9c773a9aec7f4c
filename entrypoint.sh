#!/bin/bash
# shellcheck shell=sh
# The container's entrypoint: marks the workspace as a safe git directory, then runs the autofix binary.
#
# The runner mounts the checkout at /github/workspace, owned by another uid than the container's root;
# git (when the image has it, e.g. for a user's own steps) refuses such a directory unless it is listed as
# safe. The autofix binary itself uses libgit2 with owner validation turned off, so it needs no git here.
# The Actions environment (INPUT_*, GITHUB_*, ACTIONS_*) passes through untouched; arguments go to the binary.
# Written in POSIX sh (and linted as such), but run by bash: the runner passes inputs as INPUT_BUILD-STATUS,
# INPUT_GITHUB-TOKEN, ..., names that are not shell identifiers. Debian's /bin/sh (dash) silently drops such
# variables from the environment of every command it runs, so the binary would never see them; bash keeps
# them. tests/integration/entrypoint_test.cpp checks that they arrive.
# AUTOFIX_BIN overrides the binary's path (tests run this script against a freshly built binary).
set -eu

workspace="${GITHUB_WORKSPACE:-}"
if [ -n "$workspace" ] && command -v git >/dev/null 2>&1; then
  if ! git config --global --get-all safe.directory 2>/dev/null | grep -qxF "$workspace"; then
    git config --global --add safe.directory "$workspace" ||
      echo "entrypoint.sh: could not mark $workspace as a safe git directory" >&2
  fi
fi

exec "${AUTOFIX_BIN:-/usr/local/bin/autofix}" "$@"
