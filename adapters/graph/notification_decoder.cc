#include "graph/notification_decoder.h"

#include <openssl/crypto.h>

#include <chrono>

#include "bulwark/utf8.h"
#include "graph/base64.h"
#include "graph/chat_message.h"
#include "graph/json_parse.h"
#include "graph/notification_crypto.h"

namespace bulwark::graph {
namespace {

using nlohmann::json;
using Kind = DecodedItem::Kind;

// The string member `key` of `j` ("" when absent or not a string), valid while `j` is.
std::string_view StrView(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                          : std::string_view();
}

std::string Str(const json& j, const char* key) { return std::string(StrView(j, key)); }

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

DecodedItem Dead(DeadLetterReason reason, std::string detail, int index = -1) {
  DecodedItem d;
  d.kind = Kind::kDeadLetter;
  d.reason = reason;
  d.detail = std::move(detail);
  d.index = index;
  return d;
}

// Checks the key, thumbprint and encoding of `ec` (encryptedContent), then verifies and
// decrypts it into *plaintext. The dead-letter reason and detail on failure, nullopt on
// success.
using DecryptFailure = std::pair<DeadLetterReason, std::string>;
std::optional<DecryptFailure> Decrypt(const json& ec, const KeyStore* keys, int64_t now_ms,
                                      SecureBytes* plaintext) {
  auto Failure = [](DeadLetterReason r, std::string detail) {
    return std::optional<DecryptFailure>(DecryptFailure{r, std::move(detail)});
  };
  const std::string cert_id = Str(ec, "encryptionCertificateId");
  const KeyEntry* key = keys != nullptr ? keys->Find(cert_id) : nullptr;
  if (key == nullptr) {
    return Failure(DeadLetterReason::kUnknownCertificate,
                   "no key loaded for encryptionCertificateId '" + cert_id + "'");
  }
  const std::string_view thumbprint = StrView(ec, "encryptionCertificateThumbprint");
  if (!key->thumbprint.empty() && !thumbprint.empty() &&
      !EqualsIgnoreCase(thumbprint, key->thumbprint)) {
    return Failure(
        DeadLetterReason::kThumbprintMismatch,
        "encryptionCertificateThumbprint differs from the loaded certificate '" + cert_id + "'");
  }
  auto data = Base64Decode(StrView(ec, "data"));
  auto data_key = Base64Decode(StrView(ec, "dataKey"));
  auto signature = Base64Decode(StrView(ec, "dataSignature"));
  if (!data || !data_key || !signature || data_key->empty() || signature->empty()) {
    return Failure(DeadLetterReason::kMalformedNotification,
                   "encryptedContent data, dataKey or dataSignature is missing or not base64");
  }
  switch (
      DecryptNotificationContent(key->private_key.get(), *data_key, *data, *signature, plaintext)) {
    case CryptoFailure::kNone:
      key->MarkUsed(now_ms);  // only a notification that verified keeps a key in use
      return std::nullopt;
    case CryptoFailure::kKeyUnwrap:
      return Failure(DeadLetterReason::kDecryptFailed,
                     "dataKey cannot be decrypted with the key of '" + cert_id + "'");
    case CryptoFailure::kKeyLength:
      return Failure(DeadLetterReason::kDecryptFailed, "dataKey is not a 32-byte AES key");
    case CryptoFailure::kSignatureMismatch:
      return Failure(DeadLetterReason::kSignatureMismatch,
                     "HMAC-SHA256 of data does not match dataSignature");
    case CryptoFailure::kCiphertextLength:
      return Failure(DeadLetterReason::kDecryptFailed, "data is not a whole number of AES blocks");
    case CryptoFailure::kBadPadding:
      return Failure(DeadLetterReason::kBadPadding, "PKCS#7 padding is invalid");
  }
  return Failure(DeadLetterReason::kDecryptFailed, "unknown decryption failure");
}

}  // namespace

nlohmann::ordered_json NotificationJson(const NotificationInfo& info) {
  nlohmann::ordered_json j;
  auto put = [&](const char* k, const std::string& v) {
    if (!v.empty()) j[k] = v;
  };
  put("id", info.id);
  put("subscription_id", info.subscription_id);
  put("tenant_id", info.tenant_id);
  put("change_type", info.change_type);
  put("resource", info.resource);
  put("lifecycle_event", info.lifecycle_event);
  if (j.is_null()) j = nlohmann::ordered_json::object();
  return j;
}

int64_t SystemSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

DecodeResult NotificationDecoder::Decode(std::string_view body) const {
  DecodeResult result;
  if (body.size() > config_.max_event_bytes) {
    result.items.push_back(
        Dead(DeadLetterReason::kOversized, "event body of " + std::to_string(body.size()) +
                                               " bytes exceeds the limit of " +
                                               std::to_string(config_.max_event_bytes)));
    return result;
  }
  if (!IsValidUtf8(body)) {
    result.items.push_back(Dead(DeadLetterReason::kInvalidUtf8, "event body is not valid UTF-8"));
    return result;
  }
  const json doc = ParseJson(body);
  if (doc.is_discarded()) {
    result.items.push_back(Dead(DeadLetterReason::kMalformedJson, "event body is not JSON"));
    return result;
  }
  if (!doc.is_object() || !doc.contains("value") || !doc["value"].is_array()) {
    result.items.push_back(
        Dead(DeadLetterReason::kNotACollection,
             "event body is not a changeNotificationCollection {\"value\": [...]}"));
    return result;
  }
  if (config_.tokens != nullptr) {
    auto it = doc.find("validationTokens");
    const bool present = it != doc.end() && it->is_array() && !it->empty();
    if (!present && config_.require_tokens) {
      result.items.push_back(
          Dead(DeadLetterReason::kTokenInvalid, "validationTokens are required"));
      return result;
    }
    if (present) {
      const int64_t now = config_.now_seconds ? config_.now_seconds() : SystemSeconds();
      for (const json& t : *it) {
        Status s = t.is_string() ? config_.tokens->Validate(t.get<std::string>(), now)
                                 : Status::InvalidArgument("validation token is not a string");
        if (!s.ok()) {
          result.items.push_back(Dead(DeadLetterReason::kTokenInvalid, s.message()));
          return result;
        }
      }
    }
  }
  const json& value = doc["value"];
  if (value.empty()) {  // every event leaves a record: an empty one too
    result.items.push_back(Dead(DeadLetterReason::kEmptyCollection,
                                "the changeNotificationCollection has no notifications"));
    return result;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const json& item = value[i];
    if (item.is_object() && StrView(item, "subscriptionId") == "NA") {
      ++result.probes;
      continue;
    }
    result.items.push_back(DecodeItem(item, static_cast<int>(i)));
  }
  return result;
}

DecodedItem NotificationDecoder::DecodeItem(const json& item, int index) const {
  if (!item.is_object()) {
    return Dead(DeadLetterReason::kMalformedNotification, "notification is not an object", index);
  }
  NotificationInfo info;
  info.id = Str(item, "id");
  info.subscription_id = Str(item, "subscriptionId");
  info.tenant_id = Str(item, "tenantId");
  info.change_type = Str(item, "changeType");
  info.resource = Str(item, "resource");
  info.lifecycle_event = Str(item, "lifecycleEvent");
  auto dead = [&](DeadLetterReason r, std::string detail) {
    DecodedItem d = Dead(r, std::move(detail), index);
    d.info = info;
    return d;
  };
  if (info.subscription_id.empty()) {
    return dead(DeadLetterReason::kMalformedNotification, "notification has no subscriptionId");
  }
  // clientState: the shared secret proving the notification comes from our subscription.
  std::string expected = config_.client_state;
  if (auto it = config_.client_state_by_subscription.find(info.subscription_id);
      it != config_.client_state_by_subscription.end()) {
    expected = it->second;
  }
  if (!expected.empty() && !ConstantTimeEquals(StrView(item, "clientState"), expected)) {
    return dead(DeadLetterReason::kClientStateMismatch, "clientState does not match");
  }
  if (!config_.known_subscriptions.empty() &&
      !config_.known_subscriptions.count(info.subscription_id)) {
    return dead(DeadLetterReason::kUnknownSubscription, "subscriptionId is not configured");
  }
  if (!config_.allowed_tenants.empty() && !config_.allowed_tenants.count(info.tenant_id)) {
    return dead(DeadLetterReason::kTenantNotAllowed, "tenantId is not in the allowed tenants");
  }
  if (!info.lifecycle_event.empty()) {
    DecodedItem d;
    d.kind = Kind::kLifecycle;
    d.index = index;
    d.info = info;
    return d;
  }
  // Over 1 MB, Graph leaves resource, resourceData and encryptedContent out of the event and
  // stores them in the subscription's storage account.
  json stored_item;
  const json* full = &item;
  if (const std::string sid = Str(item, "additionalPayloadStorageId");
      !sid.empty() && !item.contains("encryptedContent")) {
    if (!config_.fetch_payload) {
      return dead(DeadLetterReason::kPayloadStoreMissing,
                  "the notification's payload is in Blob Storage (over 1 MB) and no "
                  "large_payloads store is configured");
    }
    auto blob = config_.fetch_payload(sid);
    if (!blob.ok()) {
      return dead(DeadLetterReason::kPayloadUnavailable,
                  "the stored payload could not be read: " + blob.status().message());
    }
    const json stored = ParseJson(*blob);
    if (!stored.is_object() || !stored.contains("encryptedContent")) {
      return dead(DeadLetterReason::kPayloadMalformed,
                  "the stored payload is not a JSON object with encryptedContent");
    }
    stored_item = item;
    for (const char* key : {"resource", "resourceData", "encryptedContent"}) {
      if (auto it = stored.find(key); it != stored.end()) stored_item[key] = *it;
    }
    full = &stored_item;
    info.resource = Str(stored_item, "resource");
  }
  auto ec_it = full->find("encryptedContent");
  if (ec_it == full->end() || !ec_it->is_object()) {
    return dead(DeadLetterReason::kMissingEncryptedContent,
                "change notification without encryptedContent (includeResourceData off?)");
  }
  SecureBytes plaintext;
  const int64_t now_ms = (config_.now_seconds ? config_.now_seconds() : SystemSeconds()) * 1000;
  if (auto failure = Decrypt(*ec_it, config_.keys, now_ms, &plaintext)) {
    return dead(failure->first, std::move(failure->second));
  }
  if (!IsValidUtf8(plaintext.view())) {
    return dead(DeadLetterReason::kInvalidUtf8, "decrypted resource is not valid UTF-8");
  }
  const json resource = ParseJson(plaintext.view());
  if (resource.is_discarded()) {
    return dead(DeadLetterReason::kMalformedJson, "decrypted resource is not JSON");
  }
  if (!IsChatMessage(resource)) {
    return dead(DeadLetterReason::kUnsupportedResource, "decrypted resource is not a chatMessage");
  }
  auto content = ChatMessageToContent(resource);
  if (!content.ok())
    return dead(DeadLetterReason::kUnsupportedResource, content.status().message());
  DecodedItem d;
  d.index = index;
  d.info = info;
  d.content = std::move(content).value();
  if (!info.tenant_id.empty() && !d.content.metadata.count(kMetaTenantId)) {
    d.content.metadata[kMetaTenantId] = info.tenant_id;
  }
  d.not_scanned = NotScannedReason(resource);
  if (!d.not_scanned.empty()) {
    d.kind = Kind::kNotScanned;
    d.content.fields.clear();  // not evaluated: drop the text now
  } else {
    d.kind = Kind::kContent;
    d.violation = ReadPolicyViolation(resource);
  }
  return d;
}

}  // namespace bulwark::graph
