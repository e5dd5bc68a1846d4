// Differential test of the detection fast path against a naive oracle.
//
// Fast path: one Hyperscan prefilter pass per text; RE2 runs only for patterns that fired, and
// only inside the byte ranges the prefilter bounded (Hyperscan end offsets and match widths,
// digit runs, digit windows). Oracle: every detector's RE2 over the whole text, written here
// independently.
// For every detector of the shipped policies (and a few adversarial extras) over a generated
// corpus of true values and near misses, the two must report exactly the same spans.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include "corpus/labelled_corpus.h"
#include "corpus/teams_corpus.h"
#include "engine_internals.h"
#include "eval/scanner.h"
#include "policy/compiled.h"
#include "test_util.h"

namespace bulwark {
namespace {

// Oracle: leftmost-first, non-overlapping matches from every start position, as RE2's own
// global-match loop does, returning the value group's spans.
std::vector<Span> Oracle(const RE2& re, int capture, const std::string& text) {
  std::vector<Span> out;
  std::vector<re2::StringPiece> g(static_cast<size_t>(capture) + 1);
  size_t pos = 0;
  while (pos <= text.size() &&
         re.Match(text, pos, text.size(), RE2::UNANCHORED, g.data(), capture + 1)) {
    const size_t start = static_cast<size_t>(g[0].data() - text.data());
    const size_t end = start + g[0].size();
    const re2::StringPiece& v = g[static_cast<size_t>(capture)];
    if (v.data() != nullptr && !v.empty()) {
      const auto s = static_cast<uint32_t>(v.data() - text.data());
      out.push_back(Span{s, s + static_cast<uint32_t>(v.size())});
    }
    pos = end > start ? end : start + 1;
    while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  }
  return out;
}

// Code points of text[begin, end), counted here independently of util/utf8.h.
size_t CodePointsBetween(const std::string& text, size_t begin, size_t end) {
  size_t n = 0;
  for (size_t i = begin; i < end; ++i) n += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  return n;
}

// The oracle's spans that lie within `window` code points of a span of `context`.
std::vector<Span> NearOnly(const std::string& text, const std::vector<Span>& spans,
                           const std::vector<Span>& context, size_t window) {
  std::vector<Span> out;
  for (const Span& s : spans) {
    for (const Span& c : context) {
      const size_t gap = c.end <= s.start   ? CodePointsBetween(text, c.end, s.start)
                         : s.end <= c.start ? CodePointsBetween(text, s.end, c.start)
                                            : 0;
      if (gap <= window) {
        out.push_back(s);
        break;
      }
    }
  }
  return out;
}

void RunDifferential(const PolicySet& set, const std::vector<std::string>& corpus,
                     size_t min_hits_per_detector) {
  const CompiledPolicySet& impl = EngineInternals::Of(set);
  std::vector<size_t> hits(impl.detectors.size(), 0);
  size_t bounded = 0;
  size_t filtered = 0;      // searches that went through a range filter
  size_t near_context = 0;  // detectors searched around their context keywords
  Candidates cand;
  for (size_t t = 0; t < corpus.size(); ++t) {
    const std::string& text = corpus[t];
    impl.database->Scan(text, &cand);
    const std::vector<char>& fired = cand.fired;
    for (size_t d = 0; d < impl.detectors.size(); ++d) {
      const CompiledDetector& det = impl.detectors[d];
      if (det.plugin) continue;  // no pattern of its own: covered by the plugin tests
      const RE2& re = impl.pattern_re[det.pattern]->get();
      bool truncated = false;
      if (det.near_context_scan) {
        // Context-required: searched only in windows around the context keywords, and only
        // the values within the window count; the oracle's, filtered the same way.
        const std::vector<Span> ctx = Oracle(impl.context_re[*det.context_pattern]->get(), 0, text);
        std::vector<ByteRange> ranges;
        NearContextRanges(text, ctx, det.context_window, impl.database->reach(det.pattern),
                          &ranges);
        const std::vector<Span> fast =
            NearOnly(text, FindSpansInRanges(re, det.capture, text, ranges, 1u << 30, &truncated),
                     ctx, det.context_window);
        const std::vector<Span> oracle =
            NearOnly(text, Oracle(re, det.capture, text), ctx, det.context_window);
        ASSERT_EQ(fast, oracle) << "context-required detector " << det.name << " differs on text #"
                                << t;
        hits[d] += oracle.size();
        ++near_context;
        continue;
      }
      const LazyRe2* filter = impl.pattern_range_filter[det.pattern].get();
      const std::vector<Span> fast = FindCandidateSpans(re, det.capture, text, cand, det.pattern,
                                                        1u << 30, &truncated, filter);
      bounded += fired[det.pattern] && cand.bounded[det.pattern] ? 1 : 0;
      filtered += filter != nullptr && fired[det.pattern] && cand.bounded[det.pattern] &&
                          cand.ranges[det.pattern].size() >= 3
                      ? 1
                      : 0;
      const std::vector<Span> oracle = Oracle(re, det.capture, text);
      ASSERT_EQ(fast, oracle) << "detector " << det.name << " differs on text #" << t
                              << " (fired=" << int(fired[det.pattern]) << ")";
      hits[d] += oracle.size();
    }
    // Context keyword lists are prefiltered by a database of their own.
    Candidates ctx;
    impl.context_database->Scan(text, &ctx);
    for (size_t cp = 0; cp < impl.context_re.size(); ++cp) {
      const RE2& re = impl.context_re[cp]->get();
      bool truncated = false;
      const std::vector<Span> fast = FindCandidateSpans(re, 0, text, ctx, cp, 1u << 30, &truncated);
      ASSERT_EQ(fast, Oracle(re, 0, text)) << "context list " << cp << " differs on text #" << t;
    }
  }
  // The ranges must be in use, and the corpus must exercise every detector, or this test
  // proves nothing.
  EXPECT_GT(bounded, corpus.size());
  EXPECT_GT(filtered, 0u);
  EXPECT_GT(near_context, 0u);
  for (size_t d = 0; d < impl.detectors.size(); ++d) {
    EXPECT_GE(hits[d], min_hits_per_detector) << impl.detectors[d].name;
  }
}

TEST(Differential, ShippedPoliciesFastPathEqualsOracle) {
  LoadOptions options;
  options.paths = {BULWARK_POLICY_DIR};
  auto set = PolicySet::Load(options, nullptr);
  ASSERT_TRUE(set.ok());
  corpus::Generator gen(20261125);
  std::vector<std::string> corpus;
  corpus.reserve(12000);
  for (int i = 0; i < 3000; ++i) corpus.push_back(gen.Dense(static_cast<size_t>(200 + i % 900)));
  // True values and near misses of every shipped detector, disguised ones included: 60 or so
  // of each of the 154 kinds.
  corpus::LabelledGenerator labelled(20261125);
  for (int i = 0; i < 9000; ++i) corpus.push_back(labelled.Next().text);
  RunDifferential(**set, corpus, 20);
}

TEST(Differential, AdversarialPatternsFastPathEqualsOracle) {
  // Case-insensitive keywords against Unicode case folds, anchors, lazy and bounded repeats,
  // alternations with empty branches, dot across newlines, non-ASCII literals.
  auto set = testing::LoadYaml(
      {"apiVersion: bulwark/v1\nkind: Policy\nname: adv\n"
       "detectors:\n"
       "  - {id: kw, keywords: [secret, key, password, visa]}\n"
       "  - {id: kw-cs, keywords: [AKIA], case_sensitive: true, whole_word: false}\n"
       "  - {id: lazy, regex: 'card.{0,20}?\\d{4}'}\n"
       "  - {id: anchored, regex: '(?m)^\\d{3,}'}\n"
       "  - {id: dotall, regex: '(?s)BEGIN.{1,40}KEY'}\n"
       "  - {id: unicode, regex: 'Z(?:ü|u)rich|caf[eé]'}\n"
       "  - {id: classes, regex: '[[:upper:]]{2}\\d{2}[ ]?\\w{4}'}\n"
       "  - {id: nonword-edges, regex: '\\B\\d{2}\\B'}\n"
       // A digit-window token whose letters RE2 also matches as KELVIN SIGN / LONG S.
       "  - {id: folded-token, regex: "
       "'(?i)\\b[A-Z]{6}\\d{2}[A-EHLMPR-T]\\d{2}[A-Z]\\d{3}[A-Z]\\b'}\n"
       // Class runs (detect/class_run.h): a folded fixed-alphabet token, and one with a
       // two-character right edge and a required byte to search for.
       "  - {id: folded-run, regex: '(?i)\\bsk[0-9a-f]{8}\\b'}\n"
       "  - {id: edged-run, regex: "
       "'(?:^|[^0-9#])(#\\d{2,4}(?:-\\d{2})?)(?:$|[^0-9-]|-(?:$|[^0-9]))'}\n"
       // Digit windows searched through a range filter: anchored at the ends of the text, and
       // one whose \\s can take the filter's '\\n' separators.
       "  - {id: window-anchored, regex: '(?:^|[^#\\w])([A-Z]{2}\\d{6}[A-D]?)$'}\n"
       "  - {id: window-spaced, regex: '[A-Z]\\s?\\d{2}\\s?\\d{2}\\s?\\d{2}\\s?[A-Z]'}\n"
       // A digit shape after "not right after '#'": the character before the run may be
       // several bytes of UTF-8 (a zero-width space).
       "  - {id: not-after-hash, regex: '(?:^|[^#\\w])(\\d{3}-?\\d{4})\\b'}\n"
       // Context-required: looked for only around its (multi-byte) keywords.
       "  - {id: near, regex: '\\b(?:[A-Z]{2}\\d{5}[A-Z]{2}|\\d{7}[A-Z]{2})\\b', "
       "context: {keywords: [carta, identit\u00e0, CIE], window: 12, required: true}}\n"
       "rules:\n"
       "  - {id: r, when: {any: [kw, kw-cs, lazy, anchored, dotall, unicode, classes, "
       "nonword-edges, folded-token, folded-run, edged-run, window-anchored, window-spaced, "
       "not-after-hash, near]}, "
       "action: audit}\n"});
  ASSERT_TRUE(set);
  const CompiledPolicySet& impl = EngineInternals::Of(*set);
  size_t runs = 0;
  for (const CompiledDetector& det : impl.detectors) {
    if (det.name.find("-run") == std::string::npos) continue;
    EXPECT_EQ(impl.database->kind(det.pattern), PatternDatabase::Kind::kClassRun) << det.name;
    ++runs;
  }
  EXPECT_EQ(runs, 2u);
  corpus::Generator gen(7);
  std::vector<std::string> corpus;
  corpus.reserve(2016);
  for (int i = 0; i < 2000; ++i) corpus.push_back(gen.Dense(static_cast<size_t>(100 + i % 500)));
  // Folded letters make a match longer than its ASCII form: 18 bytes of KELVIN SIGN before
  // the digits of a 16-character token (after a word character: for RE2's ASCII \b the sign is
  // not a word character).
  const std::string kelvin = "\xE2\x84\xAA", long_s = "\xC5\xBF";
  for (const std::string& fold : {kelvin, long_s}) {
    std::string six;
    for (int k = 0; k < 6; ++k) six += fold;
    for (const char* tail : {"85M01H501Z", "85m01h501z", "85M01H501Z 12", "90A41F205X"}) {
      corpus.push_back("ref" + six + tail + " ok");
      corpus.push_back(gen.Dense(300) + " x" + six + tail + " " + gen.Dense(200));
    }
    // The folded run: "sk" written with the sign, next to hex, at the edges of the text.
    for (const char* hex : {"0a1b2c3d", "DEADBEEF", "12345678 ", "0a1b2c3d9"}) {
      corpus.push_back("s" + fold + hex);
      corpus.push_back(gen.Dense(120) + " " + fold + "k" + hex + "-" + gen.Dense(80));
      corpus.push_back(gen.Dense(120) + " S" + fold + hex);
    }
  }
  for (const char* t :
       {"AB123456C", "AB123456", "xAB123456C", "#AB123456", "A 12 34 56\nB", "CD654321A"}) {
    corpus.push_back(t);
    corpus.push_back(gen.Dense(150) + " " + t);
    corpus.push_back(std::string(t) + " " + gen.Dense(150));
  }
  for (const char* tail : {"#12", "#1234-56", "#123-4", "#12-", "#12-x", "##99", "a#123-45-6"}) {
    corpus.push_back(tail);
    corpus.push_back(gen.Dense(150) + tail + gen.Dense(40));
    corpus.push_back(gen.Dense(150) + " " + tail + "é" + gen.Dense(40));
  }
  // Numbers after one- to four-byte characters, '#', a letter, and at the very start.
  for (const char* before : {"\xE2\x80\x8B", "\xC3\xA9", "\xF0\x9F\x98\x80", "#", "x", " ", "("}) {
    for (const char* number : {"555-0132", "5550132", "555-01324"}) {
      corpus.push_back(std::string(before) + number);
      corpus.push_back(gen.Dense(90) + before + number + " " + gen.Dense(30));
    }
  }
  // Values at and across the edge of the context window, with multi-byte characters between
  // (a window counts code points, the ranges bytes), before and after the keyword.
  for (const char* gap_char : {" ", "\xC3\xA9", "\xE2\x80\x8B", "\xF0\x9F\x98\x80"}) {
    for (int gap = 9; gap <= 14; ++gap) {
      std::string g;
      for (int k = 0; k < gap; ++k) g += gap_char;
      for (const char* value : {"CA00000AA", "1234567AB"}) {
        corpus.push_back("carta" + g + value + " " + gen.Dense(60));
        corpus.push_back(gen.Dense(60) + " " + value + g + "identit\xC3\xA0");
        corpus.push_back(std::string(value) + g + "CIE" + g + value + "x" + value);
      }
    }
  }
  RunDifferential(*set, corpus, 5);
}

// The range filter decides only which ranges get their own search: for any ranges at all (not
// only ranges that hold every match), the spans are the same with and without it.
TEST(RangeFilter, SameSpansWithAndWithoutItForAnyRanges) {
  const std::vector<std::pair<std::string, int>> patterns = {
      {"(?i)\\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\\d{2} ?\\d{2} ?\\d{2} ?[A-D]\\b", 0},
      {"(?:^|[^#\\w])(\\d{3} ?\\d{3})\\b", 1},
      {"\\d{2}[A-Z]$", 0},
      {"^[A-Z]\\d{2}", 0},
      {"\\B\\d{2}\\B", 0},
      {"[A-Z]\\s?\\d{2}\\s?[A-Z]", 0},
      {"(?i)\\bk\\d{3}\\b", 0},  // KELVIN SIGN folds to k
      {"\\d{2}(?:\\n|$)", 0},
  };
  const std::string alphabet[] = {
      "A", "B", "K", "k", "x", "1", "2", "3", " ", "\n", "#", "_", "\xC3\xA9", "\xE2\x84\xAA", "-"};
  uint32_t seed = 99;
  auto next = [&seed] { return (seed = seed * 1103515245u + 12345u) >> 16; };
  size_t searches = 0;
  size_t found = 0;
  for (const auto& [pattern, capture] : patterns) {
    const std::optional<std::string> filter_text = RangeFilterPattern(pattern);
    ASSERT_TRUE(filter_text) << pattern;
    const LazyRe2 filter(*filter_text, RE2::Options());
    const RE2 re(pattern);
    ASSERT_TRUE(re.ok() && filter.get().ok()) << pattern;
    for (int round = 0; round < 400; ++round) {
      std::string text;
      for (uint32_t n = next() % 80; n > 0; --n) text += alphabet[next() % std::size(alphabet)];
      std::vector<ByteRange> ranges;  // sorted and disjoint, anywhere (also mid-character)
      for (uint32_t at = next() % 4; at < text.size(); at += 1 + next() % 12) {
        const uint32_t end = std::min<uint32_t>(at + 1 + next() % 14, text.size());
        ranges.push_back(ByteRange{at, end});
        at = end;
      }
      bool t1 = false, t2 = false;
      const auto plain = FindSpansInRanges(re, capture, text, ranges, 1u << 20, &t1);
      const auto with = FindSpansInRanges(re, capture, text, ranges, 1u << 20, &t2, &filter);
      ASSERT_EQ(with, plain) << pattern << " on " << ::testing::PrintToString(text);
      searches += ranges.size() >= 3 ? 1 : 0;
      found += plain.size();
    }
  }
  EXPECT_GT(searches, 1000u);  // the filter ran
  EXPECT_GT(found, 100u);      // and there were matches to keep
}

TEST(RangeFilter, PatternsItCannotServe) {
  EXPECT_EQ(RangeFilterPattern("\\d{3}"), std::optional<std::string>("(?m)\\d{3}"));
  EXPECT_EQ(RangeFilterPattern("(?i)ab(?s:.)c"), std::optional<std::string>("(?m)(?i)ab(?s:.)c"));
  EXPECT_FALSE(RangeFilterPattern("\\A\\d{3}"));
  EXPECT_FALSE(RangeFilterPattern("\\d{3}\\z"));
  EXPECT_FALSE(RangeFilterPattern("(?-m)^\\d{3}"));
  EXPECT_FALSE(RangeFilterPattern("x(?i-m:^y)"));
}

}  // namespace
}  // namespace bulwark
