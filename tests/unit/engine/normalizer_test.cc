#include "detect/normalizer.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace bulwark {
namespace {

TEST(Normalizer, PlainTextIsLeftAlone) {
  NormalizedText n;
  EXPECT_FALSE(Normalize("Build 4-2 ok, café at 12:30 — see you", &n));
  EXPECT_EQ(InspectText("plain"), 0u);
  EXPECT_EQ(InspectText("bad \xFF byte"), kInvalidUtf8);
}

TEST(Normalizer, FoldsUnicodeDigitsAndMapsOffsets) {
  // "４１" (full-width, 3 bytes each) then "1" and Arabic-Indic "٣" (2 bytes).
  const std::string in =
      "x\xEF\xBC\x94\xEF\xBC\x91"
      "1\xD9\xA3";
  NormalizedText n;
  ASSERT_TRUE(Normalize(in, &n));
  EXPECT_EQ(n.text, "x4113");
  EXPECT_EQ(n.applied, kUnicodeDigits);
  EXPECT_EQ(n.OriginalStart(1), 1u);  // '4' comes from bytes [1, 4)
  EXPECT_EQ(n.OriginalEnd(2), 4u);
  EXPECT_EQ(n.OriginalEnd(5), in.size());
  EXPECT_EQ(n.AppliedWithin(3, 4), 0u);  // the ASCII '1' itself was not changed
}

TEST(Normalizer, RemovesInvisibleCharacters) {
  const std::string in =
      "41\xE2\x80\x8B"
      "11\xE2\x80\x8E"
      "x";  // ZWSP and LRM
  NormalizedText n;
  ASSERT_TRUE(Normalize(in, &n));
  EXPECT_EQ(n.text, "4111x");
  EXPECT_EQ(n.applied, kInvisibleCharacters);
  EXPECT_EQ(n.AppliedWithin(0, 2), 0u);
  EXPECT_EQ(n.AppliedWithin(2, 3), kInvisibleCharacters);  // the byte after the ZWSP
}

TEST(Normalizer, UnifiesSeparatorsBetweenDigitsOnly) {
  NormalizedText n;
  // NBSP, en dash and thin space between digits; a dot between digits (an ASCII separator
  // that patterns name themselves) and an en dash elsewhere stay.
  ASSERT_TRUE(
      Normalize("1\xC2\xA0"
                "2.3\xE2\x80\x93"
                "4\xE2\x80\x89"
                "5. a\xE2\x80\x93"
                "b",
                &n));
  EXPECT_EQ(n.text,
            "1 2.3-4 5. a\xE2\x80\x93"
            "b");
  EXPECT_EQ(n.applied, kDigitSeparators);
}

TEST(Normalizer, EvaluationFindsObfuscatedValuesAtOriginalOffsets) {
  auto set = testing::LoadYaml(
      {"apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
       "detectors: [{id: card, regex: '\\b(?:\\d[ -]?){15}\\d\\b', validator: luhn}]\n"
       "rules: [{id: r, when: card, action: block}]\n"});
  ASSERT_TRUE(set);
  // Full-width "４１１１", a zero-width space, a no-break space.
  const std::string text =
      "pay \xEF\xBC\x94\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x91 1111\xE2\x80\x8B"
      "1111\xC2\xA0"
      "1111 now";
  const Verdict v = set->Evaluate(testing::TextContent(text));
  ASSERT_EQ(v.decision, Action::kBlock);
  const Finding& f = v.matches[0].findings[0];
  ASSERT_EQ(f.count, 1u);
  const Evidence& e = f.evidence[0];
  EXPECT_EQ(e.start, 4u);
  EXPECT_EQ(text.substr(e.end), " now");
  EXPECT_EQ(e.masked, "4111 ******** 1111");  // the normalized value, masked
  EXPECT_EQ(e.normalizations, (std::vector<std::string>{"unicode_digits", "invisible_characters",
                                                        "digit_separators"}));
  // A value found in the plain text is not counted twice, and has no normalization.
  const Verdict plain = set->Evaluate(testing::TextContent("4111 1111 1111 1111 and 10.0.0.1"));
  ASSERT_EQ(plain.matches[0].findings[0].count, 1u);
  EXPECT_TRUE(plain.matches[0].findings[0].evidence[0].normalizations.empty());
}

// Invisible characters between two letters or digits join them: a match that one cuts out of a
// longer token is not reported, whatever the original text's boundaries say.
TEST(Normalizer, InvisibleCharactersInsideATokenJoinIt) {
  const std::string zwsp = "\xE2\x80\x8B";
  const std::string text = "ab 9544" + zwsp + "8 x" + zwsp + " 12" + zwsp + zwsp + "-3";
  EXPECT_TRUE(InvisibleJoinsAt(text, 7));                     // before the character
  EXPECT_TRUE(InvisibleJoinsAt(text, 7 + zwsp.size()));       // after it
  EXPECT_FALSE(InvisibleJoinsAt(text, 6));                    // not next to one
  EXPECT_FALSE(InvisibleJoinsAt(text, text.find('x') + 1));   // a space follows it
  EXPECT_FALSE(InvisibleJoinsAt(text, text.find("12") + 2));  // a hyphen follows them
  EXPECT_FALSE(InvisibleJoinsAt(zwsp + "12", 0));             // nothing before it
  EXPECT_FALSE(InvisibleJoinsAt("12" + zwsp, 2));             // nothing after it

  auto set =
      testing::LoadYaml({"apiVersion: bulwark/v1\nkind: Policy\nname: p\n"
                         "detectors: [{id: ssn, regex: '\\b\\d{3}-\\d{2}-\\d{4}\\b'}]\n"
                         "rules: [{id: r, when: ssn, action: block}]\n"});
  ASSERT_TRUE(set);
  // A Korean business number (3-2-5 digits) with a zero-width space before its last digit.
  EXPECT_EQ(set->Evaluate(testing::TextContent("brn 891-52-9544" + zwsp + "8 ok")).decision,
            Action::kAllow);
  // A zero-width space after a value and before a space cuts nothing; one inside a value is
  // removed and the value found in the normalized text.
  EXPECT_EQ(set->Evaluate(testing::TextContent("ssn 891-52-9544" + zwsp + " ok")).decision,
            Action::kBlock);
  EXPECT_EQ(set->Evaluate(testing::TextContent("ssn 891-5" + zwsp + "2-9544 ok")).decision,
            Action::kBlock);
}

}  // namespace
}  // namespace bulwark
