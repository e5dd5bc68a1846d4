#include "corpus/teams_corpus.h"

#include "corpus/check_digits.h"

namespace bulwark::corpus {
namespace {

const std::vector<std::string> kWords = {
    "the",      "meeting", "tomorrow", "deck",   "please",   "review",   "customer", "release",
    "thanks",   "team",    "sprint",   "ticket", "budget",   "forecast", "deploy",   "build",
    "invoice",  "call",    "agenda",   "notes",  "draft",    "Q3",       "roadmap",  "vendor",
    "contract", "sign",    "approve",  "update", "status",   "blocked",  "merged",   "branch",
    "hotfix",   "lunch",   "office",   "remote", "visa",     "card",     "payment",  "account",
    "ssn",      "wire",    "iban",     "key",    "secret",   "password", "token",    "café",
    "naïve",    "Zürich",  "😀",        "—",      "#general", "@Adele",   "FYI",      "ok"};

}  // namespace

std::string Generator::Digits(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + Uniform(0, 9)));
  return s;
}

std::string Generator::Card(bool formatted) {
  const int brand = Uniform(0, 4);
  std::string payload;
  int len = 16;
  switch (brand) {
    case 0:
      payload = "4" + Digits(14);
      break;
    case 1:
      payload = "5" + std::to_string(Uniform(1, 5)) + Digits(13);
      break;
    case 2:
      payload = std::to_string(Uniform(2221, 2720)) + Digits(11);
      break;
    case 3:
      payload = (Uniform(0, 1) ? "6011" : "65" + Digits(2)) + Digits(11);
      break;
    default:
      payload = (Uniform(0, 1) ? "34" : "37") + Digits(12);
      len = 15;
      break;
  }
  std::string number = payload + LuhnDigit(payload);
  if (!formatted) return number;
  const std::string sep = Uniform(0, 1) ? " " : "-";
  return len == 15 ? Group(number, {4, 6, 5}, sep) : Group(number, {4, 4, 4, 4}, sep);
}

std::string Generator::Ssn() {
  int area;
  do {
    area = Uniform(1, 899);
  } while (area == 666);
  char buf[16];
  snprintf(buf, sizeof buf, "%03d-%02d-%04d", area, Uniform(1, 99), Uniform(1, 9999));
  return buf;
}

std::string Generator::Iban() {
  static const std::vector<std::pair<std::string, int>> kCountries = {
      {"DE", 18}, {"GB", 18}, {"FR", 23}, {"NL", 14}, {"ES", 20}};
  const auto& [cc, bban_len] = kCountries[static_cast<size_t>(Uniform(0, 4))];
  std::string bban = cc == "GB"   ? "WEST" + Digits(bban_len - 4)
                     : cc == "NL" ? "ABNA" + Digits(bban_len - 4)
                                  : Digits(bban_len);
  std::string iban = cc + IbanCheckDigits(cc, bban) + bban;
  if (Uniform(0, 1)) return iban;
  std::string grouped;
  for (size_t i = 0; i < iban.size(); i += 4) {
    if (i > 0) grouped += " ";
    grouped += iban.substr(i, 4);
  }
  return grouped;
}

std::string Generator::TrueValue() {
  static const std::string kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  static const std::string kBase62 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static const std::string kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  auto letters = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(kUpper[static_cast<size_t>(Uniform(0, 25))]);
    return s;
  };
  switch (Uniform(0, 10)) {
    case 8:  // UK NINO shape
      return Pick({"AB", "CE", "JG", "HW", "TY"}) + " " + Digits(2) + " " + Digits(2) + " " +
             Digits(2) + " " + Pick({"A", "B", "C", "D"});
    case 9:  // Spanish DNI / NIE shape
      return (Uniform(0, 1) ? Digits(8) : Pick({"X", "Y", "Z"}) + Digits(7)) + letters(1);
    case 10:  // Italian codice fiscale shape
      return letters(6) + Digits(2) + Pick({"A", "E", "H", "M", "T"}) + Digits(2) + letters(1) +
             Digits(3) + letters(1);
    case 0:
    case 1:
      return Card(Uniform(0, 2) != 0);
    case 2:
      return Ssn();
    case 3:
      return Iban();
    case 4:
      return Pick({"adele", "lee.gu", "m.bowen", "j_doe+dlp"}) + "@" +
             Pick({"fabrikam.com", "northwind.co.uk", "adatum.de"});
    case 5: {
      std::string k = "AKIA";
      for (int i = 0; i < 16; ++i) k.push_back(kBase32[static_cast<size_t>(Uniform(0, 31))]);
      return k;
    }
    case 6: {
      std::string body;
      for (int i = 0; i < 30; ++i) body.push_back(kBase62[static_cast<size_t>(Uniform(0, 61))]);
      return "ghp_" + body + Base62Crc32(body);
    }
    default:
      return "-----BEGIN " + Pick({"RSA ", "EC ", "OPENSSH ", ""}) + "PRIVATE KEY-----";
  }
}

std::string Generator::NearMiss() {
  switch (Uniform(0, 13)) {
    case 0: {  // card with a wrong check digit
      std::string c = Card(false);
      c.back() = static_cast<char>('0' + (c.back() - '0' + 1) % 10);
      return c;
    }
    case 1:
      return Digits(Uniform(8, 20));  // a bare digit run
    case 2: {                         // digits with random separators
      std::string s;
      for (int i = 0, n = Uniform(12, 20); i < n; ++i) {
        s += Digits(1);
        if (Uniform(0, 3) == 0) s += Pick({" ", "-", ".", "  "});
      }
      return s;
    }
    case 3:
      return Digits(8) + "-" + Digits(4) + "-" + Digits(4) + "-" + Digits(4) + "-" +
             Digits(12);  // GUID-shaped (digits only)
    case 4:
      return "666-" + Digits(2) + "-" + Digits(4);  // invalid SSN area
    case 5:
      return "+1 (" + Digits(3) + ") " + Digits(3) + "-" + Digits(4);
    case 6:
      return "1Z" + Digits(16);  // tracking number
    case 7:
      return "v" + std::to_string(Uniform(1, 20)) + "." + Digits(2) + "." + Digits(4);
    case 8:
      return "akia" + Digits(16);  // lower-case prefix
    case 9:
      return "ghp_" + Digits(20);  // too short
    case 10:
      return "4111\xC2\xA0"
             "1111\xC2\xA0"
             "1111\xC2\xA0"
             "1111";  // NBSP separators
    case 11:
      return "\xEF\xBC\x94\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91";  // full-width "4111"
    case 12:
      return Pick(
          {"\xE2\x84\xAA"
           "ey",
           "pa\xC5\xBF\xC5\xBF"
           "word",
           "VI\xE2\x80\x8BSA",
           "\xC5\xBF"
           "ecret"});
    default:
      return "DE" + Digits(20);  // IBAN-shaped, wrong checksum most of the time
  }
}

std::string Generator::Prose(size_t bytes) {
  std::string out;
  while (out.size() < bytes) {
    if (!out.empty()) out += Uniform(0, 12) == 0 ? ". " : " ";
    const int r = Uniform(0, 30);
    if (r == 0) {
      out += "#" + Digits(Uniform(4, 7));  // order / ticket numbers
    } else if (r == 1) {
      out += std::to_string(Uniform(1, 12)) + ":" + Digits(2);
    } else {
      out += Pick(kWords);
    }
  }
  return out;
}

std::string Generator::Business(size_t bytes) {
  std::string out;
  while (out.size() < bytes) {
    out += Prose(static_cast<size_t>(Uniform(40, 120)));
    switch (Uniform(0, 4)) {
      case 0:
        out += " invoice " + Digits(10);
        break;
      case 1:
        out += " at " + std::to_string(Uniform(1, 12)) + ":" + Digits(2);
        break;
      case 2:
        out +=
            " on 2026-" + std::to_string(Uniform(10, 12)) + "-" + std::to_string(Uniform(10, 28));
        break;
      case 3:
        out += " v" + std::to_string(Uniform(1, 9)) + "." + std::to_string(Uniform(0, 30)) + "." +
               std::to_string(Uniform(0, 99));
        break;
      default:
        out += " PO " + Digits(8);
        break;
    }
    out += Pick({". ", ", ", "; ", "\n"});
  }
  out.resize(bytes);
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
  return out;
}

std::string Generator::Adversarial(Stress kind, size_t bytes) {
  std::string out;
  switch (kind) {
    case Stress::kNormalise:
      while (out.size() < bytes) {
        out += Business(60);
        out += Pick({"\xC2\xA0", "\xE2\x80\x8B", "\xEF\xBC\x97"});  // NBSP, ZWSP, full-width 7
      }
      break;
    case Stress::kFarContext:
      while (out.size() < bytes) out += "4539 1488 0343 6467 ";
      out += " payment";
      break;
    case Stress::kContextEverywhere:
      while (out.size() < bytes) out += "card 4539 1488 0343 6467 payment ";
      break;
    case Stress::kDigitRun:
      while (out.size() < bytes) out += Digits(4) + Pick({" ", "-", ".", ""});
      out += Digits(4);
      break;
  }
  return out;
}

std::string Generator::Dense(size_t bytes) {
  std::string out;
  while (out.size() < bytes) {
    out += Prose(static_cast<size_t>(Uniform(5, 60)));
    out += Pick({" ", "\n", ": ", " (", ", "});
    out += Uniform(0, 1) ? TrueValue() : NearMiss();
    out += Pick({" ", ".", "\n", ") ", ",", ""});
  }
  return out;
}

std::vector<std::string> Generator::Messages(size_t count, size_t bytes, int one_in) {
  std::vector<std::string> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    std::string m = Prose(bytes / 2);
    if (Uniform(1, one_in) == 1) m += " " + TrueValue() + " ";
    m += Prose(bytes - m.size() > bytes ? 0 : bytes - m.size());
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace bulwark::corpus
