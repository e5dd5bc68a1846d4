#include "graph/key_ring.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <system_error>

#include "graph/key_store.h"

namespace bulwark::graph {
namespace {

namespace fs = std::filesystem;
constexpr char kSchema[] = "bulwark.keyring/v1";

bool PlainId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return id[0] != '.';
}

}  // namespace

KeyRingEntry* KeyRing::Find(const std::string& id) {
  for (KeyRingEntry& e : keys) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

Result<KeyRing> LoadKeyRing(const fs::path& dir) {
  const fs::path file = dir / "ring.json";
  std::ifstream in(file);
  if (!in) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return Status::NotFound("no key ring at " + file.string());
    return Status::IoError("cannot read " + file.string());
  }
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument(file.string() + ": " + why);
  };
  if (j.is_discarded() || !j.is_object()) return bad("not JSON");
  if (j.value("schema", "") != kSchema) return bad(std::string("schema is not ") + kSchema);
  KeyRing ring;
  ring.dir = dir;
  ring.current = j.value("current", "");
  const nlohmann::json keys = j.value("keys", nlohmann::json::array());
  if (!keys.is_array()) return bad("keys is not a list");
  for (const nlohmann::json& k : keys) {
    if (!k.is_object() || !k.contains("id") || !k["id"].is_string()) {
      return bad("a key without an id");
    }
    KeyRingEntry e{k["id"].get<std::string>(), k.value("created", ""), k.value("retired", "")};
    if (!PlainId(e.id)) return bad("key id '" + e.id + "' is not a plain name");
    ring.keys.push_back(std::move(e));
  }
  if (ring.Find(ring.current) == nullptr)
    return bad("current key '" + ring.current + "' is not listed");
  return ring;
}

Status SaveKeyRing(const KeyRing& ring) {
  nlohmann::ordered_json j;
  j["schema"] = kSchema;
  j["current"] = ring.current;
  j["keys"] = nlohmann::ordered_json::array();
  for (const KeyRingEntry& e : ring.keys) {
    nlohmann::ordered_json k;
    k["id"] = e.id;
    k["created"] = e.created;
    if (!e.retired.empty()) k["retired"] = e.retired;
    j["keys"].push_back(std::move(k));
  }
  const fs::path file = ring.dir / "ring.json";
  const fs::path tmp = ring.dir / "ring.json.tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    out.flush();
    if (!out) return Status::IoError("cannot write " + tmp.string());
  }
  std::error_code ec;
  fs::rename(tmp, file, ec);
  if (ec) return Status::IoError("cannot replace " + file.string() + ": " + ec.message());
  return Status::Ok();
}

Result<KeyRing> RotateKeyRing(const fs::path& dir, const std::string& id, int days,
                              const std::string& now_utc) {
  if (!PlainId(id)) return Status::InvalidArgument("key id '" + id + "' is not a plain name");
  KeyRing ring;
  if (auto loaded = LoadKeyRing(dir); loaded.ok()) {
    ring = std::move(loaded).value();
  } else if (loaded.status().code() != StatusCode::kNotFound) {
    return loaded.status();
  } else {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::IoError("cannot create " + dir.string() + ": " + ec.message());
    ring.dir = dir;
  }
  if (ring.Find(id) != nullptr || fs::exists(ring.KeyFile(id))) {
    return Status::InvalidArgument("key '" + id + "' already exists in " + dir.string());
  }
  std::string cert_b64;
  if (Status s = GenerateKeyAndCertificate(id, dir, "bulwark-" + id, days, &cert_b64); !s.ok()) {
    return s;
  }
  ring.keys.push_back({id, now_utc, ""});
  ring.current = id;
  if (Status s = SaveKeyRing(ring); !s.ok()) return s;
  return ring;
}

}  // namespace bulwark::graph
