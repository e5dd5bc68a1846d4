// The simplest useful plugin: Swedish personal identity numbers (personnummer, Skatteverket
// SKV 704): YYMMDD-NNNC or YYYYMMDD-NNNC ('+' for people over 100), C a Luhn digit over the ten
// digits YYMMDDNNN. Coordination numbers (samordningsnummer) add 60 to the day.
//
// config: {"require_separator": true}   a bare run of 10/12 digits counts only when false
#include <bulwark/plugin.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool LuhnValid(std::string_view ten) {
  int sum = 0;
  for (size_t i = 0; i < ten.size(); ++i) {
    int d = ten[i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;  // weights 2,1,2,1,... from the left
    sum += d;
  }
  return sum % 10 == 0;
}

bool DateValid(std::string_view mmdd) {
  const int month = (mmdd[0] - '0') * 10 + (mmdd[1] - '0');
  int day = (mmdd[2] - '0') * 10 + (mmdd[3] - '0');
  if (day > 60) day -= 60;  // samordningsnummer
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

class Personnummer {
 public:
  static constexpr std::string_view kName = "personnummer";
  static constexpr std::string_view kDescription =
      "Swedish personal identity number (personnummer / samordningsnummer) with a valid Luhn digit";
  static constexpr std::string_view kConfigSchema = R"({
    "type": "object",
    "properties": {"require_separator": {"type": "boolean"}},
    "additionalProperties": false
  })";
  static std::vector<std::string> Prefilters() { return {R"(\d{6}[-+]?\d{4})"}; }

  explicit Personnummer(std::string_view config) {
    // The host has checked the config against the schema: one optional boolean.
    require_separator_ = config.find("\"require_separator\":false") == std::string_view::npos;
  }

  void Scan(std::string_view text, const std::vector<uint32_t>& /*fired*/,
            std::vector<bulwark::plugin::Finding>& out) const {
    size_t i = 0;
    while (i < text.size()) {
      if (!IsDigit(text[i]) || (i > 0 && IsDigit(text[i - 1]))) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < text.size() && IsDigit(text[j])) ++j;
      const size_t head = j - i;  // 6 or 8 digits before a separator, or 10 / 12 bare
      if ((head == 6 || head == 8) && j + 5 <= text.size() && (text[j] == '-' || text[j] == '+') &&
          IsDigit(text[j + 1]) && IsDigit(text[j + 2]) && IsDigit(text[j + 3]) &&
          IsDigit(text[j + 4]) && (j + 5 == text.size() || !IsDigit(text[j + 5]))) {
        Check(text, i, j + 5,
              std::string(text.substr(j - 6, 6)) + std::string(text.substr(j + 1, 4)), out);
        i = j + 5;
        continue;
      }
      if (!require_separator_ && (head == 10 || head == 12)) {
        Check(text, i, j, std::string(text.substr(j - 10, 10)), out);
      }
      i = j;
    }
  }

 private:
  static void Check(std::string_view, size_t start, size_t end, const std::string& ten,
                    std::vector<bulwark::plugin::Finding>& out) {
    if (!DateValid(std::string_view(ten).substr(2, 4)) || !LuhnValid(ten)) return;
    out.push_back({start, end, bulwark::plugin::Confidence::kMedium, ""});
  }

  bool require_separator_ = true;
};

}  // namespace

BULWARK_DEFINE_PLUGIN("se-id", "1.0.0", "Swedish national identifiers (example plugin)",
                      bulwark::plugin::DetectorType<Personnummer>())
