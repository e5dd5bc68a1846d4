// Precision and recall of every shipped detector on the labelled corpus.
//
//   bulwark_detector_eval [--policies DIR] [--messages N] [--seed S] [--check] [--markdown]
//                         [--show DETECTOR]
//
// A finding counts when its confidence reaches the detector's default confidence (what the
// ready-made policies act on). It is a true positive when it overlaps a labelled value of
// its own detector, else a false positive -- unless it overlaps a value (or near miss) of a
// kind that declares this detector as rightly firing on it (KindInfo::also: the generic
// password detector on "API_KEY=..."), which is not counted. A labelled value no finding
// overlaps is a false negative. --check exits 1 unless every checksum-backed detector reaches
// precision >= 0.99 and recall >= 0.97, and every other detector precision >= 0.90 and recall >=
// 0.90.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "bulwark/policy_set.h"
#include "corpus/labelled_corpus.h"

namespace {

struct Counts {
  size_t tp = 0, fp = 0, fn = 0, labels = 0;
  double Precision() const { return tp + fp == 0 ? 1.0 : double(tp) / double(tp + fp); }
  double Recall() const { return labels == 0 ? 1.0 : double(labels - fn) / double(labels); }
};

bool Overlaps(size_t a0, size_t a1, size_t b0, size_t b1) { return a0 < b1 && b0 < a1; }

int Usage() {
  std::fprintf(stderr,
               "usage: bulwark_detector_eval [--policies DIR] [--messages N] [--seed S] "
               "[--check] [--markdown] [--show DETECTOR]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string policies = BULWARK_POLICY_DIR;
  size_t messages = 30000;
  uint64_t seed = 20261125;
  bool check = false, markdown = false;
  std::string show;  // print the false positives and negatives of this detector (synthetic text)
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--policies" && i + 1 < argc) {
      policies = argv[++i];
    } else if (a == "--messages" && i + 1 < argc) {
      messages = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--check") {
      check = true;
    } else if (a == "--show" && i + 1 < argc) {
      show = argv[++i];
    } else if (a == "--markdown") {
      markdown = true;
    } else {
      return Usage();
    }
  }
  bulwark::LoadOptions options;
  options.paths = {policies};
  options.max_evidence = 1000;
  std::vector<bulwark::Diagnostic> diagnostics;
  auto set = bulwark::PolicySet::Load(options, &diagnostics);
  if (!set.ok()) {
    std::fprintf(stderr, "cannot load %s\n", policies.c_str());
    return 1;
  }

  bulwark::corpus::LabelledGenerator gen(seed);
  std::map<std::string, bulwark::Confidence> reporting;
  std::map<std::string, const bulwark::corpus::KindInfo*> info;
  for (const auto& k : gen.Kinds()) {
    reporting[k.detector] = *bulwark::ParseConfidence(k.reporting);
    info[k.detector] = &k;
  }
  std::map<std::string, Counts> counts;
  for (const std::string& name : (*set)->DetectorNames()) {
    if (!info.count(name)) {
      std::fprintf(stderr, "detector %s has no generator: add it to labelled_corpus.cc\n",
                   name.c_str());
      return 1;
    }
    counts[name];
  }
  size_t bytes = 0;
  for (size_t i = 0; i < messages; ++i) {
    const bulwark::corpus::LabelledMessage m = gen.Next();
    bytes += m.text.size();
    bulwark::Content content;
    content.resource_type = "chatMessage";
    content.fields.push_back({"body", m.text});
    const auto hits = (*set)->Detect(content);
    std::vector<bool> found(m.labels.size(), false);
    for (const auto& h : hits) {
      if (h.confidence < reporting[h.detector]) continue;
      bool tp = false, excused = false;
      for (size_t l = 0; l < m.labels.size(); ++l) {
        const auto& label = m.labels[l];
        if (!Overlaps(h.evidence.start, h.evidence.end, label.start, label.end)) continue;
        if (label.truth && label.detector == h.detector) {
          tp = true;
          found[l] = true;
        }
        const auto& also = info[label.detector]->also;
        excused = excused || std::find(also.begin(), also.end(), h.detector) != also.end();
      }
      if (!tp && excused) continue;  // a value of another kind this detector rightly reports
      ++(tp ? counts[h.detector].tp : counts[h.detector].fp);
      if (!tp && h.detector == show) {
        const size_t from = h.evidence.start > 60 ? h.evidence.start - 60 : 0;
        std::printf("FP: ...%s[[%s]]%s...\n", m.text.substr(from, h.evidence.start - from).c_str(),
                    m.text.substr(h.evidence.start, h.evidence.end - h.evidence.start).c_str(),
                    m.text.substr(h.evidence.end, 30).c_str());
      }
    }
    for (size_t l = 0; l < m.labels.size(); ++l) {
      if (!m.labels[l].truth) continue;
      Counts& c = counts[m.labels[l].detector];
      ++c.labels;
      if (!found[l]) ++c.fn;
      if (!found[l] && m.labels[l].detector == show) {
        const size_t from = m.labels[l].start > 60 ? m.labels[l].start - 60 : 0;
        std::printf("FN: ...%s[[%s]]...\n", m.text.substr(from, m.labels[l].start - from).c_str(),
                    m.text.substr(m.labels[l].start, m.labels[l].end - m.labels[l].start).c_str());
      }
    }
  }

  bool ok = true;
  if (markdown) {
    std::printf(
        "| detector | checksum | default confidence | values | TP | FP | FN | precision | recall "
        "|\n");
    std::printf("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  } else {
    std::printf("%zu messages, %.1f MB, seed %llu\n", messages, double(bytes) / 1e6,
                static_cast<unsigned long long>(seed));
    std::printf("%-42s %5s %6s %6s %5s %5s %5s %9s %7s\n", "detector", "cksum", "conf", "values",
                "TP", "FP", "FN", "precision", "recall");
  }
  for (const auto& [name, c] : counts) {
    const auto* k = info[name];
    const double min_p = k->checksum ? 0.99 : 0.90;
    const double min_r = k->checksum ? 0.97 : 0.90;
    const bool pass = c.Precision() >= min_p && c.Recall() >= min_r && c.labels > 0;
    ok = ok && pass;
    if (markdown) {
      std::printf("| `%s` | %s | %s | %zu | %zu | %zu | %zu | %.3f | %.3f |\n", name.c_str(),
                  k->checksum ? "yes" : "no", k->reporting.c_str(), c.labels, c.tp, c.fp, c.fn,
                  c.Precision(), c.Recall());
    } else {
      std::printf("%-42s %5s %6s %6zu %5zu %5zu %5zu %9.3f %7.3f%s\n", name.c_str(),
                  k->checksum ? "yes" : "no", k->reporting.c_str(), c.labels, c.tp, c.fp, c.fn,
                  c.Precision(), c.Recall(), pass ? "" : "  BELOW TARGET");
    }
  }
  if (check && !ok) {
    std::fprintf(stderr, "some detectors are below their precision/recall targets\n");
    return 1;
  }
  return 0;
}
