#include "corpus/labelled_corpus.h"

#include <algorithm>
#include <utility>

#include "corpus/check_digits.h"

namespace bulwark::corpus {
namespace {

const std::string kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const std::string kLower = "abcdefghijklmnopqrstuvwxyz";
const std::string kDigit = "0123456789";
const std::string kHex = "0123456789abcdef";
const std::string kBase62 = kUpper + kLower + kDigit;
const std::string kBase64 = kBase62 + "/+";
const std::string kBase64Url = kBase62 + "_-";

const std::vector<std::string> kWords = {
    "the",    "meeting", "tomorrow", "deck",   "please",  "review", "customer", "release",
    "thanks", "team",    "sprint",   "ticket", "budget",  "deploy", "build",    "invoice",
    "call",   "agenda",  "notes",    "draft",  "roadmap", "vendor", "contract", "approve",
    "update", "status",  "blocked",  "merged", "branch",  "hotfix", "lunch",    "office",
    "remote", "payment", "account",  "key",    "secret",  "token",  "review",   "café",
    "Zürich", "😀",       "FYI",      "ok",     "can",     "you",    "check",    "this",
    "before", "Friday",  "sent",     "form",   "details", "below",  "attached", "new"};

// Countries with their BBAN shape: letters prefix and digit count (SWIFT IBAN registry).
struct IbanShape {
  const char* country;
  const char* bank;  // fixed letters at the start of the BBAN, if the format has them
  int digits;
};
const IbanShape kIbanShapes[] = {{"DE", "", 18},     {"GB", "WEST", 14}, {"FR", "", 23},
                                 {"NL", "ABNA", 10}, {"ES", "", 20},     {"CH", "", 17},
                                 {"BE", "", 12},     {"AT", "", 16},     {"IT", "X", 22}};

const std::vector<std::string> kCountries = {"DE", "FR", "GB", "US", "NL", "ES", "IT", "CH",
                                             "BE", "JP", "CA", "AU", "SG", "HK", "SE", "IE"};

std::string Base64Url(const std::string& in) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(acc >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (6 - bits)) & 0x3F]);
  return out;
}

// Replaces the digit at `pos` (of the digits only) with a different digit.
std::string ChangeDigit(std::string s, size_t nth, int delta) {
  size_t seen = 0;
  for (char& c : s) {
    if (c < '0' || c > '9') continue;
    if (seen++ == nth) {
      c = static_cast<char>('0' + (c - '0' + delta) % 10);
      break;
    }
  }
  return s;
}

size_t CountDigits(const std::string& s) {
  return static_cast<size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

}  // namespace

LabelledGenerator::LabelledGenerator(uint64_t seed) : rng_(seed) {
  DefineFinancial();
  DefineNational();
  DefineContact();
  DefineSecrets();
  DefineTokens();
  DefineRegionalIds();
  DefineOverlaps();
  for (const Kind& k : kinds_) infos_.push_back(k.info);
}

void LabelledGenerator::Define(KindInfo info, std::vector<std::string> context,
                               std::function<std::string()> t, std::function<std::string()> n) {
  kinds_.push_back(Kind{std::move(info), std::move(context), std::move(t), std::move(n)});
}

std::string LabelledGenerator::Digits(int n) { return From(kDigit, n); }

std::string LabelledGenerator::From(const std::string& alphabet, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s.push_back(alphabet[static_cast<size_t>(Uniform(0, static_cast<int>(alphabet.size()) - 1))]);
  }
  return s;
}

std::string LabelledGenerator::Pick(const std::vector<std::string>& v) {
  return v[static_cast<size_t>(Uniform(0, static_cast<int>(v.size()) - 1))];
}

std::string LabelledGenerator::TrueValue(size_t kind) { return kinds_[kind].make_true(); }
std::string LabelledGenerator::NearMiss(size_t kind) { return kinds_[kind].make_near(); }

// A valid-check-digit value is corrupted by changing one digit: Luhn, mod 97, Verhoeff and the
// weighted mod-11 schemes all detect every single-digit substitution, and the callers re-check
// with their own arithmetic where a scheme folds values (CPF, NHS).
void LabelledGenerator::DefineFinancial() {
  auto card = [this](bool formatted) {
    std::string p;
    std::vector<int> groups = {4, 4, 4, 4};
    switch (Uniform(0, 8)) {
      case 0:
        p = "4" + Digits(14);
        break;
      case 1:
        p = "5" + std::to_string(Uniform(1, 5)) + Digits(13);
        break;
      case 2:
        p = std::to_string(Uniform(2221, 2720)) + Digits(11);
        break;
      case 3:
        p = Pick({"6011", "65" + Digits(2), std::to_string(Uniform(644, 649)) + Digits(1)}) +
            Digits(11);
        break;
      case 4:
        p = "35" + std::to_string(Uniform(28, 89)) + Digits(11);
        break;
      case 5:
        p = "62" + Digits(13 + Uniform(0, 3));
        groups = {4, 4, 4, 4, 0};
        break;
      case 6:
        p = Pick({"34", "37"}) + Digits(12);
        groups = {4, 6, 5};
        break;
      case 7:
        p = Pick({"300", "301", "305", "36" + Digits(1), "38" + Digits(1)}) + Digits(10);
        groups = {4, 6, 4};
        break;
      default:
        p = "4" + Digits(14);
        groups = {16};
        break;
    }
    std::string n = p + LuhnDigit(p);
    if (groups.size() == 5) {  // UnionPay: 16-19 digits, the rest after four groups of four
      groups.back() = static_cast<int>(n.size()) - 16;
      if (groups.back() == 0) groups.pop_back();
    }
    if (!formatted || groups.size() == 1) return n;
    return Group(n, groups, Pick({" ", "-"}));
  };
  Define(
      // A 15-digit near miss that passes the NIR key (1 in 97) is a valid NIR as written.
      {"financial.card-number", true, false, "medium", {"national.fr-nir"}},
      {"my visa is", "card number", "credit card:", "pay with mastercard", "amex", "card"},
      [=, this] { return card(Chance(60)); },
      [=, this] {
        switch (Uniform(0, 3)) {
          case 0: {
            const std::string c = card(Chance(50));
            return ChangeDigit(
                c, static_cast<size_t>(Uniform(0, static_cast<int>(CountDigits(c)) - 1)),
                Uniform(1, 9));
          }
          case 1: {
            std::string p;
            do {  // no brand: not Maestro's 6304 nor Elo's 636297 and 636368
              p = "63" + Digits(13);
            } while (p.starts_with("6304") || p.starts_with("636297") || p.starts_with("636368"));
            return p + LuhnDigit(p);
          }
          case 2: {
            const std::string p = "4" + Digits(13);  // 15-digit Visa does not exist
            return p + LuhnDigit(p);
          }
          default:
            return std::string("4111 1111 1111 1111");  // allowlisted test card
        }
      });

  auto iban = [this](bool valid) {
    const IbanShape& s = kIbanShapes[static_cast<size_t>(Uniform(0, 8))];
    const std::string bban = std::string(s.bank) + Digits(s.digits);
    std::string v = std::string(s.country) + IbanCheckDigits(s.country, bban) + bban;
    if (!valid) {
      if (Chance(70)) {
        v = ChangeDigit(v, static_cast<size_t>(Uniform(2, static_cast<int>(CountDigits(v)) - 1)),
                        Uniform(1, 9));
      } else {
        v.pop_back();  // one character short for its country
      }
    }
    if (Chance(50)) return v;
    std::string grouped;
    for (size_t i = 0; i < v.size(); i += 4) grouped += (i ? " " : "") + v.substr(i, 4);
    return grouped;
  };
  // The digits of an IBAN (or of a mistyped one) grouped by four may well be a Luhn-valid card
  // number with a brand prefix: indistinguishable from one, so not a card false positive.
  Define(
      {"financial.iban", true, false, "medium", {"financial.card-number"}},
      {"IBAN", "please wire to", "bank account", "transfer to", "account number"},
      [=] { return iban(true); }, [=] { return iban(false); });

  auto aba = [this]() {
    static const std::vector<int> kPrefixes = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 21,
                                               22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 61, 62,
                                               63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 80};
    const int pre =
        kPrefixes[static_cast<size_t>(Uniform(0, static_cast<int>(kPrefixes.size()) - 1))];
    std::string d = (pre < 10 ? "0" : "") + std::to_string(pre) + Digits(6);
    const int sum = WeightedSum(d, {3, 7, 1, 3, 7, 1, 3, 7});
    return d + static_cast<char>('0' + (10 - sum % 10) % 10);
  };
  Define({"financial.aba-routing", true, true, "high"},
         {"routing number", "ABA", "routing #", "RTN", "ACH routing"}, aba, [=, this] {
           const std::string v = aba();
           return Chance(80) ? ChangeDigit(v, static_cast<size_t>(Uniform(0, 8)), Uniform(1, 9))
                             : "4" + v.substr(1);  // prefix 4x is not assigned
         });

  Define(
      {"financial.swift-bic", false, true, "high"}, {"SWIFT", "BIC", "swift code", "BIC code"},
      [this] {
        std::string v = From(kUpper, 4) + Pick(kCountries) + From(kUpper + kDigit, 2);
        return Chance(40) ? v + Pick({"XXX", From(kUpper + kDigit, 3)}) : v;
      },
      [this] {
        switch (Uniform(0, 2)) {
          case 0:
            return From(kUpper, 4) + Pick({"XX", "QQ", "ZZ", "AA"}) + From(kUpper, 2);
          case 1:
            return From(kUpper, 4) + Pick(kCountries) + From(kUpper, 1);  // 7 characters
          default:
            return From(kLower, 4) + "de" + From(kLower, 2);
        }
      });

  // An account number of 16 digits may pass Luhn with a card prefix: indistinguishable.
  Define(
      {"financial.us-bank-account", false, true, "medium", {"financial.card-number"}},
      {"account number", "acct #", "checking account", "savings account", "bank account"},
      [this] { return Digits(Uniform(8, 17)); },
      [this] { return Chance(50) ? Digits(Uniform(4, 7)) : Digits(Uniform(18, 22)); });
}

void LabelledGenerator::DefineNational() {
  auto ssn = [this](bool formatted) {
    int area;
    do {
      area = Uniform(1, 899);
    } while (area == 666);
    char buf[16];
    snprintf(buf, sizeof buf, formatted ? "%03d-%02d-%04d" : "%03d%02d%04d", area, Uniform(1, 99),
             Uniform(1, 9999));
    std::string s = buf;
    if (s == "078-05-1120" || s == "219-09-9999" || s == "457-55-5462" || s == "123-45-6789") {
      return std::string("536-22-8741");
    }
    return formatted && Chance(20) ? (s[3] = ' ', s[6] = ' ', s) : s;
  };
  auto bad_ssn = [this](bool formatted) {
    char buf[16];
    const char* fmt = formatted ? "%03d-%02d-%04d" : "%03d%02d%04d";
    switch (Uniform(0, 3)) {
      case 0:
        snprintf(buf, sizeof buf, fmt, 666, Uniform(1, 99), Uniform(1, 9999));
        break;
      case 1:
        snprintf(buf, sizeof buf, fmt, 0, Uniform(1, 99), Uniform(1, 9999));
        break;
      case 2:
        snprintf(buf, sizeof buf, fmt, Uniform(1, 899), 0, Uniform(1, 9999));
        break;
      default:
        snprintf(buf, sizeof buf, fmt, Uniform(1, 899), Uniform(1, 99), 0);
        break;
    }
    return std::string(buf);
  };
  Define(
      {"national.us-ssn", true, false, "medium"}, {"SSN", "social security number", "ssn#"},
      [=] { return ssn(true); }, [=] { return bad_ssn(true); });
  Define(
      {"national.us-ssn-unformatted", true, true, "high"}, {"SSN", "social security", "ssn:"},
      [=] { return ssn(false); }, [=] { return bad_ssn(false); });

  auto itin_group = [this](bool valid) {
    static const std::vector<int> kValid = {
        50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 70, 71, 72, 73, 74, 75,
        76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 90, 91, 92, 94, 95, 96, 97, 98, 99};
    static const std::vector<int> kInvalid = {10, 21, 33, 49, 66, 69, 89, 93};
    const auto& v = valid ? kValid : kInvalid;
    return std::to_string(v[static_cast<size_t>(Uniform(0, static_cast<int>(v.size()) - 1))]);
  };
  Define(
      {"national.us-itin", true, true, "high"},
      {"ITIN", "taxpayer identification number", "tax id"},
      [=, this] { return "9" + Digits(2) + "-" + itin_group(true) + "-" + Digits(4); },
      [=, this] { return "9" + Digits(2) + "-" + itin_group(false) + "-" + Digits(4); });

  auto nino_prefix = [this]() {
    static const std::string kFirst = "ABCEGHJKLMNOPRSTWXYZ";
    static const std::string kSecond = "ABCEGHJKLMNPRSTWXYZ";
    std::string p;
    do {
      p = From(kFirst, 1) + From(kSecond, 1);
    } while (p == "BG" || p == "GB" || p == "KN" || p == "NK" || p == "NT" || p == "TN" ||
             p == "ZZ");
    return p;
  };
  Define(
      {"national.uk-nino", false, false, "medium"}, {"NI number", "national insurance", "NINO"},
      [=, this] {
        const std::string sep = Chance(50) ? " " : "";
        return nino_prefix() + sep + Digits(2) + sep + Digits(2) + sep + Digits(2) + sep +
               Pick({"A", "B", "C", "D"});
      },
      [=, this] {
        switch (Uniform(0, 2)) {
          case 0:
            return Pick({"D", "F", "I", "Q", "U", "V"}) + From("ABCEH", 1) + Digits(6) + "A";
          case 1:
            return Pick({"GB", "BG", "ZZ", "NK"}) + Digits(6) + "C";
          default:
            return nino_prefix() + Digits(6) + Pick({"E", "F", "Z"});
        }
      });

  auto nhs = [this](bool valid) {
    for (;;) {
      const std::string d = Digits(9);
      const int check = (11 - WeightedSum(d, {10, 9, 8, 7, 6, 5, 4, 3, 2}) % 11) % 11;
      if (check == 10) continue;
      std::string v = d + static_cast<char>('0' + check);
      if (!valid) v = d + static_cast<char>('0' + (check + Uniform(1, 9)) % 10);
      return Chance(50) ? Group(v, {3, 3, 4}, " ") : v;
    }
  };
  Define(
      {"national.uk-nhs", true, true, "high"}, {"NHS number", "patient NHS no", "nhs"},
      [=] { return nhs(true); }, [=] { return nhs(false); });

  auto sin = [this](bool valid) {
    const std::string p = Pick({"1", "2", "3", "4", "5", "6", "7", "9"}) + Digits(7);
    std::string v = p + LuhnDigit(p);
    if (!valid) v = ChangeDigit(v, 8, Uniform(1, 9));
    return Chance(50) ? Group(v, {3, 3, 3}, Pick({" ", "-"})) : v;
  };
  Define(
      {"national.ca-sin", true, true, "high"}, {"SIN", "social insurance number", "my SIN is"},
      [=] { return sin(true); }, [=] { return sin(false); });

  auto nir = [this](bool valid) {
    int dept;
    do {
      dept = Uniform(1, 95);
    } while (dept == 20);
    char buf[32];
    snprintf(buf, sizeof buf, "%d%02d%02d%02d%03d%03d", Uniform(1, 2), Uniform(0, 99),
             Uniform(1, 12), dept, Uniform(1, 990), Uniform(1, 999));
    const std::string body = buf;
    int key = 97 - static_cast<int>(std::stoll(body) % 97);
    if (!valid) key = key % 97 + 1;
    char k[4];
    snprintf(k, sizeof k, "%02d", key);
    const std::string v = body + k;
    return Chance(50) ? Group(v, {1, 2, 2, 2, 3, 3, 2}, " ") : v;
  };
  Define(
      {"national.fr-nir", true, false, "medium"}, {"NIR", "numéro de sécurité sociale", "INSEE"},
      [=] { return nir(true); }, [=] { return nir(false); });

  auto dni = [this](bool valid) {
    static const std::string kLetters = "TRWAGMYFPDXBNJZSQVHLCKE";
    const bool nie = Chance(30);
    const std::string digits = Digits(nie ? 7 : 8);
    const char prefix = nie ? "XYZ"[Uniform(0, 2)] : 0;
    const long n =
        std::stol((nie ? std::string(1, static_cast<char>('0' + (prefix - 'X'))) : "") + digits);
    char letter = kLetters[static_cast<size_t>(n % 23)];
    if (!valid) letter = kLetters[static_cast<size_t>((n + Uniform(1, 22)) % 23)];
    return (nie ? std::string(1, prefix) : "") + digits + (Chance(20) ? "-" : "") + letter;
  };
  Define(
      {"national.es-dni", true, false, "medium"}, {"DNI", "NIE", "documento nacional"},
      [=] { return dni(true); }, [=] { return dni(false); });

  auto cf = [this](bool valid) {
    const std::string first15 = From(kUpper, 6) + Digits(2) + From("ABCDEHLMPRST", 1) +
                                std::to_string(Uniform(10, 71)) + From(kUpper, 1) + Digits(3);
    char check = CodiceFiscaleLetter(first15);
    if (!valid) check = static_cast<char>('A' + (check - 'A' + Uniform(1, 25)) % 26);
    return first15 + check;
  };
  Define(
      {"national.it-codice-fiscale", true, false, "medium"},
      {"codice fiscale", "cod. fisc.", "tax code"}, [=] { return cf(true); },
      [=] { return cf(false); });

  auto bsn = [this](bool valid) {
    for (;;) {
      const std::string d = Digits(8);
      const int check = WeightedSum(d, {9, 8, 7, 6, 5, 4, 3, 2}) % 11;
      if (check == 10) continue;
      const int c = valid ? check : (check + Uniform(1, 9)) % 10;
      if (!valid && c == check) continue;
      return d + static_cast<char>('0' + c);
    }
  };
  Define(
      {"national.nl-bsn", true, true, "high"}, {"BSN", "burgerservicenummer", "sofinummer"},
      [=] { return bsn(true); }, [=] { return bsn(false); });

  auto tax_id = [this](bool valid) {
    for (;;) {
      std::string digits = kDigit;
      std::shuffle(digits.begin(), digits.end(), rng_);
      std::string ten = digits.substr(0, 9);
      ten.insert(static_cast<size_t>(Uniform(0, 9)), 1, ten[static_cast<size_t>(Uniform(0, 8))]);
      if (ten[0] == '0') continue;
      char check = Mod11_10Digit(ten);
      if (!valid) check = static_cast<char>('0' + (check - '0' + Uniform(1, 9)) % 10);
      const std::string v = ten + check;
      return Chance(40) ? Group(v, {2, 3, 3, 3}, " ") : v;
    }
  };
  Define(
      {"national.de-tax-id", true, true, "high"},
      {"Steuer-ID", "Steuer-IdNr", "steuerliche Identifikationsnummer"},
      [=] { return tax_id(true); }, [=] { return tax_id(false); });

  auto tfn = [this](bool valid) {
    for (;;) {
      const std::string d = Digits(8);
      const int check = WeightedSum(d, {1, 4, 3, 7, 5, 8, 6, 9}) % 11;  // weight 10 = -1 mod 11
      if (check == 10) continue;
      const int c = valid ? check : (check + Uniform(1, 9)) % 10;
      if (!valid && c == check) continue;
      const std::string v = d + static_cast<char>('0' + c);
      return Chance(50) ? Group(v, {3, 3, 3}, " ") : v;
    }
  };
  Define(
      {"national.au-tfn", true, true, "high"}, {"TFN", "tax file number", "tax file no"},
      [=] { return tfn(true); }, [=] { return tfn(false); });

  auto aadhaar = [this](bool valid) {
    const std::string p = std::to_string(Uniform(2, 9)) + Digits(10);
    std::string v = p + VerhoeffDigit(p);
    if (!valid) v = ChangeDigit(v, static_cast<size_t>(Uniform(1, 11)), Uniform(1, 9));
    return Chance(60) ? Group(v, {4, 4, 4}, Pick({" ", "-"})) : v;
  };
  Define(
      {"national.in-aadhaar", true, true, "high"}, {"Aadhaar", "aadhaar no", "UIDAI number"},
      [=] { return aadhaar(true); }, [=] { return aadhaar(false); });

  auto cpf = [this](bool valid) {
    for (;;) {
      const std::string d9 = Digits(9);
      auto digit = [](const std::string& d, int top) {
        int sum = 0;
        for (size_t i = 0; i < d.size(); ++i) sum += (d[i] - '0') * (top - static_cast<int>(i));
        const int r = sum * 10 % 11;
        return r == 10 ? 0 : r;
      };
      const int c1 = digit(d9, 10);
      const int c2 = digit(d9 + static_cast<char>('0' + c1), 11);
      std::string v = d9 + static_cast<char>('0' + c1) + static_cast<char>('0' + c2);
      if (std::all_of(v.begin(), v.end(), [&](char c) { return c == v[0]; })) continue;
      if (!valid) v.back() = static_cast<char>('0' + (c2 + Uniform(1, 9)) % 10);
      return Chance(60)
                 ? v.substr(0, 3) + "." + v.substr(3, 3) + "." + v.substr(6, 3) + "-" + v.substr(9)
                 : v;
    }
  };
  Define(
      {"national.br-cpf", true, true, "high"}, {"CPF", "meu CPF é", "cadastro de pessoas físicas"},
      [=] { return cpf(true); }, [=] { return cpf(false); });

  Define(
      {"national.passport", false, true, "medium"}, {"passport number", "passport no", "Reisepass"},
      [this] { return Chance(50) ? From(kUpper, Uniform(1, 2)) + Digits(7) : Digits(9); },
      [this] { return Chance(50) ? From(kUpper, 3) + Digits(5) : Digits(5); });
}

void LabelledGenerator::DefineContact() {
  Define(
      {"contact.email", false, false, "medium"}, {"mail", "email me at", "contact"},
      [this] {
        return Pick({"adele", "lee.gu", "m.bowen", "j_doe+dlp", "alex.w"}) + Digits(Uniform(0, 2)) +
               "@" + Pick({"fabrikam.com", "northwind.co.uk", "adatum.de", "tailspin.io"});
      },
      [this] {
        return Pick({"someone@example.com", "sales@contoso.com", "user@localhost", "@Adele", "a@b",
                     "name at fabrikam dot com"});
      });

  auto nanp = [this]() {
    return std::to_string(Uniform(2, 9)) + Pick({"0", "2", "4", "6"}) + Digits(1) + "-" +
           std::to_string(Uniform(2, 9)) + Pick({"0", "3", "5", "7"}) + Digits(1) + "-" + Digits(4);
  };
  Define(
      {"contact.phone-international", false, false, "medium"},
      {"call me on", "mobile", "tel", "whatsapp"},
      [=, this] {
        switch (Uniform(0, 3)) {
          case 0:
            return "+44 20 7946 0" + Digits(3);
          case 1:
            return "+1 " + nanp();
          case 2:
            return "+33 6 " + Group(Digits(8), {2, 2, 2, 2}, " ");
          default:
            return "+49 30 " + Digits(Uniform(6, 8));
        }
      },
      [this] {
        switch (Uniform(0, 2)) {
          case 0:
            return "+1 (1" + Digits(2) + ") 555-0" + Digits(3);
          case 1:
            return "+44 " + Digits(2);
          default:
            return "+1 415 911 " + Digits(4);
        }
      });
  Define(
      {"contact.phone-national", false, true, "high"},
      {"call me on", "my phone is", "mobile", "tel"},
      [=, this] {
        switch (Uniform(0, 2)) {
          case 0:
            return "(" + nanp().substr(0, 3) + ") " + nanp().substr(4);
          case 1:
            return "020 7946 0" + Digits(3);
          default:
            return "06 " + Group(Digits(8), {2, 2, 2, 2}, " ");
        }
      },
      [this] {
        return Pick({"123-456-7890", "555-555-5555", "911", "415-555-01" + Digits(1)});
      });

  auto octet = [this]() { return std::to_string(Uniform(1, 254)); };
  Define(
      {"contact.ipv4", false, true, "medium"},
      {"ip address", "server", "logged in from", "vpn gateway"},
      [=] { return octet() + "." + octet() + "." + octet() + "." + octet(); },
      [=, this] {
        switch (Uniform(0, 2)) {
          case 0:
            return std::to_string(Uniform(256, 999)) + "." + octet() + "." + octet() + "." +
                   octet();
          case 1:
            return octet() + ".0" + Digits(1) + "." + octet() + "." + octet();
          default:
            return octet() + "." + octet() + "." + octet();
        }
      });
  Define(
      {"contact.ipv6", false, true, "medium"}, {"ip address", "server", "source ip", "host"},
      [this] {
        return Chance(50)
                   ? "2001:db8:" + From(kHex, 4) + "::" + From(kHex, 3) +
                         std::to_string(Uniform(1, 9))
                   : "fe80::" + From(kHex, 3) + std::to_string(Uniform(1, 9)) + ":" + From(kHex, 4);
      },
      [this] {
        // A time, or five hex pairs (a MAC address would be contact.mac-address's).
        return Chance(50)
                   ? std::to_string(Uniform(10, 23)) + ":" + std::to_string(Uniform(10, 59)) + ":00"
                   : Group(From(kHex, 10), {2, 2, 2, 2, 2}, ":");
      });
  Define(
      {"contact.mac-address", false, true, "medium"},
      {"mac address", "bssid", "ethernet", "wifi adapter"},
      [this] {
        switch (Uniform(0, 2)) {
          case 0:
            return Group(From(kHex, 12), {2, 2, 2, 2, 2, 2}, ":");
          case 1:
            return Group(From("0123456789ABCDEF", 12), {2, 2, 2, 2, 2, 2}, "-");
          default:
            return Group(From(kHex, 12), {4, 4, 4}, ".");
        }
      },
      [this] {
        switch (Uniform(0, 2)) {
          case 0:
            return Group(From(kHex, 10), {2, 2, 2, 2, 2}, ":");  // five pairs
          case 1:
            return std::string("ff:ff:ff:ff:ff:ff");  // broadcast
          default:
            return "00:00:5e:00:53:" + From(kHex, 2);  // documentation range
        }
      });
}

void LabelledGenerator::DefineSecrets() {
  // Any credential written as an assignment ("API_KEY=...") is also a generic secret.
  auto simple = [this](const std::string& detector, std::vector<std::string> context,
                       std::function<std::string()> t, std::function<std::string()> n,
                       bool needs_context = false, const char* reporting = "high",
                       bool checksum = false) {
    Define({detector, checksum, needs_context, reporting, {"secrets.password-assignment"}},
           std::move(context), std::move(t), std::move(n));
  };
  const std::string base32 = kUpper + "234567";
  simple(
      "secrets.aws-access-key-id", {"AWS_ACCESS_KEY_ID=", "aws key"},
      [=, this] {
        return Pick({"AKIA", "ASIA"}) + From(base32, 16);
      },
      [=, this] {
        return Pick({"akia" + From(kLower, 16), "AKIA" + From(base32, 15),
                     "AKIA" + From("0189", 16), std::string("AKIAIOSFODNN7EXAMPLE")});
      });
  simple(
      "secrets.aws-secret-access-key",
      {"aws_secret_access_key =", "AWS secret:", "SecretAccessKey"},
      [this] { return From(kBase64, 40); },
      [this] {
        return Pick({From(kHex, 40), From(kBase64, 39), From(kLower, 40)});
      },
      true);
  auto azure_key = [this] { return From(kBase64, 86) + "=="; };
  simple(
      "secrets.azure-storage-connection-string", {"connection string:", "AzureWebJobsStorage="},
      [=, this] {
        return "DefaultEndpointsProtocol=https;AccountName=" +
               From(kLower + kDigit, Uniform(3, 24)) + ";AccountKey=" + azure_key() +
               ";EndpointSuffix=core.windows.net";
      },
      [this] {
        return "DefaultEndpointsProtocol=https;AccountName=" + From(kLower, 8) +
               Pick({";AccountKey=<key>", ";EndpointSuffix=core.windows.net",
                     ";AccountKey=" + From(kBase64, 40) + "=="});
      });
  simple(
      "secrets.azure-storage-key", {"storage account key:", "AccountKey=", "azure primary key"},
      azure_key,
      [this] {
        return Pick({std::string(86, 'A') + "==", From(kBase64, 60) + "==", From(kBase64, 86)});
      },
      true);
  simple(
      "secrets.azure-sas-token", {"SAS:", "shared access signature"},
      [this] {
        return "https://" + From(kLower, 8) +
               ".blob.core.windows.net/c/"
               "f.csv?sp=r&st=2026-11-25T10:00:00Z&se=2026-12-01T00:00:00Z&spr=https&sv=2022-11-02&"
               "sr=b&sig=" +
               From(kBase62, 40) + "%3D";
      },
      [this] {
        return Pick({"?sv=2022-11-02&sp=r&sig=<signature>", "sv=2022-11-02&sp=r",
                     "sig=" + From(kBase62, 10)});
      });
  simple(
      "secrets.entra-client-secret",
      {"client_secret=", "app registration secret:", "client secret"},
      [this] {
        return From(kBase62, 3) + Digits(1) + "Q~" + From(kBase62 + "_~.-", Uniform(31, 34));
      },
      [this] {
        return Pick({From(kBase62, 3) + Digits(1) + "R~" + From(kBase62, 34),
                     From(kHex, 8) + "-" + From(kHex, 4) + "-" + From(kHex, 4) + "-" +
                         From(kHex, 4) + "-" + From(kHex, 12)});
      },
      false, "medium");
  simple(
      "secrets.github-token", {"token", "GITHUB_TOKEN="},
      [this] {
        const std::string body = From(kBase62, 30);
        return "gh" + From("pousr", 1) + "_" + body + Base62Crc32(body);
      },
      [this] {
        // Right shape, wrong checksum: a random tail matches the CRC once in 62^6.
        return Pick(
            {"ghp_" + From(kBase62, 20), "ghx_" + From(kBase62, 36), "ghp_" + From(kBase62, 36)});
      },
      false, "high", true);
  simple(
      "secrets.github-fine-grained-token", {"token", "GITHUB_PAT="},
      [this] { return "github_pat_11" + From(kBase62, 20) + "_" + From(kBase62, 59); },
      [this] {
        return Pick({"github_pat_" + From(kBase62, 10), "github_pat_" + From(kBase62, 81),
                     "gitlab_pat_" + From(kBase62, 22) + "_" + From(kBase62, 59)});
      });
  simple(
      "secrets.gitlab-token", {"GITLAB_TOKEN=", "deploy token"},
      [this] {
        return Pick({"glpat-", "gldt-", "glptt-", "glrt-"}) + From(kBase62, 20);
      },
      [this] {
        return Pick({"glpat-" + From(kBase62, 8), "glpat_" + From(kBase62, 20),
                     "glxyz-" + From(kBase62, 20)});
      });
  simple(
      "secrets.slack-token", {"SLACK_BOT_TOKEN=", "slack token"},
      [this] {
        return "xox" + From("bpa", 1) + "-" + Digits(Uniform(10, 13)) + "-" + Digits(13) + "-" +
               From(kBase62, 24);
      },
      [this] {
        return Pick({std::string("xoxb-not-a-real-token"),
                     "xoxq-" + Digits(10) + "-" + From(kBase62, 24),
                     "xoxb-" + Digits(5) + "-short"});
      });
  simple(
      "secrets.slack-webhook", {"webhook:", "post to"},
      [this] {
        return "https://hooks.slack.com/services/T" + From(kUpper + kDigit, 8) + "/B" +
               From(kUpper + kDigit, 8) + "/" + From(kBase62, 24);
      },
      [this] {
        return Pick({std::string("https://hooks.slack.com/services/"),
                     "https://hooks.slack.com/services/T" + From(kUpper, 8) + "/B" +
                         From(kUpper, 8) + "/XXXX",
                     std::string("https://api.slack.com/messaging/webhooks")});
      });
  auto guid = [this] {
    return From(kHex, 8) + "-" + From(kHex, 4) + "-4" + From(kHex, 3) + "-8" + From(kHex, 3) + "-" +
           From(kHex, 12);
  };
  simple(
      "secrets.teams-webhook", {"webhook:", "post to"},
      [=, this] {
        return "https://" + From(kLower, 7) + ".webhook.office.com/webhookb2/" + guid() + "@" +
               guid() + "/IncomingWebhook/" + From(kHex, 32) + "/" + guid();
      },
      [=, this] {
        return Pick({"https://" + From(kLower, 7) + ".webhook.office.com/webhookb2/",
                     "https://" + From(kLower, 7) + ".sharepoint.com/sites/" + guid()});
      });
  simple(
      "secrets.stripe-key", {"STRIPE_SECRET_KEY=", "stripe key"},
      [this] {
        return Pick({"sk_live_", "sk_test_", "rk_live_"}) + From(kBase62, Uniform(24, 99));
      },
      [this] {
        return Pick({"pk_live_" + From(kBase62, 24), "sk_live_" + From(kBase62, 8),
                     "sk_prod_" + From(kBase62, 24)});
      });
  simple(
      "secrets.google-api-key", {"key=", "firebase apiKey:"},
      [this] { return "AIza" + From(kBase64Url, 35); },
      [this] {
        return Pick({"AIza" + From(kBase64Url, 34), "aiza" + From(kBase64Url, 35),
                     "AIzb" + From(kBase64Url, 35)});
      });
  simple(
      "secrets.twilio-api-key", {"twilio api key", "TWILIO_API_KEY="},
      [this] { return "SK" + From(kHex, 32); },
      [this] {
        return Pick({"SK" + From(kHex, 31), "AC" + From(kHex, 32), "SK" + From(kHex, 33)});
      },
      false, "medium");
  simple(
      "secrets.sendgrid-api-key", {"SENDGRID_API_KEY=", "sendgrid key"},
      [this] { return "SG." + From(kBase64Url, 22) + "." + From(kBase64Url, 43); },
      [this] {
        return Pick({"SG." + From(kBase64Url, 22),
                     "sg." + From(kBase64Url, 22) + "." + From(kBase64Url, 43),
                     "SG." + From(kBase64Url, 21) + "." + From(kBase64Url, 43)});
      });
  simple(
      "secrets.npm-token", {"NPM_TOKEN=", "_authToken="},
      [this] {
        const std::string body = From(kBase62, 30);
        return "npm_" + body + Base62Crc32(body);
      },
      [this] {
        return Pick({"npm_" + From(kBase62, 35), std::string("npm install left-pad"),
                     "NPM_" + From(kBase62, 36), "npm_" + From(kBase62, 36)});
      },
      false, "high", true);
  simple(
      "secrets.openai-api-key", {"OPENAI_API_KEY=", "openai key"},
      [this] {
        return Pick({"sk-", "sk-proj-"}) + From(kBase62, 20) + "T3BlbkFJ" + From(kBase62, 20);
      },
      [this] {
        return Pick({"sk-" + From(kBase62, 40), std::string("sk-learn"),
                     "sk-" + From(kBase62, 8) + "T3BlbkFJ"});
      });
  simple(
      "secrets.jwt", {"Authorization: Bearer", "id_token="},
      [this] {
        return Base64Url("{\"alg\":\"" + Pick({"RS256", "ES256", "HS256"}) +
                         "\",\"typ\":\"JWT\"}") +
               "." + Base64Url("{\"sub\":\"" + From(kLower, 8) + "\",\"exp\":" + Digits(10) + "}") +
               "." + From(kBase64Url, 43);
      },
      [this] {
        return Pick({Base64Url("{\"typ\":\"JWT\"}") + "." + Base64Url("{\"sub\":\"x\"}") + "." +
                         From(kBase64Url, 20),
                     Base64Url("{\"alg\":\"none\"}") + ".notjson." + From(kBase64Url, 8)});
      });
  simple(
      "secrets.private-key", {"here is the key", "id_rsa:"},
      [this] {
        return "-----BEGIN " + Pick({"RSA ", "EC ", "OPENSSH ", "ENCRYPTED ", ""}) +
               "PRIVATE KEY-----";
      },
      [this] {
        return Pick(
            {"-----BEGIN PUBLIC KEY-----", "-----BEGIN CERTIFICATE-----", "BEGIN RSA PRIVATE KEY"});
      });
  const std::string password_alphabet = kBase62 + "!#$%&*+.?@^_~-";
  simple(
      "secrets.url-credentials", {"db:", "DATABASE_URL="},
      [=, this] {
        return Pick({"postgres://", "mongodb+srv://", "amqp://", "redis://"}) + From(kLower, 5) +
               ":" + From(kBase62, Uniform(8, 16)) + "@" + From(kLower, 6) + ".contoso.internal";
      },
      [this] {
        return Pick({"postgres://app:password@localhost/db",
                     "postgres://app:${DB_PASSWORD}@db/orders", "https://user@contoso.com/path"});
      });
  simple(
      "secrets.password-assignment", {"the config has", "use"},
      [=, this] {
        std::string v;
        do {
          v = From(password_alphabet, Uniform(10, 16));
        } while (v.find_first_of(kDigit) == std::string::npos);
        return Pick({"password=", "pwd: ", "\"client_secret\": \"", "DB_PASSWORD = '"}) + v;
      },
      [this] {
        return Pick({"password=changeme123", "password: ********", "PASSWORD=${DB_PASSWORD}",
                     "password is required", "secret = load_secret_from_vault",
                     "password: xxxxxxxxxx"});
      },
      false, "medium");
  simple(
      "secrets.xml-config-secret", {"web.config:", "in app.config"},
      [=, this] {
        return "<add key=\"" + Pick({"DbPassword", "Smtp.Password", "ApiKey", "StorageSecret"}) +
               "\" value=\"" + From(password_alphabet, Uniform(10, 20)) + "\" />";
      },
      [this] {
        return Pick({"<add key=\"DbPassword\" value=\"#{DbPassword}\" />",
                     "<add key=\"DbPassword\" value=\"__DB_PASSWORD__\" />",
                     "<add key=\"DbServer\" value=\"" + From(kLower, 8) + ".contoso.local\" />"});
      },
      false, "medium");
}

// Values of one kind that another detector rightly reports too: its hits on them are no false
// positives. Declared after every kind is defined.
void LabelledGenerator::DefineOverlaps() {
  auto also = [this](const std::string& kind, const std::string& other) {
    for (Kind& k : kinds_) {
      if (k.info.detector == kind) k.info.also.push_back(other);
    }
  };
  also("secrets.azure-storage-connection-string", "secrets.azure-storage-key");
  also("secrets.azure-sas-token", "secrets.aws-secret-access-key");  // the signature is 40+ base64
  // A password may hold "@" and a dotted tail: user@host-shaped, as far as anyone can tell.
  also("secrets.password-assignment", "contact.email");
  also("secrets.url-credentials", "contact.email");
  // The account number of a BSB or transit/institution pair is an account number next to the
  // same words.
  also("financial.au-bank-account", "financial.us-bank-account");
  also("financial.ca-bank-account", "financial.us-bank-account");
  // A Polish passport number next to Polish passport words is a passport number: the generic
  // type, which knows the words of every EU language and checks no digit, reports it too.
  also("ids-eu.pl-passport", "national.passport");
}

// Formatting tricks that normalization must see through: full-width digits, no-break or
// en-dash separators, zero-width spaces between digits. Values without digits stay as they are.
std::string LabelledGenerator::Disguise(const std::string& value) {
  std::string out;
  const int trick = Uniform(0, 2);
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const bool digit = c >= '0' && c <= '9';
    if (trick == 0 && digit) {
      out += "\xEF\xBC";  // U+FF10 + d: full-width digit
      out.push_back(static_cast<char>(0x90 + (c - '0')));
    } else if (trick == 1 && (c == ' ' || c == '-') && i > 0 && i + 1 < value.size() &&
               value[i - 1] >= '0' && value[i - 1] <= '9' && value[i + 1] >= '0' &&
               value[i + 1] <= '9') {
      out += c == ' ' ? "\xC2\xA0" : "\xE2\x80\x93";  // NBSP, en dash
    } else {
      out.push_back(c);
      if (trick == 2 && digit && i + 1 < value.size() && value[i + 1] >= '0' &&
          value[i + 1] <= '9' && Chance(20)) {
        out += "\xE2\x80\x8B";  // zero-width space
      }
    }
  }
  return out;
}

std::string LabelledGenerator::LookAlike() {
  switch (Uniform(0, 7)) {
    case 0:
      return From(kHex, 8) + "-" + From(kHex, 4) + "-" + From(kHex, 4) + "-" + From(kHex, 4) + "-" +
             From(kHex, 12);
    case 1:
      return "2026-" + std::to_string(Uniform(10, 12)) + "-" + std::to_string(Uniform(10, 28)) +
             "T" + std::to_string(Uniform(10, 23)) + ":" + std::to_string(Uniform(10, 59)) + ":00Z";
    case 2:
      return "order #" + Digits(Uniform(6, 10));
    case 3:
      return "tracking 1Z" + From(kUpper + kDigit, 16);
    case 4:
      return "v" + std::to_string(Uniform(1, 20)) + "." + std::to_string(Uniform(0, 30)) + "." +
             std::to_string(Uniform(0, 300));
    case 5:
      return "INC" + Digits(7);
    case 6:
      return "build " + Digits(4) + "." + Digits(2) + "." + Digits(2) + "." + Digits(4);
    default:
      return "ext. " + Digits(4) + ", room " + Digits(3);
  }
}

std::string LabelledGenerator::Prose(size_t bytes) {
  std::string out;
  while (out.size() < bytes) {
    if (!out.empty()) out += Uniform(0, 10) == 0 ? ". " : " ";
    out += Uniform(0, 40) == 0 ? LookAlike() : Pick(kWords);
  }
  return out;
}

LabelledMessage LabelledGenerator::Next() {
  struct Item {
    size_t kind;
    bool truth;
  };
  std::vector<Item> items;
  const int n_true = Pick({"0", "1", "1", "1", "2"})[0] - '0';
  const int n_near = Pick({"0", "1", "1", "2"})[0] - '0';
  const int last = static_cast<int>(kinds_.size()) - 1;
  items.reserve(static_cast<size_t>(n_true) + static_cast<size_t>(n_near));
  for (int i = 0; i < n_true; ++i) items.push_back({static_cast<size_t>(Uniform(0, last)), true});
  for (int i = 0; i < n_near; ++i) items.push_back({static_cast<size_t>(Uniform(0, last)), false});
  std::shuffle(items.begin(), items.end(), rng_);

  LabelledMessage m;
  m.text = Prose(static_cast<size_t>(Uniform(10, 120)));
  for (const Item& item : items) {
    const Kind& k = kinds_[item.kind];
    std::string value = item.truth ? k.make_true() : k.make_near();
    if (Chance(8)) value = Disguise(value);
    const bool with_context = item.truth ? (k.info.needs_context || Chance(50)) : Chance(60);
    m.text += Pick({". ", "\n", " "});
    if (with_context) m.text += Pick(k.context) + Pick({" ", ": ", " is "});
    const bool quoted = Chance(15);
    if (quoted) m.text += "(";
    const size_t start = m.text.size();
    m.text += value;
    m.labels.push_back({k.info.detector, start, m.text.size(), item.truth});
    if (quoted) m.text += ")";
    m.text += Pick({" ", ". ", ", ", "\n"});
    m.text += Prose(static_cast<size_t>(Uniform(40, 240)));
  }
  return m;
}

}  // namespace bulwark::corpus
