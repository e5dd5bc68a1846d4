// EU VAT identification numbers: the member state's two-letter prefix (EL for Greece) and its
// national number, checked by that state's published rule (the rules the European Commission's
// VIES service applies; policies/ids-eu.yaml cites them). Pure and thread-safe.
#ifndef BULWARK_ENGINE_DETECT_VAT_CHECKS_H_
#define BULWARK_ENGINE_DETECT_VAT_CHECKS_H_

#include <string_view>

namespace bulwark {

// True when `value` (prefix included; spaces, dots and hyphens ignored) is a VAT number of a
// member state whose check digit or structure holds. An unknown prefix is invalid.
bool EuVatValid(std::string_view value);

// The national tax numbers that are a VAT number's body without the prefix, by the same rules:
// Greece's ΑΦΜ (9 digits), Cyprus's tax identification code (8 digits and a letter) and
// Slovenia's davčna številka (8 digits), and Spain's NIF (a DNI or NIE, a K/L/M number or a
// company's CIF: a letter, 7 digits and a Luhn check written as a digit or a letter).
bool GrAfmValid(std::string_view value);
bool CyTinValid(std::string_view value);
bool SiTaxNumberValid(std::string_view value);
bool EsNifValid(std::string_view value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_VAT_CHECKS_H_
