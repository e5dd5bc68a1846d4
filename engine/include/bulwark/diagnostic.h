// Diagnostic: a located message about a policy file (error or warning).
#ifndef BULWARK_DIAGNOSTIC_H_
#define BULWARK_DIAGNOSTIC_H_

#include <string>
#include <tuple>

namespace bulwark {

struct Diagnostic {
  enum class Level { kError, kWarning };
  Level level = Level::kError;
  std::string file;  // as given to the loader (relative paths stay relative)
  int line = 0;      // 1-based; 0 when the problem concerns the whole file
  int column = 0;    // 1-based; 0 when unknown
  std::string message;

  // "file:line:column: message" (or "file: message" when there is no line), prefixed with
  // "warning: " for warnings, in the style of compilers so that editors can jump to it.
  std::string ToString() const;

  // The order lint prints in: by file, line and column; diagnostics without a file last.
  static bool InFileOrder(const Diagnostic& a, const Diagnostic& b) {
    if (a.file.empty() != b.file.empty()) return b.file.empty();
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  }
};

}  // namespace bulwark

#endif  // BULWARK_DIAGNOSTIC_H_
