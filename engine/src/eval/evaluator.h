// Evaluator: Content -> Verdict for a compiled policy set. Scope, scanning, rule conditions,
// masked evidence and the decision. Pure function of its inputs; thread-safe.
#ifndef BULWARK_ENGINE_EVAL_EVALUATOR_H_
#define BULWARK_ENGINE_EVAL_EVALUATOR_H_

#include "bulwark/content.h"
#include "bulwark/explanation.h"
#include "bulwark/verdict.h"
#include "policy/compiled.h"

namespace bulwark {

// True when `policy`'s scope admits `content` (resource type, tenant, sender); otherwise sets
// *why (when not null) to the scope entry that excluded it.
bool InScope(const CompiledPolicy& policy, const Content& content, std::string* why = nullptr);

// The verdict; with `explanation`, also records the decision trace there (PolicySet::Explain).
Verdict EvaluateContent(const CompiledPolicySet& set, const Content& content,
                        Explanation* explanation = nullptr);

// Every detector over every field, no scope or rules.
std::vector<PolicySet::DetectorHit> DetectAll(const CompiledPolicySet& set, const Content& content);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_EVAL_EVALUATOR_H_
