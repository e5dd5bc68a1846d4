// ScanInput: what `bulwark scan` reads — plain text or a Teams chatMessage JSON — as Content.
#ifndef BULWARK_ADAPTERS_CLI_SCAN_INPUT_H_
#define BULWARK_ADAPTERS_CLI_SCAN_INPUT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "bulwark/content.h"

namespace bulwark::cli {

struct ScanInput {
  Content content;
  // Identifiers of the resource for the verdict ({"type": "chatMessage", "id": ...}); no text.
  nlohmann::ordered_json resource;
};

// Reads the whole of file `path`, or stdin for "-". False when it cannot be read.
bool ReadInput(const std::string& path, std::string* out);

// Recognises a chatMessage by content (a JSON object with body.content); anything else,
// including other JSON, is scanned as plain text in one field named "text".
ScanInput ContentFromBytes(const std::string& bytes);

}  // namespace bulwark::cli

#endif  // BULWARK_ADAPTERS_CLI_SCAN_INPUT_H_
