// bulwark keys new: the key pair and certificate a Graph subscription encrypts resource data for.
#include <iostream>

#include "cli/args.h"
#include "cli/commands.h"
#include "graph/key_store.h"

namespace bulwark::cli {
namespace {

const std::vector<OptionSpec> kOptions = {
    {"id", "ID", "encryptionCertificateId to use in the subscription (required)"},
    {"out", "DIR", "directory for ID.key.pem (mode 0600) and ID.cert.pem (required)"},
    {"cn", "NAME", "certificate subject common name (default: bulwark-<ID>)"},
    {"days", "N", "validity in days (default: 365)"},
};

constexpr char kUsage[] =
    "Usage: bulwark keys new --id ID --out DIR [--cn NAME] [--days N]\n"
    "\n"
    "Creates an RSA-2048 key and a self-signed certificate and prints the values a Graph\n"
    "subscription needs: encryptionCertificate (base64 DER) and encryptionCertificateId.\n"
    "Give the key to bulwark as --key ID=DIR/ID.key.pem,DIR/ID.cert.pem.\n"
    "\n";

}  // namespace

int KeysCommand(int argc, char** argv, int first) {
  if (first >= argc || std::string(argv[first]) != "new") {
    const bool help = first < argc && std::string(argv[first]) == "--help";
    (help ? std::cout : std::cerr) << kUsage << FormatOptions(kOptions);
    return help ? kExitOk : kExitUsage;
  }
  auto args = ParseArgs(argc, argv, first + 1, kOptions);
  if (!args.ok()) {
    std::cerr << "bulwark keys new: " << args.status().message() << "\n";
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::cout << kUsage << FormatOptions(kOptions);
    return kExitOk;
  }
  const std::string id = args->Get("id");
  const std::string out = args->Get("out");
  if (id.empty() || out.empty() || !args->positional.empty()) {
    std::cerr << "bulwark keys new: --id and --out are required\n";
    return kExitUsage;
  }
  const int days = std::atoi(args->Get("days", "365").c_str());
  if (days < 1 || days > 3650) {
    std::cerr << "bulwark keys new: --days must be 1..3650\n";
    return kExitUsage;
  }
  std::string cert_b64;
  Status s =
      graph::GenerateKeyAndCertificate(id, out, args->Get("cn", "bulwark-" + id), days, &cert_b64);
  if (!s.ok()) {
    std::cerr << "bulwark keys new: " << s.message() << "\n";
    return kExitFailure;
  }
  std::cout << "encryptionCertificateId: " << id << "\n"
            << "encryptionCertificate: " << cert_b64 << "\n"
            << "private key: " << out << "/" << id << ".key.pem (keep it secret; mode 0600)\n"
            << "certificate: " << out << "/" << id << ".cert.pem\n";
  return kExitOk;
}

}  // namespace bulwark::cli
