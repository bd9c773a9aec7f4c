# The action's image: a fully static `autofix`, Debian's CA certificates and nothing else (FROM scratch).
#
# Builder: the same scripts/build-static that builds the binary outside Docker (and in CI), in two steps so
# that the static Poco and libgit2 (built from Debian's source packages) stay in a cached layer while the
# project's sources change. scripts/image-rootfs then lays out the runtime's files under /rootfs.
FROM debian:12 AS builder
WORKDIR /src
COPY scripts/build-static scripts/build-libgit2 scripts/
COPY cmake/static.cmake cmake/static.cmake
RUN scripts/build-static --deps-only
COPY . .
RUN scripts/build-static && scripts/image-rootfs build/static/src/autofix /rootfs

# Runtime: no base image. The binary loads no shared object at all, not even glibc's NSS modules: glibc 2.36
# has the `files` and `dns` services built in, so getaddrinfo reads /etc/nsswitch.conf, /etc/host.conf,
# /etc/hosts and /etc/resolv.conf itself (strace of the static binary resolving a name shows these opened and
# no libnss_*.so; only a service other than files and dns in nsswitch.conf would be dlopen'ed). The container
# runtime mounts /etc/hosts and /etc/resolv.conf, the runner mounts the workspace, HOME and the file-command
# folder; the image adds the binary, the CA bundle (for GitHub, the model API and git over HTTPS), /tmp and a
# minimal /etc. No shell and no git (the binary uses libgit2): the binary is the entrypoint, so the runner's
# INPUT_BUILD-STATUS-style variables reach it untouched.
FROM scratch
COPY --from=builder /rootfs/ /
ENTRYPOINT ["/usr/local/bin/autofix"]
