#include "adapters/tls_trust.hpp"

#include "adapters/libgit2_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <unistd.h>
#include <vector>

namespace autofix::adapters {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view pem_certificate = "-----BEGIN CERTIFICATE-----";

std::string env_either(const char* upper, const char* lower) {
    for (const char* name : {upper, lower}) {
        if (const char* value = std::getenv(name); value != nullptr && *value != '\0') {
            return value;
        }
    }
    return {};
}

bool read_text(const fs::path& path, std::string& text) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        return false;
    }
    std::ostringstream content;
    content << file.rdbuf();
    text = content.str();
    return !file.bad();
}

core::Error unusable(const std::string& what, const std::string& why) {
    return core::make_error(core::ErrorKind::invalid_input, "CA certificates: " + what + " " + why);
}

// Appends the PEM file at `path` to `bundle`; fails when it cannot be read or holds no certificate.
core::Status append_pem(const fs::path& path, const std::string& what, std::string& bundle) {
    std::string text;
    if (!read_text(path, text)) {
        return unusable(what, "cannot be read");
    }
    if (text.find(pem_certificate) == std::string::npos) {
        return unusable(what, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    bundle += text;
    if (!text.empty() && text.back() != '\n') {
        bundle += '\n';
    }
    return {};
}

// Appends every PEM certificate file of `dir` (the hash links of `openssl rehash` counted once).
core::Status append_dir(const fs::path& dir, std::string& bundle) {
    const std::string what = "SSL_CERT_DIR '" + dir.string() + "'";
    std::error_code error;
    fs::directory_iterator entries(dir, error);
    if (error) {
        return unusable(what, "cannot be listed: " + error.message());
    }
    std::set<fs::path> files;
    for (const auto& entry : entries) {
        std::error_code ignored;
        if (entry.is_regular_file(ignored)) {
            files.insert(fs::canonical(entry.path(), ignored));
        }
    }
    std::size_t found = 0;
    for (const fs::path& file : files) {
        std::string text;
        if (read_text(file, text) && text.find(pem_certificate) != std::string::npos) {
            bundle += text;
            if (text.back() != '\n') {
                bundle += '\n';
            }
            ++found;
        }
    }
    if (found == 0) {
        return unusable(what, "holds no PEM certificate file");
    }
    return {};
}

std::mutex installed_mutex;
std::string installed_bundle;
bool git_has_bundle = false; // libgit2 was given installed_bundle

// Removes the combined bundle when the process ends.
struct ScratchBundle {
    std::string path;
    ~ScratchBundle() {
        if (!path.empty()) {
            std::error_code ignored;
            fs::remove(path, ignored);
        }
    }
};
ScratchBundle scratch_bundle;

} // namespace

TlsTrustSources tls_trust_sources_from_environment(std::string extra_bundle) {
    return {env_either("SSL_CERT_FILE", "ssl_cert_file"), env_either("SSL_CERT_DIR", "ssl_cert_dir"),
            std::move(extra_bundle)};
}

std::string system_ca_bundle() {
    for (const char* candidate :
         {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"}) {
        std::error_code ignored;
        if (fs::is_regular_file(candidate, ignored)) {
            return candidate;
        }
    }
    return {};
}

core::Expected<std::string> prepare_ca_bundle(const TlsTrustSources& sources,
                                              const std::string& scratch_dir) {
    const std::string base = sources.cert_file.empty() ? system_ca_bundle() : sources.cert_file;
    if (sources.cert_dir.empty() && sources.extra_bundle.empty()) {
        if (!sources.cert_file.empty()) {
            std::string ignored;
            if (auto checked = append_pem(base, "SSL_CERT_FILE '" + base + "'", ignored); !checked) {
                return checked.error();
            }
        }
        return base;
    }
    std::string bundle;
    if (!base.empty()) {
        const std::string what =
            sources.cert_file.empty() ? "the system bundle '" + base + "'" : "SSL_CERT_FILE '" + base + "'";
        if (auto appended = append_pem(base, what, bundle); !appended) {
            return appended.error();
        }
    }
    if (!sources.cert_dir.empty()) {
        if (auto appended = append_dir(sources.cert_dir, bundle); !appended) {
            return appended.error();
        }
    }
    if (!sources.extra_bundle.empty()) {
        if (auto appended =
                append_pem(sources.extra_bundle, "ca-bundle '" + sources.extra_bundle + "'", bundle);
            !appended) {
            return appended.error();
        }
    }
    const fs::path path =
        fs::path(scratch_dir) / ("autofix-ca-bundle-" + std::to_string(::getpid()) + ".pem");
    {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file << bundle;
        if (!file) {
            return core::make_error(core::ErrorKind::io, "CA certificates: cannot write " + path.string());
        }
    }
    scratch_bundle.path = path.string();
    return path.string();
}

core::Status install_ca_bundle(const std::string& bundle) {
    if (bundle.empty()) {
        return {}; // no bundle on this system and none given: each library keeps its own defaults
    }
    const std::lock_guard lock(installed_mutex);
    installed_bundle = bundle;
    git_has_bundle = false;
    return {};
}

core::Status use_ca_bundle_for_git() {
    const std::lock_guard lock(installed_mutex);
    if (installed_bundle.empty() || git_has_bundle) {
        return {};
    }
    libgit2::ensure_initialised();
    if (const int rc = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, installed_bundle.c_str(), nullptr);
        rc < 0) {
        return core::make_error(core::ErrorKind::network, "CA certificates: libgit2 cannot use " +
                                                              installed_bundle + ": " +
                                                              libgit2::last_message(rc));
    }
    git_has_bundle = true;
    return {};
}

std::string installed_ca_bundle() {
    const std::lock_guard lock(installed_mutex);
    return installed_bundle;
}

} // namespace autofix::adapters
