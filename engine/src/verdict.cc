#include "bulwark/verdict.h"

#include "bulwark/engine.h"

namespace bulwark {
namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::string_view (&names)[N], std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::string_view kActions[] = {"allow", "audit", "notify", "block"};
constexpr std::string_view kSeverities[] = {"low", "medium", "high", "critical"};
constexpr std::string_view kConfidences[] = {"low", "medium", "high"};
constexpr std::string_view kModes[] = {"enforce", "simulate"};

}  // namespace

const char* Version() { return BULWARK_VERSION; }

std::string_view ToString(Action a) { return kActions[static_cast<int>(a)]; }
std::string_view ToString(Severity s) { return kSeverities[static_cast<int>(s)]; }
std::string_view ToString(Confidence c) { return kConfidences[static_cast<int>(c)]; }
std::string_view ToString(PolicyMode m) { return kModes[static_cast<int>(m)]; }
std::optional<Action> ParseAction(std::string_view s) { return Lookup<Action>(kActions, s); }
std::optional<Severity> ParseSeverity(std::string_view s) {
  return Lookup<Severity>(kSeverities, s);
}
std::optional<Confidence> ParseConfidence(std::string_view s) {
  return Lookup<Confidence>(kConfidences, s);
}
std::optional<PolicyMode> ParsePolicyMode(std::string_view s) {
  return Lookup<PolicyMode>(kModes, s);
}

}  // namespace bulwark
