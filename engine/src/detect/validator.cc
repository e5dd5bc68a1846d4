#include "detect/validator.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

namespace bulwark {
namespace {

struct CountryLength {
  char code[3];
  int length;
};

// IBAN lengths from the SWIFT IBAN registry (release 2024). Sorted by code for binary search.
constexpr CountryLength kIbanLengths[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
    {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
    {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
    {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
    {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27},
    {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20},
    {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24}, {"PL", 28},
    {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
    {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

int IbanLengthForCountry(std::string_view country) {
  if (country.size() != 2) return 0;
  auto it = std::lower_bound(
      std::begin(kIbanLengths), std::end(kIbanLengths), country,
      [](const CountryLength& e, std::string_view c) { return std::string_view(e.code, 2) < c; });
  if (it == std::end(kIbanLengths) || std::string_view(it->code, 2) != country) return 0;
  return it->length;
}

bool IbanValid(std::string_view value) {
  std::string compact;
  for (char c : value) {
    if (c == ' ' || c == '-') continue;
    compact.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (compact.size() < 4 || !std::isalpha(static_cast<unsigned char>(compact[0])) ||
      !std::isalpha(static_cast<unsigned char>(compact[1])) || !IsDigit(compact[2]) ||
      !IsDigit(compact[3])) {
    return false;
  }
  const int len = IbanLengthForCountry(std::string_view(compact).substr(0, 2));
  if (len == 0 || static_cast<int>(compact.size()) != len) return false;
  return Mod97Valid(compact);
}

bool AbaRoutingValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 9) return false;
  const int prefix = (d[0] - '0') * 10 + (d[1] - '0');
  const bool prefix_ok = prefix <= 12 || (prefix >= 21 && prefix <= 32) ||
                         (prefix >= 61 && prefix <= 72) || prefix == 80;
  if (!prefix_ok) return false;
  auto v = [&](int i) { return d[i] - '0'; };
  const int sum = 3 * (v(0) + v(3) + v(6)) + 7 * (v(1) + v(4) + v(7)) + (v(2) + v(5) + v(8));
  return sum % 10 == 0;
}

bool UsSsnValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 9) return false;
  const int area = std::stoi(d.substr(0, 3));
  const int group = std::stoi(d.substr(3, 2));
  const int serial = std::stoi(d.substr(5, 4));
  if (area == 0 || area == 666 || area >= 900) return false;
  if (group == 0 || serial == 0) return false;
  // Numbers published in advertising and examples (SSA), and the canonical "123-45-6789".
  static constexpr std::string_view kPublished[] = {"078051120", "219099999", "457555462",
                                                    "123456789"};
  for (std::string_view p : kPublished) {
    if (d == p) return false;
  }
  return true;
}

const std::vector<std::string_view>& Validator::Names() {
  static const std::vector<std::string_view> kNames = {"luhn",   "iban",     "aba-routing",
                                                       "us-ssn", "verhoeff", "mod11"};
  return kNames;
}

std::optional<Validator> Validator::Make(std::string_view name, const Mod11Params& mod11) {
  if (name == "luhn") return Validator(Kind::kLuhn, {});
  if (name == "iban") return Validator(Kind::kIban, {});
  if (name == "aba-routing") return Validator(Kind::kAbaRouting, {});
  if (name == "us-ssn") return Validator(Kind::kUsSsn, {});
  if (name == "verhoeff") return Validator(Kind::kVerhoeff, {});
  if (name == "mod11") return Validator(Kind::kMod11, mod11);
  return std::nullopt;
}

bool Validator::Valid(std::string_view value) const {
  switch (kind_) {
    case Kind::kLuhn:
      return LuhnValid(value);
    case Kind::kIban:
      return IbanValid(value);
    case Kind::kAbaRouting:
      return AbaRoutingValid(value);
    case Kind::kUsSsn:
      return UsSsnValid(value);
    case Kind::kVerhoeff:
      return VerhoeffValid(value);
    case Kind::kMod11:
      return Mod11Valid(value, mod11_);
  }
  return false;
}

}  // namespace bulwark
