#include "core/domain/validation.hpp"

#include <string>

#include "core/limits.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

namespace crm::domain {

namespace {

Error invalid(std::string field, std::string reason, std::string message) {
    return make_error(ErrorCode::Invalid, std::move(message), std::move(field), std::move(reason));
}

// Shared checks for one text value: UTF-8, then length. `label` is the human name in the message.
void check_text(std::vector<Error>& out, std::string_view field, std::string_view label, std::string_view value,
                std::size_t max_bytes) {
    if (!text::is_valid_utf8(value)) {
        out.push_back(invalid(std::string(field), "bad_utf8", std::string(label) + " is not valid UTF-8 text"));
    } else if (value.size() > max_bytes) {
        out.push_back(invalid(std::string(field), "too_long",
                              std::string(label) + " is too long: " + std::to_string(value.size()) +
                                  " bytes, at most " + std::to_string(max_bytes) + " allowed"));
    }
}

void check_name(std::vector<Error>& out, std::string_view name) {
    if (text::trim(name).empty()) {
        out.push_back(invalid("name", "empty", "Name is required"));
        return;
    }
    check_text(out, "name", "Name", name, limits::kMaxNameBytes);
}

void check_list(std::vector<Error>& out, std::string_view field, std::string_view label,
                const std::vector<std::string>& values, std::size_t max_count, bool (*valid)(std::string_view)) {
    if (values.size() > max_count) {
        out.push_back(invalid(std::string(field), "too_many",
                              "Too many " + std::string(field) + ": " + std::to_string(values.size()) + ", at most " +
                                  std::to_string(max_count) + " allowed"));
        return;
    }
    for (std::size_t i = 0; i < values.size(); ++i) {
        const std::size_t before = out.size();
        check_text(out, field, label, values[i], limits::kMaxShortTextBytes);
        if (out.size() == before && !valid(values[i])) {
            out.push_back(invalid(std::string(field), "malformed",
                                  std::string(label) + " \"" + values[i] + "\" is not valid"));
        }
    }
}

void check_common(std::vector<Error>& out, const std::string& name, const std::vector<std::string>& phones,
                  const std::vector<std::string>& emails, const std::string& address, const std::string& notes,
                  const std::string& owner) {
    check_name(out, name);
    check_list(out, "phones", "Phone number", phones, limits::kMaxPhonesPerRecord, is_valid_phone);
    check_list(out, "emails", "E-mail address", emails, limits::kMaxEmailsPerRecord, is_valid_email);
    check_text(out, "address", "Address", address, limits::kMaxShortTextBytes);
    check_text(out, "notes", "Notes", notes, limits::kMaxNotesBytes);
    check_text(out, "owner", "Owner", owner, limits::kMaxShortTextBytes);
}

void normalize_list(std::vector<std::string>& values) {
    std::vector<std::string> kept;
    for (auto& v : values) {
        std::string t = text::trim(v);
        if (!t.empty()) kept.push_back(std::move(t));
    }
    values = std::move(kept);
}

bool is_label_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c >= 0x80;
}

}  // namespace

bool is_valid_email(std::string_view email) {
    // Deliberately practical, not RFC 5322: one '@', a non-empty local part without spaces, and a domain
    // of dot-separated labels (letters, digits, '-', or non-ASCII for internationalised names like .рф).
    if (email.size() > 254 || !text::is_valid_utf8(email)) return false;
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) return false;
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
        const std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos
                                                                                           : dot - start);
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

std::vector<Error> validate(const Company& company) {
    std::vector<Error> out;
    check_common(out, company.name, company.phones, company.emails, company.address, company.notes, company.owner);
    return out;
}

std::vector<Error> validate(const Contact& contact) {
    std::vector<Error> out;
    check_common(out, contact.name, contact.phones, contact.emails, contact.address, contact.notes, contact.owner);
    check_text(out, "position", "Position", contact.position, limits::kMaxShortTextBytes);
    if (!contact.company_id.empty() && !is_uuid(contact.company_id)) {
        out.push_back(invalid("company_id", "malformed", "Company reference \"" + contact.company_id + "\" is not an id"));
    }
    return out;
}

void normalize(Company& company) {
    company.name = text::trim(company.name);
    company.address = text::trim(company.address);
    company.notes = text::trim(company.notes);
    company.owner = text::trim(company.owner);
    normalize_list(company.phones);
    normalize_list(company.emails);
}

void normalize(Contact& contact) {
    contact.name = text::trim(contact.name);
    contact.company_id = text::trim(contact.company_id);
    contact.position = text::trim(contact.position);
    contact.address = text::trim(contact.address);
    contact.notes = text::trim(contact.notes);
    contact.owner = text::trim(contact.owner);
    normalize_list(contact.phones);
    normalize_list(contact.emails);
}

}  // namespace crm::domain
