// Validators: named value checks a detector applies to each candidate (`validator: luhn`).
#ifndef BULWARK_ENGINE_DETECT_VALIDATOR_H_
#define BULWARK_ENGINE_DETECT_VALIDATOR_H_

#include <optional>
#include <string_view>
#include <vector>

#include "detect/checksum.h"

namespace bulwark {

class Validator {
 public:
  enum class Kind { kLuhn, kIban, kAbaRouting, kUsSsn, kVerhoeff, kMod11 };

  // Returns the validator of that name, or nullopt. `mod11` is used only for "mod11".
  static std::optional<Validator> Make(std::string_view name, const Mod11Params& mod11 = {});
  // Every name Make() accepts, for error messages and docs.
  static const std::vector<std::string_view>& Names();

  // True when `value` (as matched, separators included) passes. Pure; thread-safe.
  bool Valid(std::string_view value) const;
  Kind kind() const { return kind_; }

 private:
  Validator(Kind kind, Mod11Params mod11) : kind_(kind), mod11_(std::move(mod11)) {}
  Kind kind_;
  Mod11Params mod11_;
};

// Exposed for tests: the IBAN length registered for a two-letter country code, or 0.
int IbanLengthForCountry(std::string_view country);
bool IbanValid(std::string_view value);
bool AbaRoutingValid(std::string_view value);
bool UsSsnValid(std::string_view value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_VALIDATOR_H_
