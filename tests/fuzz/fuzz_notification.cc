// Fuzz target: one Event Hubs event body through the NotificationDecoder, as the service reads
// it. The first byte chooses what the rest is: the raw body (envelope parsing, validation,
// dead letters), or a chatMessage that is first encrypted for a real RSA key generated at
// start-up, so that signature checking, decryption, JSON and HTML extraction are reached.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "graph/key_store.h"
#include "graph/notification_crypto.h"
#include "graph/notification_decoder.h"

namespace {

struct Fixture {
  bulwark::graph::KeyStore keys;
  EVP_PKEY* public_key = nullptr;
  std::unique_ptr<bulwark::graph::NotificationDecoder> decoder;
};

Fixture* Make() {
  auto* f = new Fixture();
  EVP_PKEY* key = EVP_RSA_gen(2048);  // test-only key, made fresh on every run
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("bulwark-fuzz-key-" + std::to_string(getpid()));
  FILE* out = std::fopen(file.c_str(), "w");
  PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(out);
  std::filesystem::permissions(file, std::filesystem::perms::owner_read);
  std::vector<std::string> warnings;
  if (!f->keys.Add("fz", file, "", &warnings).ok()) std::abort();
  std::filesystem::remove(file);
  f->public_key = key;
  bulwark::graph::DecoderConfig config;
  config.keys = &f->keys;
  config.client_state = "cs";
  f->decoder = std::make_unique<bulwark::graph::NotificationDecoder>(std::move(config));
  return f;
}

std::string Wrap(Fixture* f, std::string_view message) {
  bulwark::graph::EncryptedFields enc;
  if (!bulwark::graph::EncryptNotificationContent(f->public_key, message, &enc)) std::abort();
  nlohmann::json n = {
      {"id", "n1"},
      {"subscriptionId", "s1"},
      {"changeType", "created"},
      {"clientState", "cs"},
      {"tenantId", "t1"},
      {"resource", "chats('19:x@thread.v2')/messages('1')"},
      {"resourceData", {{"id", "1"}, {"@odata.type", "#Microsoft.Graph.chatMessage"}}},
      {"encryptedContent",
       {{"data", enc.data},
        {"dataSignature", enc.data_signature},
        {"dataKey", enc.data_key},
        {"encryptionCertificateId", "fz"}}}};
  return nlohmann::json{{"value", {n}}}.dump();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = Make();
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string body = (data[0] & 1) != 0 ? Wrap(fixture, rest) : std::string(rest);
  const auto result = fixture->decoder->Decode(body);
  // An encrypted message is one item: content, or a dead letter with its reason.
  if ((data[0] & 1) != 0 && result.items.size() != 1) __builtin_trap();
  return 0;
}
