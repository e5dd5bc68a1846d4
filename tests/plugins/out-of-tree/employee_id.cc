// Out-of-tree example: ACME employee ids, "ACME-" + 6 digits whose last digit is the sum of the
// first five mod 10.
#include <bulwark/plugin.hpp>
#include <string>
#include <vector>

namespace {

class EmployeeId {
 public:
  static constexpr std::string_view kName = "employee-id";
  static constexpr std::string_view kDescription = "ACME employee id (ACME-NNNNNC)";
  static constexpr std::string_view kConfigSchema =
      R"({"type": "object", "additionalProperties": false})";
  static std::vector<std::string> Prefilters() { return {R"(ACME-\d{6})"}; }
  explicit EmployeeId(std::string_view) {}

  void Scan(std::string_view text, const std::vector<uint32_t>&,
            std::vector<bulwark::plugin::Finding>& out) const {
    for (size_t p = text.find("ACME-"); p != std::string_view::npos;
         p = text.find("ACME-", p + 1)) {
      if (p + 11 > text.size()) break;
      int sum = 0;
      bool digits = true;
      for (size_t i = p + 5; i < p + 11; ++i) digits = digits && text[i] >= '0' && text[i] <= '9';
      if (!digits) continue;
      for (size_t i = p + 5; i < p + 10; ++i) sum += text[i] - '0';
      if (sum % 10 == text[p + 10] - '0')
        out.push_back({p, p + 11, bulwark::plugin::Confidence::kHigh, ""});
    }
  }
};

}  // namespace

BULWARK_DEFINE_PLUGIN("acme", "2.3.0", "ACME internal identifiers",
                      bulwark::plugin::DetectorType<EmployeeId>())
