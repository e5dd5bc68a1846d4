// bulwark keys new: the key pair and certificate a Graph subscription encrypts resource data for.
#include <iostream>

#include "cli/args.h"
#include "cli/command.h"
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

int KeysNew(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  const std::string id = args->Get("id");
  const std::string out = args->Get("out");
  if (id.empty() || out.empty() || !args->positional.empty()) {
    std::cerr << "bulwark keys new: --id and --out are required\n";
    return kExitUsage;
  }
  const std::optional<int> days = cmd.Integer("days", 365, 1, 3650);
  if (!days) return kExitUsage;
  std::string cert_b64;
  Status s =
      graph::GenerateKeyAndCertificate(id, out, args->Get("cn", "bulwark-" + id), *days, &cert_b64);
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

Command KeysNewCommand() {
  return {{"keys", "new"},
          "create the RSA key and certificate a Graph subscription encrypts for",
          kUsage,
          kOptions,
          &KeysNew};
}

}  // namespace bulwark::cli
