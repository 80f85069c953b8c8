#pragma once
// UTF-8 helpers that SQLite and the standard library do not give us (their case folding is ASCII-only).
#include <string>
#include <string_view>
#include <vector>

namespace crm::text {

// Lower-cases Latin, Latin-1, Greek-free Cyrillic (incl. Ё/ё → е for ordering and matching); other
// code points pass through. Invalid UTF-8 bytes pass through unchanged.
std::string fold_case(std::string_view utf8);
// Compares like a Russian/English phone book: case-insensitive, ё sorts with е, then byte order.
int compare_folded(std::string_view a, std::string_view b);

std::string trim(std::string_view s);
bool is_valid_utf8(std::string_view s);
std::size_t count_code_points(std::string_view s);
// Only the digits of a phone number ("+7 (495) 123-45-67" → "74951234567").
std::string digits_only(std::string_view s);
// Splits on ASCII whitespace, dropping empty parts.
std::vector<std::string> split_words(std::string_view s);

}  // namespace crm::text
