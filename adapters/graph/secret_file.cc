#include "graph/secret_file.h"

#include <openssl/crypto.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace bulwark::graph {

Status CheckSecretFileMode(const std::filesystem::path& file, std::string_view what,
                           std::vector<std::string>* warnings) {
  struct stat st;
  if (stat(file.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return Status::Ok();
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  const std::string problem = std::string(what) + " " + file.string() +
                              " is readable by group or others (mode " + mode + ")";
  const char* allow = std::getenv(kAllowReadableSecretsEnv);
  if (allow != nullptr && std::string_view(allow) == "1") {
    const std::string warning =
        problem + "; loaded anyway because " + kAllowReadableSecretsEnv + "=1";
    if (warnings != nullptr) {
      warnings->push_back(warning);
    } else {
      std::fprintf(stderr, "bulwark: warning: %s\n", warning.c_str());
    }
    return Status::Ok();
  }
  return Status::FailedPrecondition(problem + ": chmod 600 it (or set " + kAllowReadableSecretsEnv +
                                    "=1 to load it anyway)");
}

bool ReadSecretFile(const std::filesystem::path& file, WipedString* out) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return false;
  const std::streamoff size = in.tellg();
  if (size < 0) return false;
  // One buffer of the final size, read into directly: no intermediate copy is left unwiped.
  out->get()->resize(static_cast<size_t>(size));
  in.seekg(0);
  return static_cast<bool>(in.read(out->get()->data(), size));
}

WipedString::~WipedString() {
  if (!value_.empty()) OPENSSL_cleanse(value_.data(), value_.size());
}

}  // namespace bulwark::graph
