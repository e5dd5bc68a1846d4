// Placeholder and example detection: the one shared check that tells a documentation example,
// template value or redaction ("ghp_xxxxxxxx...", "AKIAXXXXXXXXXXXXXXXX", "your_api_key_here",
// "sk_live_1234567890abcdef...") from a live-looking secret. Detectors opt in with
// `reject_placeholders: true` (or a library's default); the scanner drops a value this check
// names, and `bulwark explain` shows the reason. Pure and thread-safe.
#ifndef BULWARK_ENGINE_DETECT_PLACEHOLDER_H_
#define BULWARK_ENGINE_DETECT_PLACEHOLDER_H_

#include <optional>
#include <string>
#include <string_view>

namespace bulwark {

// Why `value` looks like a placeholder, or nullopt. The rules, each chosen so that a random
// token of 16+ characters from base16 or a larger alphabet trips one with probability below
// 1e-4:
//  - a marker word (one of under 6 letters written all lower case, all upper case or
//    capitalised, not in the mixed case of random letters): example, sample, dummy,
//    placeholder, redacted,
//    changeme, change_me, notreal, not_a_real, not-a-real, fake, insert, lorem, foobar;
//  - "your" (written as a word) opening the value or a part of it (after _ - . / = : or as a
//    capitalised hump, as in "YourApiKey"), or "here" closing it ("...AccessTokenHere");
//  - a run of 6 or more of one letter, 7 or more of one digit ("xxxxxx", "0000000");
//  - an ascending or descending run of 6 or more letters or 7 or more digits ("abcdef",
//    "1234567");
//  - a run of letters and digits (between punctuation) that repeats a unit of 1-4 characters
//    over 12 or more, or uses at most 3 distinct characters over 16 or more ("abababab...").
std::optional<std::string> PlaceholderReason(std::string_view value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_PLACEHOLDER_H_
