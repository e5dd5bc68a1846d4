// Checks of EU member states' tax, social-security and identity-card numbers that are not a VAT
// number's body (those are in vat_checks.h): France's numéro fiscal (SPI) and identity card,
// Austria's Steuernummer and Spain's número de la Seguridad Social. Each takes the number with
// or without its separators (spaces, hyphens, slashes); pure and thread-safe.
#ifndef BULWARK_ENGINE_DETECT_EU_ID_CHECKS_H_
#define BULWARK_ENGINE_DETECT_EU_ID_CHECKS_H_

#include <string_view>

namespace bulwark {

// France, numéro fiscal de référence (SPI, DGFiP; the European Commission's TIN rules): 13
// digits, the first 0-3; the last three are the first ten, read as a number, mod 511.
bool FrSpiValid(std::string_view value);

// Austria, Steuernummer (BMF): a 2-digit tax office code (one of the offices the BMF lists), 6
// digits and a check digit: the even positions' digits doubled (digit sum), the odd ones as
// they are, which is Luhn over all nine.
bool AtTaxNumberValid(std::string_view value);

// Spain, número de afiliación a la Seguridad Social (TGSS): a 2-digit province (01-53, 66), the
// affiliate's number (7 or 8 digits) and 2 check digits: (province * 10^8 + number) mod 97, or
// province * 10^7 + number for a number under 10^7 (the TGSS rule, which implementations that
// read the 10 leading digits as one number do not apply: both are accepted).
bool EsSocialSecurityValid(std::string_view value);

// France, carte nationale d'identité (ANTS), by structure (no check is published): the 12
// characters of a card issued before 2021, YYMM of issue (month 01-12), the department (3
// characters: 01-95, 97 overseas, 99 abroad, or 2A/2B for Corsica, then the issuing office's
// digit) and 5 digits; or the 9 letters and digits of the card issued since 2021, with at least
// one of each.
bool FrCniValid(std::string_view value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_EU_ID_CHECKS_H_
