// Structure and check-digit rules of German identifiers beyond the tax id and VAT number
// (validator.cc, national_checks.cc): social and health insurance numbers, physician and
// practice numbers, identity cards, regional tax numbers. Each takes the value as matched
// (separators included); pure and thread-safe. References are with each detector in
// policies/ids-eu.yaml.
#ifndef BULWARK_ENGINE_DETECT_GERMAN_CHECKS_H_
#define BULWARK_ENGINE_DETECT_GERMAN_CHECKS_H_

#include <string_view>

namespace bulwark {

// Rentenversicherungsnummer (VKVV § 2-4): area (2 digits), birth date DDMMYY (day + 50 when a
// day's serials ran out), the birth name's initial, a 2-digit serial and a check digit: the
// initial becomes its 2-digit alphabet position, the 12 digits are weighted 2,1,2,5,7,1,2,1,2,1,
// 2,1, the digit sums of the products added: sum mod 10.
bool DeRvnrValid(std::string_view value);
// Krankenversichertennummer (§ 290 SGB V, GKV-Spitzenverband): a letter, 8 digits and a check
// digit; the letter becomes 01-26, the 10 digits are weighted 1,2,1,2,..., the digit sums of
// the products added: sum mod 10.
bool DeKvnrValid(std::string_view value);
// Lebenslange Arztnummer (KBV): 6 digits, a check digit ((10 - (weights 4,9,4,9,4,9) mod 10)
// mod 10) and a 2-digit specialty code; the 6-digit number is not 000000.
bool DeLanrValid(std::string_view value);
// Betriebsstättennummer (KBV): 9 digits, the first two a Kassenärztliche Vereinigung's region
// (01-03, 17, 20, 38, 46, 51, 52, 71-73, 78, 83, 88, 93, 98; 35 hospitals, 74 KBV); no check
// digit, and not one digit repeated.
bool DeBsnrValid(std::string_view value);
// Personalausweis (since November 2010, PAuswV and ICAO 9303): 9 characters from
// 0-9 C F G H J K L M N P R T V W X Y Z, the first a letter L-Y of that set (C-K begin passport
// numbers), at least 4 digits; an optional 10th is the ICAO 7-3-1 check digit of the nine.
bool DeIdCardValid(std::string_view value);
// Steuernummer (regional tax number, the Länder's formats as ELSTER lists them): written with
// slashes, groups of 2/3/5 digits (FF/BBB/UUUUP) or 3/3/5 or 3/4/4 (North Rhine-Westphalia);
// the 13-digit federal form is a Land prefix (28, 9, 11, 30, 24, 22, 26, 40, 23, 5, 27, 10, 32,
// 31, 21, 41), the office number and a 0 as its 5th digit. The check digit's rule differs by
// Land and is not checked.
bool DeSteuernummerValid(std::string_view value);

}  // namespace bulwark

#endif  // BULWARK_ENGINE_DETECT_GERMAN_CHECKS_H_
