// Published addresses: the genesis block's coinbase address, BIP-13's P2SH example, BIP-173's
// and BIP-350's test vectors, python-stdnum's documented examples. The integration test
// policies.national_ids_vs_stdnum compares the validator with python-stdnum on random addresses.
#include "detect/bitcoin_address.h"

#include <gtest/gtest.h>

namespace bulwark {
namespace {

TEST(BitcoinAddress, Base58Check) {
  EXPECT_TRUE(BitcoinAddressValid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
  EXPECT_TRUE(BitcoinAddressValid("1NEDqZPvTWRaoho48qXuLLsrYomMXPABfD"));
  EXPECT_TRUE(BitcoinAddressValid("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"));
  EXPECT_FALSE(BitcoinAddressValid("1NEDqZPvTWRaoho48qXuLLsrYomMXPABfX"));   // checksum
  EXPECT_FALSE(BitcoinAddressValid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN"));    // 24 bytes
  EXPECT_FALSE(BitcoinAddressValid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa1"));  // 26 bytes
  EXPECT_FALSE(BitcoinAddressValid("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0"));   // 0 is not Base58
  EXPECT_FALSE(BitcoinAddressValid("1111111111111111111111111111111111"));
  EXPECT_FALSE(BitcoinAddressValid("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"));  // overflows
}

TEST(BitcoinAddress, Segwit) {
  EXPECT_TRUE(BitcoinAddressValid("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"));
  EXPECT_TRUE(BitcoinAddressValid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
  EXPECT_TRUE(
      BitcoinAddressValid("bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"));
  EXPECT_TRUE(BitcoinAddressValid("bc1qardv855yjngspvxuttq897aqca3lxju2y69jce"));
  // BIP-350: witness version 1 (taproot) with the Bech32m constant.
  EXPECT_TRUE(
      BitcoinAddressValid("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"));
  EXPECT_FALSE(BitcoinAddressValid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5"));  // checksum
  EXPECT_FALSE(BitcoinAddressValid("bC1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));  // mixed
  EXPECT_FALSE(BitcoinAddressValid("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3tb"));  // b: no
  EXPECT_FALSE(BitcoinAddressValid("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"));  // testnet
  EXPECT_FALSE(BitcoinAddressValid("bc1"));
  EXPECT_FALSE(BitcoinAddressValid(""));
}

}  // namespace
}  // namespace bulwark
