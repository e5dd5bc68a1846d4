#include "cli/summary.h"

#include <iostream>

namespace bulwark::cli {

void PrintSummary(const std::string& command, const pipeline::Tally& t, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(t.notifications) / seconds : 0;
  std::cerr << command << ": " << t.events << " events, " << t.notifications << " notifications ("
            << t.probes << " probes skipped) in " << seconds << " s, "
            << static_cast<uint64_t>(rate) << " notifications/s\n";
  std::cerr << "  verdicts: " << t.total_verdicts();
  const char* names[] = {"allow", "audit", "notify", "block"};
  const char* sep = " (";
  for (size_t i = 0; i < 4; ++i) {
    std::cerr << sep << names[i] << " " << t.verdicts[i];
    sep = ", ";
  }
  std::cerr << "), of which not scanned: " << t.not_scanned << "\n";
  if (!t.feedback.empty()) {
    std::cerr << "  feedback:";
    sep = " ";
    for (const auto& [kind, n] : t.feedback) {
      std::cerr << sep << kind << " " << n;
      sep = ", ";
    }
    std::cerr << "\n";
  }
  std::cerr << "  lifecycle: " << t.lifecycle << "\n";
  std::cerr << "  dead letters: " << t.total_dead_letters();
  sep = " (";
  for (const auto& [reason, n] : t.dead_letters) {
    std::cerr << sep << reason << " " << n;
    sep = ", ";
  }
  std::cerr << (t.dead_letters.empty() ? "" : ")") << "\n";
}

}  // namespace bulwark::cli
