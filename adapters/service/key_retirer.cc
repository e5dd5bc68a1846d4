#include "service/key_retirer.h"

#include "graph/key_ring.h"
#include "service/log.h"
#include "source/utc_time.h"

namespace bulwark::service {

KeyRetirer::KeyRetirer(std::filesystem::path ring_dir, const graph::KeyStore* keys,
                       std::chrono::minutes retire_after, const source::Clock& clock)
    : ring_dir_(std::move(ring_dir)),
      keys_(keys),
      retire_after_ms_(std::chrono::duration_cast<std::chrono::milliseconds>(retire_after).count()),
      clock_(clock),
      started_ms_(clock.WallMillis()) {}

std::vector<std::string> KeyRetirer::MaybeCheck() {
  const int64_t now = clock_.WallMillis();
  if (now - last_check_ms_ < 60'000) return {};
  last_check_ms_ = now;
  return Check();
}

std::vector<std::string> KeyRetirer::Check() {
  auto ring = graph::LoadKeyRing(ring_dir_);
  if (!ring.ok()) {
    Log(LogLevel::kWarn, "key ring unreadable; no key retired",
        {{"error", ring.status().message()}});
    return {};
  }
  const int64_t now = clock_.WallMillis();
  std::vector<std::string> retired;
  for (graph::KeyRingEntry& e : ring->keys) {
    if (e.id == ring->current || !e.retired.empty()) continue;
    const graph::KeyEntry* key = keys_->Find(e.id);
    if (key == nullptr) continue;  // not loaded by this process
    const int64_t last = std::max(key->usage->last_used_ms.load(), started_ms_);
    if (now - last < retire_after_ms_) continue;
    keys_->Retire(e.id);
    e.retired = source::FormatUtcMillis(now);
    retired.push_back(e.id);
    Log(LogLevel::kInfo, "key retired: no notification used it",
        {{"id", e.id}, {"unused_since", source::FormatUtcMillis(last)}});
  }
  if (!retired.empty()) {
    if (Status s = graph::SaveKeyRing(*ring); !s.ok()) {
      Log(LogLevel::kWarn, "retired keys not recorded in the ring (a restart loads them again)",
          {{"error", s.message()}});
    }
  }
  return retired;
}

std::map<std::string, int64_t> KeyRetirer::LastUsedSeconds() const {
  std::map<std::string, int64_t> out;
  for (const graph::KeyEntry* k : keys_->All()) {
    if (!k->usage->retired.load()) out[k->id] = k->usage->last_used_ms.load() / 1000;
  }
  return out;
}

}  // namespace bulwark::service
