// bulwark simulate: wrap plain chatMessage JSON into encrypted change notifications, exactly as
// Graph writes them into an Event Hub. For samples, tests and load generation.
#include <fstream>
#include <iostream>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/commands.h"
#include "cli/uuid.h"
#include "graph/chat_message.h"
#include "graph/key_store.h"
#include "graph/notification_crypto.h"

namespace bulwark::cli {
namespace {

using nlohmann::ordered_json;

const std::vector<OptionSpec> kOptions = {
    {"cert", "FILE", "certificate (PEM or DER) whose public key encrypts the dataKey (required)"},
    {"cert-id", "ID", "encryptionCertificateId (required)"},
    {"tenant", "ID", "tenantId (default: the sender's tenant, else a fixed test tenant)"},
    {"subscription", "ID", "subscriptionId (default: a fixed test subscription)"},
    {"client-state", "TEXT", "clientState to include"},
    {"batch", "N", "notifications per event (default: 1)"},
    {"out", "FILE", "output (default: stdout)"},
};

constexpr char kUsage[] =
    "Usage: bulwark simulate --cert CERT --cert-id ID [OPTIONS] MESSAGES.jsonl\n"
    "\n"
    "Reads one chatMessage JSON per line and writes Event Hubs event bodies, one per line:\n"
    "{\"value\": [changeNotification...]} with encryptedContent made as Graph makes it (random\n"
    "AES-256 key wrapped with RSA-OAEP-SHA1, AES-256-CBC, HMAC-SHA256 signature).\n"
    "\n";

constexpr char kDefaultTenant[] = "00000000-0000-4000-8000-00000000a11c";
constexpr char kDefaultSubscription[] = "00000000-0000-4000-8000-0000000005b5";

std::string Str(const nlohmann::json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// The Graph resource path of a message: a chat message, a channel post or a reply.
std::string ResourcePath(const nlohmann::json& m) {
  const std::string id = Str(m, "id");
  if (!Str(m, "chatId").empty()) return "chats('" + Str(m, "chatId") + "')/messages('" + id + "')";
  const auto ch = m.find("channelIdentity");
  if (ch != m.end() && ch->is_object()) {
    std::string base =
        "teams('" + Str(*ch, "teamId") + "')/channels('" + Str(*ch, "channelId") + "')";
    const std::string parent = Str(m, "replyToId");
    if (!parent.empty()) return base + "/messages('" + parent + "')/replies('" + id + "')";
    return base + "/messages('" + id + "')";
  }
  return "chats/getAllMessages/messages('" + id + "')";
}

}  // namespace

int Simulate(const Invocation& cmd) {
  const ParsedArgs* args = &cmd.args();
  if (args->Get("cert").empty() || args->Get("cert-id").empty() || args->positional.size() != 1) {
    std::cerr << "bulwark simulate: --cert, --cert-id and one MESSAGES.jsonl are required\n";
    return kExitUsage;
  }
  const std::optional<int> batch_size = cmd.Integer("batch", 1, 1, 1000);
  if (!batch_size) return kExitUsage;
  const int batch = *batch_size;
  std::shared_ptr<EVP_PKEY> pub;
  std::string der;
  if (Status s = graph::LoadCertificatePublicKey(args->Get("cert"), &pub, &der); !s.ok()) {
    std::cerr << "bulwark simulate: " << s.message() << "\n";
    return kExitFailure;
  }
  const std::string thumbprint = graph::CertificateThumbprint(der);
  std::ifstream in(args->positional[0]);
  if (!in) {
    std::cerr << "bulwark simulate: cannot read " << args->positional[0] << "\n";
    return kExitFailure;
  }
  std::ofstream out_file;
  std::ostream* out = &std::cout;
  if (args->Has("out")) {
    out_file.open(args->Get("out"), std::ios::trunc);
    out = &out_file;
  }
  const std::string subscription = args->Get("subscription", kDefaultSubscription);
  int exit_code = kExitOk;
  ordered_json event = {{"value", ordered_json::array()}};
  auto flush = [&] {
    if (event["value"].empty()) return;
    *out << event.dump() << "\n";
    event["value"] = ordered_json::array();
  };
  std::string line;
  for (uint64_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const auto msg = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (msg.is_discarded() || !graph::IsChatMessage(msg)) {
      std::cerr << "bulwark simulate: line " << n << " is not a chatMessage JSON; skipped\n";
      exit_code = kExitFailure;
      continue;
    }
    graph::EncryptedFields enc;
    if (!graph::EncryptNotificationContent(pub.get(), msg.dump(), &enc)) {
      std::cerr << "bulwark simulate: encryption failed\n";
      return kExitFailure;
    }
    std::string tenant = args->Get("tenant");
    if (tenant.empty() && msg.contains("from") && msg["from"].is_object() &&
        msg["from"].contains("user") && msg["from"]["user"].is_object()) {
      tenant = Str(msg["from"]["user"], "tenantId");
    }
    if (tenant.empty()) tenant = kDefaultTenant;
    const std::string resource = ResourcePath(msg);
    // A message modified since it was created (edited, or its policyViolation set) comes as an
    // `updated` notification, as Graph sends it.
    const std::string modified = Str(msg, "lastModifiedDateTime");
    ordered_json n_json;
    n_json["id"] = DeterministicUuid(subscription + "/" + resource +
                                     (modified.empty() ? "" : "/updated/" + modified));
    n_json["subscriptionId"] = subscription;
    n_json["subscriptionExpirationDateTime"] = "2026-12-31T00:00:00.0000000+00:00";
    n_json["changeType"] = modified.empty() ? "created" : "updated";
    n_json["resource"] = resource;
    n_json["resourceData"] = {{"id", Str(msg, "id")},
                              {"@odata.type", "#Microsoft.Graph.chatMessage"},
                              {"@odata.id", resource}};
    if (args->Has("client-state")) n_json["clientState"] = args->Get("client-state");
    n_json["tenantId"] = tenant;
    n_json["encryptedContent"] = {{"data", enc.data},
                                  {"dataSignature", enc.data_signature},
                                  {"dataKey", enc.data_key},
                                  {"encryptionCertificateId", args->Get("cert-id")},
                                  {"encryptionCertificateThumbprint", thumbprint}};
    event["value"].push_back(std::move(n_json));
    if (static_cast<int>(event["value"].size()) == batch) flush();
  }
  flush();
  return exit_code;
}

Command SimulateCommand() {
  return {{"simulate"},
          "encrypt chatMessage JSON into change notifications, as Graph does",
          kUsage,
          kOptions,
          &Simulate};
}

}  // namespace bulwark::cli
