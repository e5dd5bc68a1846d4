// Reading a whole file in one call.
#ifndef BULWARK_ENGINE_UTIL_READ_FILE_H_
#define BULWARK_ENGINE_UTIL_READ_FILE_H_

#include <filesystem>
#include <string>

namespace bulwark {

// Reads all of `file` into *bytes with one sized read (an istreambuf_iterator copy costs ~20
// instructions a byte: a tenth of `bulwark scan`'s startup for a 1 MB database cache). False
// when the file cannot be opened or read; *bytes is then unspecified.
bool ReadWholeFile(const std::filesystem::path& file, std::string* bytes);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_UTIL_READ_FILE_H_
