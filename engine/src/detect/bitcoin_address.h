// Bitcoin addresses, for the `bitcoin-address` validator: the two encodings a wallet shows.
//  - Base58Check (legacy P2PKH "1...", P2SH "3..."): Base58 of a version byte (0x00 or 0x05),
//    a 20-byte hash and a 4-byte checksum, the first 4 bytes of SHA-256(SHA-256(version+hash)).
//  - Bech32 / Bech32m segwit addresses (BIP-173, BIP-350): "bc1", a witness version (q = 0),
//    the program in 5-bit groups and a 6-character BCH checksum; version 0 uses the Bech32
//    constant 1 and a 20- or 32-byte program, versions 1-16 the Bech32m constant 0x2bc830a3 and
//    2-40 bytes. All lower case or all upper case.
// Pure and thread-safe.
#ifndef BULWARK_ENGINE_DETECT_BITCOIN_ADDRESS_H_
#define BULWARK_ENGINE_DETECT_BITCOIN_ADDRESS_H_

#include <string_view>

namespace bulwark {

// True when `value` is a mainnet Bitcoin address in either encoding, with a valid checksum.
bool BitcoinAddressValid(std::string_view value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_BITCOIN_ADDRESS_H_
