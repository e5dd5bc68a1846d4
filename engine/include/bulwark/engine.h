// The Bulwark engine API: include this one header (target bulwark::engine). Verdicts as JSON
// are in bulwark/verdict_json.h (target bulwark::verdict_json), kept apart so that the engine
// API carries no JSON library.
#ifndef BULWARK_ENGINE_H_
#define BULWARK_ENGINE_H_

#include "bulwark/content.h"
#include "bulwark/diagnostic.h"
#include "bulwark/policy_set.h"
#include "bulwark/policy_test.h"
#include "bulwark/status.h"
#include "bulwark/verdict.h"

namespace bulwark {

// Version of the engine library, e.g. "0.1.0".
const char* Version();

}  // namespace bulwark

#endif  // BULWARK_ENGINE_H_
