// Checks which CA certificates a run trusts: the system bundle alone, SSL_CERT_FILE in its place, and
// SSL_CERT_DIR and the ca-bundle input added into one combined PEM file; unusable sources fail naming them.
#include "adapters/tls_trust.hpp"
#include "support/repo_builder.hpp"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace autofix::adapters {
namespace {

namespace fs = std::filesystem;

std::string pem(const std::string& name) {
    return "-----BEGIN CERTIFICATE-----\n" + name + "\n-----END CERTIFICATE-----\n";
}

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

TEST(TlsTrust, NothingGivenMeansTheSystemBundleItself) {
    const testing::TempDir scratch;
    const auto bundle = prepare_ca_bundle({}, scratch.path());
    ASSERT_TRUE(bundle) << bundle.error().message;
    EXPECT_EQ(*bundle, system_ca_bundle());
    EXPECT_TRUE(fs::is_empty(scratch.path())); // nothing written
}

TEST(TlsTrust, SslCertFileAloneReplacesTheSystemBundle) {
    const testing::TempDir dir;
    write_file(dir / "corp.pem", pem("CORP"));
    const auto bundle = prepare_ca_bundle({dir / "corp.pem", "", ""}, dir / "");
    ASSERT_TRUE(bundle) << bundle.error().message;
    EXPECT_EQ(*bundle, dir / "corp.pem");
}

TEST(TlsTrust, CaBundleInputIsAddedToTheSystemBundle) {
    const testing::TempDir dir;
    write_file(dir / "corp.pem", pem("CORP"));
    const auto bundle = prepare_ca_bundle({"", "", dir / "corp.pem"}, dir.path());
    ASSERT_TRUE(bundle) << bundle.error().message;
    const std::string combined = read_file(*bundle);
    EXPECT_TRUE(combined.ends_with(pem("CORP")))
        << combined.substr(combined.size() > 200 ? combined.size() - 200 : 0);
    if (!system_ca_bundle().empty()) {
        EXPECT_EQ(combined, read_file(system_ca_bundle()) + pem("CORP"));
    }
}

TEST(TlsTrust, SslCertDirCertificatesAreAddedOnceEach) {
    const testing::TempDir dir;
    write_file(dir / "base.pem", pem("BASE"));
    fs::create_directories(dir / "certs");
    write_file(dir / "certs/one.pem", pem("ONE"));
    write_file(dir / "certs/two.crt", pem("TWO"));
    write_file(dir / "certs/README", "not a certificate\n");
    fs::create_symlink("one.pem", dir / "certs/1a2b3c4d.0"); // what `openssl rehash` makes
    const auto bundle = prepare_ca_bundle({dir / "base.pem", dir / "certs", dir / "base.pem"}, dir.path());
    ASSERT_TRUE(bundle) << bundle.error().message;
    EXPECT_EQ(read_file(*bundle), pem("BASE") + pem("ONE") + pem("TWO") + pem("BASE"));
}

TEST(TlsTrust, UnusableSourcesFailNamingThem) {
    const testing::TempDir dir;
    write_file(dir / "empty.pem", "no certificate here\n");
    fs::create_directories(dir / "nothing");

    const auto missing = prepare_ca_bundle({"", "", dir / "missing.pem"}, dir.path());
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, core::ErrorKind::invalid_input);
    EXPECT_NE(missing.error().message.find("ca-bundle '" + (dir / "missing.pem") + "' cannot be read"),
              std::string::npos)
        << missing.error().message;

    const auto not_pem = prepare_ca_bundle({dir / "empty.pem", "", ""}, dir.path());
    ASSERT_FALSE(not_pem);
    EXPECT_NE(
        not_pem.error().message.find("SSL_CERT_FILE '" + (dir / "empty.pem") + "' holds no PEM certificate"),
        std::string::npos)
        << not_pem.error().message;

    const auto empty_dir = prepare_ca_bundle({"", dir / "nothing", ""}, dir.path());
    ASSERT_FALSE(empty_dir);
    EXPECT_NE(empty_dir.error().message.find("SSL_CERT_DIR"), std::string::npos) << empty_dir.error().message;
}

} // namespace
} // namespace autofix::adapters
