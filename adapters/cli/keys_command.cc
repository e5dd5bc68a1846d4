// bulwark keys new: the key pair and certificate a Graph subscription encrypts resource data for.
// bulwark keys rotate: the next key of the config's key ring, made current.
#include <iostream>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/runtime_config.h"
#include "graph/key_ring.h"
#include "graph/key_store.h"
#include "source/clock.h"
#include "source/utc_time.h"

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

const std::vector<OptionSpec> kRotateOptions = {
    {"config", "FILE", "service config with a key_ring: section (required)"},
    {"id", "ID", "id of the new key (default: bulwark-<UTC date and time>)"},
    {"days", "N", "certificate validity in days (default: 365)"},
};

constexpr char kRotateUsage[] =
    "Usage: bulwark keys rotate --config FILE [--id ID] [--days N]\n"
    "\n"
    "Creates the next key and certificate in the config's key ring and makes it current. Then\n"
    "restart `bulwark run` (every instance): they load both keys, and reconciliation moves every\n"
    "subscription to the new certificate (PATCH encryptionCertificate and\n"
    "encryptionCertificateId). The previous key keeps decrypting what was encrypted for it until\n"
    "no notification used it for key_ring.retire_after_minutes; then the service retires it.\n"
    "\n";

// "bulwark-20261201T224700Z": sortable, unique to the second.
std::string DefaultKeyId(int64_t now_ms) {
  std::string t = source::FormatUtcMillis(now_ms);  // 2026-12-01T22:47:00.123Z
  std::string compact;
  for (size_t i = 0; i < t.size() && t[i] != '.'; ++i) {
    if (t[i] != '-' && t[i] != ':') compact.push_back(t[i]);
  }
  return "bulwark-" + compact + "Z";
}

}  // namespace

int KeysRotate(const Invocation& cmd) {
  const ParsedArgs& args = cmd.args();
  if (!args.Has("config")) return cmd.UsageError("--config is required");
  RuntimeConfig config;
  if (Status s = LoadRuntimeConfig(args.Get("config"), &config); !s.ok()) {
    return cmd.Failure(s.message());
  }
  if (!config.key_ring.configured()) {
    return cmd.Failure(
        "the config has no key_ring: section (key_ring: {dir: /var/lib/bulwark/keys})");
  }
  const std::optional<int> days = cmd.Integer("days", 365, 1, 3650);
  if (!days) return kExitUsage;
  const int64_t now_ms = source::SystemClock().WallMillis();
  const std::string id = args.Get("id", DefaultKeyId(now_ms));
  const std::string previous = config.key_ring.current;
  auto ring = graph::RotateKeyRing(config.key_ring.dir, id, *days, source::FormatUtcMillis(now_ms));
  if (!ring.ok()) return cmd.Failure(ring.status().message());
  std::cout << "current key: " << id << (previous.empty() ? " (the first)" : "") << "\n"
            << "certificate: " << ring->CertFile(id).string() << "\n";
  if (!previous.empty()) std::cout << "previous key: " << previous << " (kept until unused)\n";
  std::cout << "next: restart bulwark run; its reconciliation moves every subscription to " << id
            << "\n";
  return kExitOk;
}

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

Command KeysRotateCommand() {
  return {{"keys", "rotate"},
          "create the key ring's next key and make it current",
          kRotateUsage,
          kRotateOptions,
          &KeysRotate};
}

}  // namespace bulwark::cli
