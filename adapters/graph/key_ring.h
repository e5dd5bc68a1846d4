// KeyRing: the keys Bulwark manages itself, for rotation. A directory holding <id>.key.pem
// (0600), <id>.cert.pem and ring.json:
//   {"schema": "bulwark.keyring/v1", "current": "<id>",
//    "keys": [{"id": "...", "created": "<UTC>", "retired": "<UTC>"?}, ...]}
// `current` is the key subscriptions encrypt for; the others stay loaded (notifications still
// in the Event Hub were encrypted for them) until retired. `bulwark keys rotate` adds a key and
// makes it current; the service retires an old key once no notification used it for a while.
#ifndef BULWARK_ADAPTERS_GRAPH_KEY_RING_H_
#define BULWARK_ADAPTERS_GRAPH_KEY_RING_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "bulwark/status.h"

namespace bulwark::graph {

struct KeyRingEntry {
  std::string id;
  std::string created;  // UTC, ISO 8601
  std::string retired;  // UTC when retired, else empty
};

struct KeyRing {
  std::filesystem::path dir;
  std::string current;
  std::vector<KeyRingEntry> keys;

  std::filesystem::path KeyFile(const std::string& id) const { return dir / (id + ".key.pem"); }
  std::filesystem::path CertFile(const std::string& id) const { return dir / (id + ".cert.pem"); }
  KeyRingEntry* Find(const std::string& id);
};

// Reads <dir>/ring.json. NotFound when it does not exist (no key rotated in yet);
// InvalidArgument naming the file when it is not a key ring.
Result<KeyRing> LoadKeyRing(const std::filesystem::path& dir);

// Writes <dir>/ring.json atomically (a temporary file renamed over it).
Status SaveKeyRing(const KeyRing& ring);

// Creates key `id` (RSA-2048, self-signed certificate valid `days`, CN bulwark-<id>) in the ring
// at `dir` (created when missing), makes it current and saves the ring. `now_utc` is recorded
// as its creation time. InvalidArgument when `id` exists or is not a plain name.
Result<KeyRing> RotateKeyRing(const std::filesystem::path& dir, const std::string& id, int days,
                              const std::string& now_utc);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_KEY_RING_H_
