#include "detect/validator.h"

#include <algorithm>
#include <cctype>
#include <iterator>
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

bool UsItinValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 9 || d[0] != '9') return false;
  const int g = (d[3] - '0') * 10 + (d[4] - '0');
  return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) ||
         (g >= 94 && g <= 99);
}

namespace {

// Upper-case letters and digits of `value`, separators (space, dash, dot) dropped; nullopt on
// any other character.
std::optional<std::string> Compact(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == ' ' || c == '-' || c == '.') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace

bool FrNirValid(std::string_view value) {
  auto c = Compact(value);
  if (!c || c->size() != 15) return false;
  std::string number = c->substr(0, 13);
  const std::string key = c->substr(13);
  if (number[0] != '1' && number[0] != '2' && number[0] != '3' && number[0] != '4' &&
      number[0] != '7' && number[0] != '8') {
    return false;
  }
  if (number.compare(5, 2, "2A") == 0) number.replace(5, 2, "19");
  if (number.compare(5, 2, "2B") == 0) number.replace(5, 2, "18");
  if (!std::all_of(number.begin(), number.end(), IsDigit) ||
      !std::all_of(key.begin(), key.end(), IsDigit)) {
    return false;
  }
  long long n = std::stoll(number);
  return 97 - n % 97 == std::stoi(key);
}

bool EsDniValid(std::string_view value) {
  static constexpr char kLetters[] = "TRWAGMYFPDXBNJZSQVHLCKE";
  auto c = Compact(value);
  if (!c || c->size() != 9) return false;
  std::string digits = c->substr(0, 8);
  if (digits[0] == 'X' || digits[0] == 'Y' || digits[0] == 'Z')
    digits[0] = static_cast<char>('0' + (digits[0] - 'X'));
  if (!std::all_of(digits.begin(), digits.end(), IsDigit)) return false;
  return kLetters[std::stol(digits) % 23] == (*c)[8];
}

bool ItCodiceFiscaleValid(std::string_view value) {
  static constexpr int kOddDigits[] = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21};
  static constexpr int kOddLetters[] = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                                        20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
  auto c = Compact(value);
  if (!c || c->size() != 16) return false;
  int sum = 0;
  for (size_t i = 0; i < 15; ++i) {
    const char ch = (*c)[i];
    const bool digit = IsDigit(ch);
    if (i % 2 == 0) {  // odd position, 1-based
      sum += digit ? kOddDigits[ch - '0'] : kOddLetters[ch - 'A'];
    } else {
      sum += digit ? ch - '0' : ch - 'A';
    }
  }
  return (*c)[15] == static_cast<char>('A' + sum % 26);
}

bool DeTaxIdValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 11 || d[0] == '0') return false;
  int counts[10] = {0};
  for (size_t i = 0; i < 10; ++i) ++counts[d[i] - '0'];
  int repeated = 0;
  for (int n : counts) {
    if (n > 3) return false;
    if (n >= 2) ++repeated;
  }
  if (repeated != 1) return false;
  return d[10] - '0' == Iso7064Mod1110CheckDigit(std::string_view(d).substr(0, 10));
}

bool BrCpfValid(std::string_view value) {
  const std::string d = DigitsOf(value);
  if (d.size() != 11 || std::all_of(d.begin(), d.end(), [&](char c) { return c == d[0]; }))
    return false;
  int s1 = 0;
  for (int i = 0; i < 9; ++i) s1 += (d[i] - '0') * (10 - i);
  const int d1 = s1 * 10 % 11 % 10;
  int s2 = 0;
  for (int i = 0; i < 9; ++i) s2 += (d[i] - '0') * (11 - i);
  s2 += d1 * 2;
  const int d2 = s2 * 10 % 11 % 10;
  return d[9] - '0' == d1 && d[10] - '0' == d2;
}

namespace {

// The one list of validators: name, kind, whether it needs parameters (then a policy must use
// the `{name: ..., ...}` form), and the check. Names(), Make(), Valid(), the policy parser's
// messages and (through a unit test) the JSON Schema's enums all follow it.
struct ValidatorDef {
  std::string_view name;
  Validator::Kind kind;
  bool needs_params;
  bool (*check)(std::string_view value, const ValidatorParams& params);
};

template <bool (*F)(std::string_view)>
bool Plain(std::string_view v, const ValidatorParams&) {
  return F(v);
}

constexpr ValidatorDef kValidators[] = {
    {"luhn", Validator::Kind::kLuhn, false, &Plain<LuhnValid>},
    {"iban", Validator::Kind::kIban, false, &Plain<IbanValid>},
    {"aba-routing", Validator::Kind::kAbaRouting, false, &Plain<AbaRoutingValid>},
    {"us-ssn", Validator::Kind::kUsSsn, false, &Plain<UsSsnValid>},
    {"verhoeff", Validator::Kind::kVerhoeff, false, &Plain<VerhoeffValid>},
    {"mod11", Validator::Kind::kMod11, true,
     [](std::string_view v, const ValidatorParams& p) { return Mod11Valid(v, p.mod11); }},
    {"us-itin", Validator::Kind::kUsItin, false, &Plain<UsItinValid>},
    {"fr-nir", Validator::Kind::kFrNir, false, &Plain<FrNirValid>},
    {"es-dni", Validator::Kind::kEsDni, false, &Plain<EsDniValid>},
    {"it-codice-fiscale", Validator::Kind::kItCodiceFiscale, false, &Plain<ItCodiceFiscaleValid>},
    {"de-tax-id", Validator::Kind::kDeTaxId, false, &Plain<DeTaxIdValid>},
    {"br-cpf", Validator::Kind::kBrCpf, false, &Plain<BrCpfValid>},
    {"entropy", Validator::Kind::kEntropy, false,
     [](std::string_view v, const ValidatorParams& p) { return EntropyValid(v, p.entropy); }},
    {"jwt", Validator::Kind::kJwt, false, &Plain<JwtValid>},
    {"ip-address", Validator::Kind::kIpAddress, false, &Plain<IpAddressValid>},
    {"bic", Validator::Kind::kBic, false, &Plain<BicValid>},
    {"phone", Validator::Kind::kPhone, false, &Plain<PhoneValid>},
    {"se-personnummer", Validator::Kind::kSePersonnummer, false, &Plain<SePersonnummerValid>},
    {"no-fodselsnummer", Validator::Kind::kNoFodselsnummer, false, &Plain<NoFodselsnummerValid>},
    {"fi-hetu", Validator::Kind::kFiHetu, false, &Plain<FiHetuValid>},
    {"dk-cpr", Validator::Kind::kDkCpr, false, &Plain<DkCprValid>},
    {"be-national-number", Validator::Kind::kBeNationalNumber, false,
     &Plain<BeNationalNumberValid>},
    {"at-social-security", Validator::Kind::kAtSocialSecurity, false,
     &Plain<AtSocialSecurityValid>},
    {"hr-oib", Validator::Kind::kHrOib, false, &Plain<HrOibValid>},
    {"baltic-personal-code", Validator::Kind::kBalticPersonalCode, false,
     &Plain<BalticPersonalCodeValid>},
    {"lv-personal-code", Validator::Kind::kLvPersonalCode, false, &Plain<LvPersonalCodeValid>},
    {"ro-cnp", Validator::Kind::kRoCnp, false, &Plain<RoCnpValid>},
    {"bg-egn", Validator::Kind::kBgEgn, false, &Plain<BgEgnValid>},
    {"cz-birth-number", Validator::Kind::kCzBirthNumber, false, &Plain<CzBirthNumberValid>},
    {"pt-nif", Validator::Kind::kPtNif, false, &Plain<PtNifValid>},
    {"ie-ppsn", Validator::Kind::kIePpsn, false, &Plain<IePpsnValid>},
    {"is-kennitala", Validator::Kind::kIsKennitala, false, &Plain<IsKennitalaValid>},
    {"sg-nric", Validator::Kind::kSgNric, false, &Plain<SgNricValid>},
    {"kr-rrn", Validator::Kind::kKrRrn, false, &Plain<KrRrnValid>},
    {"jp-my-number", Validator::Kind::kJpMyNumber, false, &Plain<JpMyNumberValid>},
    {"au-abn", Validator::Kind::kAuAbn, false, &Plain<AuAbnValid>},
    {"au-medicare", Validator::Kind::kAuMedicare, false, &Plain<AuMedicareValid>},
    {"th-pin", Validator::Kind::kThPin, false, &Plain<ThPinValid>},
    {"br-cnpj", Validator::Kind::kBrCnpj, false, &Plain<BrCnpjValid>},
    {"us-npi", Validator::Kind::kUsNpi, false, &Plain<UsNpiValid>},
    {"us-dea", Validator::Kind::kUsDea, false, &Plain<UsDeaValid>},
    {"in-gstin", Validator::Kind::kInGstin, false, &Plain<InGstinValid>},
    {"gb-utr", Validator::Kind::kGbUtr, false, &Plain<GbUtrValid>},
    {"bitcoin-address", Validator::Kind::kBitcoinAddress, false, &Plain<BitcoinAddressValid>},
    {"payment-card", Validator::Kind::kPaymentCard, false, &Plain<PaymentCardValid>},
    {"base62-crc32-token", Validator::Kind::kBase62Crc32Token, false,
     &Plain<Base62Crc32TokenValid>},
    {"tr-tckn", Validator::Kind::kTrTckn, false, &Plain<TrTcknValid>},
    {"za-id", Validator::Kind::kZaId, false, &Plain<ZaIdValid>},
    {"uk-driving-licence", Validator::Kind::kUkDrivingLicence, false,
     &Plain<UkDrivingLicenceValid>},
    {"mac-address", Validator::Kind::kMacAddress, false, &Plain<MacAddressValid>},
    {"iso7064-mod11-10", Validator::Kind::kIso7064Mod1110, false, &Plain<Iso7064Mod1110Valid>},
    {"kr-brn", Validator::Kind::kKrBrn, false, &Plain<KrBrnValid>},
    {"sg-uen", Validator::Kind::kSgUen, false, &Plain<SgUenValid>},
    {"de-rvnr", Validator::Kind::kDeRvnr, false, &Plain<DeRvnrValid>},
    {"de-kvnr", Validator::Kind::kDeKvnr, false, &Plain<DeKvnrValid>},
    {"de-lanr", Validator::Kind::kDeLanr, false, &Plain<DeLanrValid>},
    {"de-bsnr", Validator::Kind::kDeBsnr, false, &Plain<DeBsnrValid>},
    {"de-id-card", Validator::Kind::kDeIdCard, false, &Plain<DeIdCardValid>},
    {"de-steuernummer", Validator::Kind::kDeSteuernummer, false, &Plain<DeSteuernummerValid>},
    {"uk-vehicle-registration", Validator::Kind::kUkVehicleRegistration, false,
     &Plain<UkVehicleRegistrationValid>},
    {"in-epic", Validator::Kind::kInEpic, false, &Plain<InEpicValid>},
    {"ca-health-number", Validator::Kind::kCaHealthNumber, false, &Plain<CaHealthNumberValid>},
    {"eu-vat", Validator::Kind::kEuVat, false, &Plain<EuVatValid>},
    {"gr-afm", Validator::Kind::kGrAfm, false, &Plain<GrAfmValid>},
    {"cy-tin", Validator::Kind::kCyTin, false, &Plain<CyTinValid>},
    {"si-tax-number", Validator::Kind::kSiTaxNumber, false, &Plain<SiTaxNumberValid>},
    {"pt-citizen-card", Validator::Kind::kPtCitizenCard, false, &Plain<PtCitizenCardValid>},
    {"pl-id-card", Validator::Kind::kPlIdCard, false, &Plain<PlIdCardValid>},
    {"pl-passport", Validator::Kind::kPlPassport, false, &Plain<PlPassportValid>},
    {"pl-regon", Validator::Kind::kPlRegon, false, &Plain<PlRegonValid>},
    {"fr-spi", Validator::Kind::kFrSpi, false, &Plain<FrSpiValid>},
    {"at-tax-number", Validator::Kind::kAtTaxNumber, false, &Plain<AtTaxNumberValid>},
    {"es-social-security", Validator::Kind::kEsSocialSecurity, false,
     &Plain<EsSocialSecurityValid>},
    {"es-nif", Validator::Kind::kEsNif, false, &Plain<EsNifValid>},
    {"fr-cni", Validator::Kind::kFrCni, false, &Plain<FrCniValid>},
};

// The table is in Kind order, so Valid() indexes it by kind.
constexpr bool InKindOrder() {
  for (size_t i = 0; i < std::size(kValidators); ++i) {
    if (static_cast<size_t>(kValidators[i].kind) != i) return false;
  }
  return true;
}
static_assert(InKindOrder(), "kValidators must list the validators in Validator::Kind order");

const ValidatorDef* Find(std::string_view name) {
  for (const ValidatorDef& d : kValidators) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

}  // namespace

const std::vector<std::string_view>& Validator::Names() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const ValidatorDef& d : kValidators) names.push_back(d.name);
    return names;
  }();
  return kNames;
}

const std::vector<std::string_view>& Validator::NamesWithoutParams() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const ValidatorDef& d : kValidators) {
      if (!d.needs_params) names.push_back(d.name);
    }
    return names;
  }();
  return kNames;
}

std::optional<Validator> Validator::Make(std::string_view name, const ValidatorParams& params) {
  const ValidatorDef* d = Find(name);
  if (d == nullptr) return std::nullopt;
  return Validator(d->kind, params);
}

std::string_view Validator::name() const { return kValidators[static_cast<size_t>(kind_)].name; }

bool Validator::Valid(std::string_view value) const {
  return kValidators[static_cast<size_t>(kind_)].check(value, params_);
}

}  // namespace bulwark
