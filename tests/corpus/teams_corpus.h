// A seeded generator of Teams-like message text with embedded sensitive values and near misses,
// shared by the differential test and the benchmarks. Deterministic for a given seed.
#ifndef BULWARK_TESTS_CORPUS_TEAMS_CORPUS_H_
#define BULWARK_TESTS_CORPUS_TEAMS_CORPUS_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace bulwark::corpus {

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  // Business-chat prose of about `bytes` bytes (words, punctuation, numbers that are not PII:
  // versions, order ids, times), with no sensitive value.
  std::string Prose(size_t bytes);

  // One true sensitive value of a random kind (a valid card, SSN, IBAN, email, AWS key id,
  // GitHub token or private-key header), formatted in one of its usual ways.
  std::string TrueValue();

  // One near miss: shaped like a sensitive value but invalid (bad check digit, wrong length,
  // wrong prefix), or a common look-alike (GUID, timestamp, phone, tracking number), or a
  // Unicode oddity (NBSP, full-width digits, Kelvin sign, long s, zero-width space).
  std::string NearMiss();

  // Business chat as Teams carries it, for the benchmarks: prose where every sentence or two
  // holds a 10-digit invoice number, a time, a date or a version string, none of them PII.
  std::string Business(size_t bytes);

  // Adversarial text of about `bytes` bytes for the linearity benchmarks.
  enum class Stress {
    kNormalise,          // business text with a no-break space, zero-width space and full-width
                         // digit every ~60 bytes: every field takes the normalised second pass
    kFarContext,         // card numbers, the only context word at the very end
    kContextEverywhere,  // card numbers with context words between all of them
    kDigitRun,           // one unbroken run of digits and single separators
  };
  std::string Adversarial(Stress kind, size_t bytes);

  // Text dense with true values and near misses between prose: for differential testing.
  std::string Dense(size_t bytes);

  // `count` messages of about `bytes` each; one message in `one_in` gets a true value.
  std::vector<std::string> Messages(size_t count, size_t bytes, int one_in);

  // Valid values of each kind (exposed for tests).
  std::string Card(bool formatted);
  std::string Ssn();
  std::string Iban();

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  std::string Digits(int n);
  std::string Pick(const std::vector<std::string>& v) {
    return v[static_cast<size_t>(Uniform(0, static_cast<int>(v.size()) - 1))];
  }
  std::mt19937_64 rng_;
};

}  // namespace bulwark::corpus

#endif  // BULWARK_TESTS_CORPUS_TEAMS_CORPUS_H_
