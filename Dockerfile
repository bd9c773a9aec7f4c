# syntax=docker/dockerfile:1
# The action's image: a fully static `autofix` on debian:12-slim.
#
# Builder: the same scripts/build-static that builds the binary outside Docker (and in CI), in two steps so
# that the static Poco and libgit2 (built from Debian's source packages) stay in a cached layer while the
# project's sources change.
FROM debian:12 AS builder
WORKDIR /src
COPY scripts/build-static scripts/build-static
COPY cmake/static.cmake cmake/static.cmake
RUN scripts/build-static --deps-only
COPY . .
RUN scripts/build-static

# Runtime: debian:12-slim, not scratch or distroless. The binary is static, but glibc's getaddrinfo in a
# static binary still dlopens the NSS modules (libnss_files, libnss_dns) of the same glibc version at run
# time to resolve host names; debian:12-slim has exactly the glibc 2.36 the builder linked against.
# CA certificates are the only package added; no compiler, no git (the binary uses libgit2).
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=builder /src/build/static/src/autofix /usr/local/bin/autofix
COPY entrypoint.sh /entrypoint.sh
COPY prompts/ /usr/local/share/autofix/prompts/
COPY action.yml /usr/local/share/autofix/action.yml
ENTRYPOINT ["/entrypoint.sh"]
