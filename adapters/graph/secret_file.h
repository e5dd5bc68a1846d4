// Files that hold secrets (private keys; a config with an inline password) must be readable by
// their owner only. A group- or world-readable one is refused with the fix in the message,
// unless the operator allows it explicitly with BULWARK_ALLOW_READABLE_SECRETS=1 (then it loads
// with a warning). The bytes read from such a file are wiped before their memory is freed.
#ifndef BULWARK_ADAPTERS_GRAPH_SECRET_FILE_H_
#define BULWARK_ADAPTERS_GRAPH_SECRET_FILE_H_

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "bulwark/status.h"

namespace bulwark::graph {

inline constexpr char kAllowReadableSecretsEnv[] = "BULWARK_ALLOW_READABLE_SECRETS";

// Ok when `file` is not readable by group or others, or when the override is set (a warning
// naming the file is appended to *warnings, or written to stderr when it is null). `what` names the
// file's role in the message ("key file", "config file (it holds sasl.password)").
Status CheckSecretFileMode(const std::filesystem::path& file, std::string_view what,
                           std::vector<std::string>* warnings);

// A string whose bytes are overwritten (OPENSSL_cleanse) when it is destroyed: for secrets read
// from files or the environment.
class WipedString {
 public:
  WipedString() = default;
  WipedString(const WipedString&) = delete;
  WipedString& operator=(const WipedString&) = delete;
  ~WipedString();
  std::string* get() { return &value_; }
  const std::string& value() const { return value_; }

 private:
  std::string value_;
};

// Reads all of `file` into *out with no other copy of its bytes in memory. False when it cannot.
bool ReadSecretFile(const std::filesystem::path& file, WipedString* out);

}  // namespace bulwark::graph

#endif  // BULWARK_ADAPTERS_GRAPH_SECRET_FILE_H_
