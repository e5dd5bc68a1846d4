// A seeded generator of labelled Teams-like messages for measuring detector precision and
// recall: every embedded true value carries a label (detector and byte span); near misses
// (wrong check digits, wrong lengths, placeholders, look-alikes) carry none and are often
// placed next to the same context words as the true values, as in real chat.
// Deterministic for a given seed.
#ifndef BULWARK_TESTS_CORPUS_LABELLED_CORPUS_H_
#define BULWARK_TESTS_CORPUS_LABELLED_CORPUS_H_

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace bulwark::corpus {

struct Label {
  std::string detector;  // qualified detector name, e.g. "financial.card-number"
  size_t start = 0;      // byte span in the message text
  size_t end = 0;
  bool truth = true;  // false: a near miss of `detector` (never to be reported by it)
};

struct LabelledMessage {
  std::string text;
  std::vector<Label> labels;
};

// What the generator knows of a detector.
struct KindInfo {
  std::string detector;
  bool checksum = false;       // backed by a check digit or a structural validator
  bool needs_context = false;  // reported at its default confidence only with context words
  std::string reporting;       // the default confidence the ready-made policies act on
  // Other detectors that may rightly fire on this kind's values and near misses: the account
  // key inside a storage connection string, the generic password detector on "API_KEY=...".
  std::vector<std::string> also = {};
};

class LabelledGenerator {
 public:
  explicit LabelledGenerator(uint64_t seed);

  // Every detector kind the generator produces, in a fixed order.
  const std::vector<KindInfo>& Kinds() const { return infos_; }

  // One message: prose, zero to two true values and zero to two near misses, in random order.
  // Every true value and near miss is labelled (near misses with truth = false).
  LabelledMessage Next();

  // Exposed for tests: a true value of `kind` (bare, no context) and a near miss.
  std::string TrueValue(size_t kind);
  std::string NearMiss(size_t kind);

 private:
  struct Kind {
    KindInfo info;
    std::vector<std::string> context;  // phrases that precede a value of this kind
    std::function<std::string()> make_true;
    std::function<std::string()> make_near;
  };
  void Define(KindInfo info, std::vector<std::string> context, std::function<std::string()> t,
              std::function<std::string()> n);
  void DefineFinancial();
  void DefineNational();
  void DefineContact();
  void DefineSecrets();
  void DefineTokens();       // token_kinds.cc
  void DefineRegionalIds();  // regional_id_kinds.cc
  void DefineOverlaps();     // kinds another detector rightly reports too

  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Uniform(1, 100) <= percent; }
  std::string Digits(int n);
  std::string From(const std::string& alphabet, int n);
  std::string Pick(const std::vector<std::string>& v);
  std::string Prose(size_t bytes);
  std::string LookAlike();
  std::string Disguise(
      const std::string& value);  // GUIDs, timestamps, order and tracking numbers, versions

  std::mt19937_64 rng_;
  std::vector<Kind> kinds_;
  std::vector<KindInfo> infos_;
};

}  // namespace bulwark::corpus

#endif  // BULWARK_TESTS_CORPUS_LABELLED_CORPUS_H_
