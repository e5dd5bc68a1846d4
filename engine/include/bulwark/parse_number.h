// Checked number parsing for configuration, command lines and policy files: the whole text must
// be a number in the given range, or there is no value. One helper, so that no caller is left
// with atoi's silent 0, stoi's exceptions, or a negative count turned into 4,294,967,295.
#ifndef BULWARK_PARSE_NUMBER_H_
#define BULWARK_PARSE_NUMBER_H_

#include <charconv>
#include <limits>
#include <optional>
#include <string_view>
#include <type_traits>

namespace bulwark {

// The integer written in `text` (decimal, optional leading '-' for signed types, nothing else:
// no spaces, no '+', no trailing characters) when it lies in [min, max]; nullopt otherwise.
// Thread-safe, allocation-free.
template <typename T>
std::optional<T> ParseInteger(std::string_view text, T min = std::numeric_limits<T>::min(),
                              T max = std::numeric_limits<T>::max()) {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>);
  if (text.empty()) return std::nullopt;
  if constexpr (std::is_unsigned_v<T>) {
    if (text.front() == '-') return std::nullopt;  // from_chars would reject it; be explicit
  }
  T value{};
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max) return std::nullopt;
  return value;
}

// The finite decimal number written in `text` (plain or scientific notation, optional leading
// '-', nothing else) when it lies in [min, max]; nullopt otherwise (NaN never passes).
inline std::optional<double> ParseDecimal(std::string_view text,
                                          double min = std::numeric_limits<double>::lowest(),
                                          double max = std::numeric_limits<double>::max()) {
  if (text.empty()) return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !(value >= min && value <= max)) return std::nullopt;
  return value;
}

}  // namespace bulwark

#endif  // BULWARK_PARSE_NUMBER_H_
