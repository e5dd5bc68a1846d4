#include "util/read_file.h"

#include <cstdint>
#include <fstream>
#include <system_error>

namespace bulwark {

bool ReadWholeFile(const std::filesystem::path& file, std::string* bytes) {
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(file, ec);  // an error for a directory
  if (ec) return false;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  bytes->resize(static_cast<size_t>(size));
  if (size > 0 && !in.read(bytes->data(), static_cast<std::streamsize>(size))) return false;
  // A file that grew since tellg(): take the rest too, so the bytes are the file's.
  char more[4096];
  while (in.read(more, sizeof(more)) || in.gcount() > 0) {
    bytes->append(more, static_cast<size_t>(in.gcount()));
  }
  return true;
}

}  // namespace bulwark
