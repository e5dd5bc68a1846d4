// KeyRetirer: retires the key ring's old keys once nothing uses them. A key that is not the
// ring's current one and decrypted no notification for `retire_after` (counted from its last
// use, or from the start of the process when it has not been used since) is retired: the
// decoder stops using it (notifications for it become unknown_certificate dead letters, never
// silently dropped) and ring.json records it, so a restart does not load it again. The key
// files stay on disk for the operator to delete.
//
// Thread-safety: MaybeCheck() and Check() from one thread (the service's polling thread).
#ifndef BULWARK_ADAPTERS_SERVICE_KEY_RETIRER_H_
#define BULWARK_ADAPTERS_SERVICE_KEY_RETIRER_H_

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "graph/key_store.h"
#include "source/clock.h"

namespace bulwark::service {

class KeyRetirer {
 public:
  // `keys` and `clock` are not owned and must outlive the retirer.
  KeyRetirer(std::filesystem::path ring_dir, const graph::KeyStore* keys,
             std::chrono::minutes retire_after, const source::Clock& clock);

  // Check() when a minute passed since the last check; returns the ids retired.
  std::vector<std::string> MaybeCheck();
  std::vector<std::string> Check();

  // Last use of every loaded key, seconds since the epoch (0: not used since the start).
  std::map<std::string, int64_t> LastUsedSeconds() const;

 private:
  const std::filesystem::path ring_dir_;
  const graph::KeyStore* keys_;
  const int64_t retire_after_ms_;
  const source::Clock& clock_;
  const int64_t started_ms_;
  int64_t last_check_ms_ = 0;
};

}  // namespace bulwark::service

#endif  // BULWARK_ADAPTERS_SERVICE_KEY_RETIRER_H_
