// The text formats a field may require of its values (field.hpp TextFormat).
#include <string_view>

#include "core/domain/field.hpp"
#include "core/limits.hpp"
#include "core/util/text.hpp"

namespace crm::domain {

namespace {

bool is_label_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c >= 0x80;
}

}  // namespace

bool is_valid_email(std::string_view email) {
    // Deliberately practical, not RFC 5322: one '@', a non-empty local part without spaces, and a domain
    // of dot-separated labels (letters, digits, '-', or non-ASCII for internationalised names like .рф).
    if (email.size() > 254 || !text::is_valid_utf8(email)) return false;
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos)
        return false;
    const std::string_view local = email.substr(0, at);
    const std::string_view domain = email.substr(at + 1);
    if (local.size() > 64 || local.front() == '.' || local.back() == '.') return false;
    for (unsigned char c : local)
        if (c <= ' ' || c == '"' || c == '(' || c == ')' || c == ',' || c == ':' || c == ';' || c == '<' ||
            c == '>' || c == '[' || c == ']' || c == '\\' || c == 0x7F)
            return false;
    if (domain.find('.') == std::string_view::npos) return false;
    std::size_t start = 0;
    while (start <= domain.size()) {
        const auto dot = domain.find('.', start);
        const std::string_view label =
            domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (unsigned char c : label)
            if (!is_label_char(c)) return false;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    return true;
}

bool is_valid_phone(std::string_view phone) {
    // Digits with the usual separators; '+' only first; an optional "ext"/"доб." suffix is not supported.
    std::size_t digits = 0;
    int open_parens = 0;
    for (std::size_t i = 0; i < phone.size(); ++i) {
        const char c = phone[i];
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (c == '+') {
            if (i != 0) return false;
        } else if (c == '(') {
            if (++open_parens > 1) return false;
        } else if (c == ')') {
            if (--open_parens < 0) return false;
        } else if (c != ' ' && c != '-' && c != '.') {
            return false;
        }
    }
    return open_parens == 0 && digits >= limits::kMinPhoneDigits && digits <= limits::kMaxPhoneDigits;
}

}  // namespace crm::domain
