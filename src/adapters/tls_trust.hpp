#pragma once

#include "core/error.hpp"

#include <string>

namespace autofix::adapters {

// Which certificate authorities TLS connections trust, for libgit2 (git fetch and push) and Poco (the GitHub
// API, the Messages API, artifact upload) alike. A GitHub Enterprise Server or a TLS-inspecting proxy with a
// private CA is trusted by naming its CA bundle:
// - SSL_CERT_FILE replaces the system bundle (as with OpenSSL, curl and git);
// - SSL_CERT_DIR adds the certificates of every PEM file in that folder;
// - the `ca-bundle` input adds one PEM file from the workspace, on top of the system bundle.
// Both libraries get the same single PEM file: libgit2's mbedTLS backend (Debian's shared library) takes one
// location and replaces its chain with it, so the sources are concatenated into one file when there are more.

/// The sources of trust of one run.
struct TlsTrustSources {
    std::string cert_file;    // SSL_CERT_FILE; empty: the system bundle
    std::string cert_dir;     // SSL_CERT_DIR; empty: none
    std::string extra_bundle; // the ca-bundle input, resolved to a path; empty: none
};

/// Reads SSL_CERT_FILE and SSL_CERT_DIR (either case) from the environment, with `extra_bundle` added.
TlsTrustSources tls_trust_sources_from_environment(std::string extra_bundle);

/// Returns the system CA bundle (Debian's /etc/ssl/certs/ca-certificates.crt or another distribution's), or
/// "" when none exists.
std::string system_ca_bundle();

/// Returns the PEM file that holds every trusted certificate of `sources`: the bundle itself when it is the
/// only source, else a file written into `scratch_dir` with all of them. Fails (invalid_input) naming a
/// source that cannot be read or holds no certificate, (io) when the file cannot be written.
core::Expected<std::string> prepare_ca_bundle(const TlsTrustSources& sources, const std::string& scratch_dir);

/// Makes `bundle` what every later TLS connection of this process trusts: libgit2's certificate location and
/// the default of HttpTransportOptions. Nothing is parsed here: libgit2 (and its TLS) is set up only before
/// the first https:// git request (use_ca_bundle_for_git), so a run without one never loads the bundle.
core::Status install_ca_bundle(const std::string& bundle);

/// Gives libgit2 the installed bundle if it has not got it yet; call before an https:// git request. Fails
/// (network) when libgit2 rejects the file.
core::Status use_ca_bundle_for_git();

/// The bundle installed by install_ca_bundle, or "" when none was.
std::string installed_ca_bundle();

} // namespace autofix::adapters
