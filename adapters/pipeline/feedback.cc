#include "pipeline/feedback.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace bulwark::pipeline {
namespace {

std::string Hex(const unsigned char* p, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out.push_back(kDigits[p[i] >> 4]);
    out.push_back(kDigits[p[i] & 15]);
  }
  return out;
}

std::string Meta(const Content& c, const char* key) {
  auto it = c.metadata.find(key);
  return it == c.metadata.end() ? "" : it->second;
}

}  // namespace

std::string_view DlpActionFor(Action decision) {
  switch (decision) {
    case Action::kBlock:
      return "blockAccess";
    case Action::kNotify:
      return "notifySender";
    default:
      return "";
  }
}

std::string KeyedFingerprint(std::string_view key, std::string_view text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac,
           &len) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return "hmac-sha256:" + Hex(mac, len);
}

std::string MessageKey(const Content& c) {
  const std::string id = Meta(c, "message_id");
  if (id.empty()) return "";
  // '\n' cannot occur in Graph ids, so the parts cannot run into each other.
  return Meta(c, kMetaTenantId) + "\n" + Meta(c, "chat_id") + "\n" + Meta(c, "team_id") + "\n" +
         Meta(c, "channel_id") + "\n" + id;
}

MessageLedger::MessageLedger(size_t capacity) : capacity_(capacity), key_(32, '\0') {
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size())) !=
      1) {
    throw std::runtime_error("RAND_bytes failed");
  }
}

void MessageLedger::Put(const std::string& key, Entry entry) {
  if (capacity_ == 0 || key.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, inserted] = entries_.insert_or_assign(key, std::move(entry));
  if (!inserted) return;
  order_.push_back(key);
  while (order_.size() > capacity_) {
    entries_.erase(order_.front());
    order_.pop_front();
  }
}

std::optional<MessageLedger::Entry> MessageLedger::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

std::string MessageLedger::Digest(const Content& content) const {
  std::string all;
  for (const Field& f : content.fields) {
    all += std::to_string(f.name.size()) + ":" + f.name + std::to_string(f.text.size()) + ":";
    all += f.text;
  }
  std::string d = KeyedFingerprint(key_, all);
  OPENSSL_cleanse(all.data(), all.size());
  return d;
}

}  // namespace bulwark::pipeline
