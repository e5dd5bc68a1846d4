// The parse cache: ParsePolicyText's result for a policy file's exact bytes, kept in the
// database cache directory (LoadOptions::database_cache_dir) beside the Hyperscan databases.
// yaml-cpp reads ~1,200 instructions per byte: parsing the shipped 128 KB library was 60% of a
// cached `bulwark scan` startup. Only a parse without errors is kept, with its warnings, which
// a load from the cache reports again.
//
// An entry is keyed by the file's bytes and by a digest of the parser's own sources (generated
// at build time, see engine/CMakeLists.txt): a changed parser never reads an older entry. An
// entry that does not read back whole is ignored and replaced.
#ifndef BULWARK_ENGINE_POLICY_PARSE_CACHE_H_
#define BULWARK_ENGINE_POLICY_PARSE_CACHE_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/diagnostic.h"
#include "policy/model.h"

namespace bulwark::policy {

struct CachedParse {
  std::vector<DocumentSpec> documents;
  std::vector<Diagnostic> warnings;
};

// `text_sha256` is Sha256Hex of the file's bytes (the loader computes it for the set's identity
// anyway). The entry file for a text of that digest in `dir`:
std::filesystem::path ParseCacheFile(const std::filesystem::path& dir,
                                     std::string_view text_sha256);

// The parse remembered in `dir` for a text of that digest, with every location (and warning)
// naming `file`; nullopt when there is none or it does not read back.
std::optional<CachedParse> LoadCachedParse(const std::filesystem::path& dir,
                                           std::string_view text_sha256, const std::string& file);

// Remembers a parse that had no errors (`warnings`: its diagnostics, all warnings).
// Best effort: a cache that cannot be written is a slower next load, not an error.
void StoreCachedParse(const std::filesystem::path& dir, std::string_view text_sha256,
                      const std::vector<DocumentSpec>& documents,
                      const std::vector<Diagnostic>& warnings);

// The serialized form, for the unit test that holds it to the model's equality.
std::string SerializeParse(const CachedParse& parse);
std::optional<CachedParse> DeserializeParse(std::string_view bytes, const std::string& file);

}  // namespace bulwark::policy

#endif  // BULWARK_ENGINE_POLICY_PARSE_CACHE_H_
