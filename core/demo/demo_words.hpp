#pragma once
// Word lists and the Cyrillic→Latin transliteration the demo generator builds records from.
#include <span>
#include <string>
#include <string_view>

namespace crm::demo {

struct RussianFirstName {
    std::string_view name;
    bool female;
};
struct Patronymic {
    std::string_view male;
    std::string_view female;
};

std::span<const RussianFirstName> russian_first_names();
std::span<const std::string_view> russian_surnames();  // male forms
std::span<const Patronymic> patronymics();
std::span<const std::string_view> english_first_names();
std::span<const std::string_view> english_surnames();
std::span<const std::string_view> russian_company_stems();
std::span<const std::string_view> russian_company_suffixes();
std::span<const std::string_view> russian_company_quoted();  // whole names like "Северное сияние"
std::span<const std::string_view> english_company_words();
std::span<const std::string_view> english_company_kinds();
std::span<const std::string_view> russian_positions();
std::span<const std::string_view> english_positions();
std::span<const std::string_view> russian_cities();
std::span<const std::string_view> russian_streets();
std::span<const std::string_view> english_streets();
std::span<const std::string_view> mobile_codes();  // Russian mobile operator codes (9xx)
std::span<const std::string_view> landline_codes();
std::span<const std::string_view> mail_domains();
std::span<const std::string_view> russian_notes();
std::span<const std::string_view> english_notes();

// The female form of a Russian surname (Иванов → Иванова, Вишневский → Вишневская); surnames
// that do not change (Шевченко, Черных) are returned as they are.
std::string feminine_surname(std::string_view male);
// Lower-case Latin transliteration of Russian text (passport-style table); other characters pass
// through lower-cased if ASCII, and are dropped otherwise.
std::string transliterate(std::string_view russian);

}  // namespace crm::demo
