// Validators: named value checks a detector applies to each candidate (`validator: luhn`).
#ifndef BULWARK_ENGINE_DETECT_VALIDATOR_H_
#define BULWARK_ENGINE_DETECT_VALIDATOR_H_

#include <optional>
#include <string_view>
#include <vector>

#include "detect/bitcoin_address.h"
#include "detect/checksum.h"
#include "detect/eu_id_checks.h"
#include "detect/german_checks.h"
#include "detect/national_checks.h"
#include "detect/token_checks.h"
#include "detect/vat_checks.h"

namespace bulwark {

// Parameters of the parameterised validators; each validator reads only its own.
struct ValidatorParams {
  Mod11Params mod11;      // mod11
  EntropyParams entropy;  // entropy

  bool operator==(const ValidatorParams&) const = default;
};

class Validator {
 public:
  enum class Kind {
    kLuhn,
    kIban,
    kAbaRouting,
    kUsSsn,
    kVerhoeff,
    kMod11,
    kUsItin,
    kFrNir,
    kEsDni,
    kItCodiceFiscale,
    kDeTaxId,
    kBrCpf,
    kEntropy,
    kJwt,
    kIpAddress,
    kBic,
    kPhone,
    kSePersonnummer,
    kNoFodselsnummer,
    kFiHetu,
    kDkCpr,
    kBeNationalNumber,
    kAtSocialSecurity,
    kHrOib,
    kBalticPersonalCode,
    kLvPersonalCode,
    kRoCnp,
    kBgEgn,
    kCzBirthNumber,
    kPtNif,
    kIePpsn,
    kIsKennitala,
    kSgNric,
    kKrRrn,
    kJpMyNumber,
    kAuAbn,
    kAuMedicare,
    kThPin,
    kBrCnpj,
    kUsNpi,
    kUsDea,
    kInGstin,
    kGbUtr,
    kBitcoinAddress,
    kPaymentCard,
    kBase62Crc32Token,
    kTrTckn,
    kZaId,
    kUkDrivingLicence,
    kMacAddress,
    kIso7064Mod1110,
    kKrBrn,
    kSgUen,
    kDeRvnr,
    kDeKvnr,
    kDeLanr,
    kDeBsnr,
    kDeIdCard,
    kDeSteuernummer,
    kUkVehicleRegistration,
    kInEpic,
    kCaHealthNumber,
    kEuVat,
    kGrAfm,
    kCyTin,
    kSiTaxNumber,
    kPtCitizenCard,
    kPlIdCard,
    kPlPassport,
    kPlRegon,
    kFrSpi,
    kAtTaxNumber,
    kEsSocialSecurity,
    kEsNif,
    kFrCni,
  };

  // Returns the validator of that name, or nullopt. Only "mod11" and "entropy" read `params`.
  static std::optional<Validator> Make(std::string_view name, const ValidatorParams& params = {});
  // Every name Make() accepts, in the order of the one validator table (validator.cc), for
  // error messages, docs and the JSON Schema check.
  static const std::vector<std::string_view>& Names();
  // The names usable without parameters (`validator: luhn`); the others need the map form.
  static const std::vector<std::string_view>& NamesWithoutParams();

  // True when `value` (as matched, separators included) passes. Pure; thread-safe.
  bool Valid(std::string_view value) const;
  Kind kind() const { return kind_; }
  // The name policies use for it ("luhn").
  std::string_view name() const;

 private:
  Validator(Kind kind, ValidatorParams params) : kind_(kind), params_(std::move(params)) {}
  Kind kind_;
  ValidatorParams params_;
};

// Exposed for tests: the IBAN length registered for a two-letter country code, or 0.
int IbanLengthForCountry(std::string_view country);
bool IbanValid(std::string_view value);
bool AbaRoutingValid(std::string_view value);
bool UsSsnValid(std::string_view value);
// 9xx-GG-SSSS with group 50-65, 70-88, 90-92 or 94-99 (IRS).
bool UsItinValid(std::string_view value);
// French NIR: 13 characters (digits; 2A/2B for Corsica) + key = 97 - (number mod 97).
bool FrNirValid(std::string_view value);
// Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter); letter = table[n mod 23].
bool EsDniValid(std::string_view value);
// Italian codice fiscale: 15 characters + check letter from the odd/even position tables.
bool ItCodiceFiscaleValid(std::string_view value);
// German Steuer-IdNr: 11 digits, first not 0, one digit repeated 2-3 times in the first 10,
// ISO 7064 MOD 11,10 check digit.
bool DeTaxIdValid(std::string_view value);
// Brazilian CPF: 11 digits, not all equal, two mod-11 check digits.
bool BrCpfValid(std::string_view value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_VALIDATOR_H_
