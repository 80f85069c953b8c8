#pragma once
// Validation with clear messages. Each problem is an Error{Invalid, message, field, reason}, where
// reason is one of: "empty", "too_long", "malformed", "too_many", "unknown_company", "bad_utf8".
#include <string_view>
#include <vector>

#include "core/domain/customer.hpp"
#include "core/util/result.hpp"

namespace crm::domain {

std::vector<Error> validate(const Company& company);
std::vector<Error> validate(const Contact& contact);

bool is_valid_email(std::string_view email);
bool is_valid_phone(std::string_view phone);

// Trims text fields and drops empty phone/e-mail entries; run before validate() on user input.
void normalize(Company& company);
void normalize(Contact& contact);

}  // namespace crm::domain
