// Writing a cache file so that readers never see half of it.
#ifndef BULWARK_ENGINE_UTIL_FILE_REPLACE_H_
#define BULWARK_ENGINE_UTIL_FILE_REPLACE_H_

#include <filesystem>
#include <string_view>

namespace bulwark {

// Replaces `file` with `bytes`: written aside (a name with this process's id) and renamed over
// it, creating its directory first, so that a concurrent reader sees the old file or the new
// one and concurrent writers do not collide. False on any failure (nothing is left behind).
bool ReplaceFile(const std::filesystem::path& file, std::string_view bytes);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_UTIL_FILE_REPLACE_H_
