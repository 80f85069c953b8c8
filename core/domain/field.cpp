#include "core/domain/field.hpp"

#include <algorithm>
#include <cmath>

#include "core/limits.hpp"
#include "core/storage/sqlite.hpp"
#include "core/util/text.hpp"
#include "core/util/uuid.hpp"

namespace crm::domain {

namespace {

using nlohmann::json;

Error invalid(const FieldDesc& field, std::string reason, std::string message) {
    return make_error(ErrorCode::Invalid, std::string(field.name) + ": " + std::move(message),
                      std::string(field.name), std::move(reason));
}

Status check_text(const FieldDesc& field, const std::string& s, std::size_t max_bytes) {
    if (!text::is_valid_utf8(s)) return invalid(field, "bad_utf8", "not valid UTF-8 text");
    if (s.size() > max_bytes) {
        return invalid(
            field, "too_long",
            std::to_string(s.size()) + " bytes, at most " + std::to_string(max_bytes) + " allowed");
    }
    return {};
}

Status check_format(const FieldDesc& field, const std::string& s) {
    if (s.empty()) return {};
    if (field.format == TextFormat::Phone && !is_valid_phone(s))
        return invalid(field, "malformed", "\"" + s + "\" is not a phone number");
    if (field.format == TextFormat::Email && !is_valid_email(s))
        return invalid(field, "malformed", "\"" + s + "\" is not an e-mail address");
    return {};
}

// A JSON integer that fits int64 (nlohmann stores large positives as unsigned).
std::optional<std::int64_t> as_int64(const json& v) {
    if (!v.is_number_integer()) return std::nullopt;
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        return std::nullopt;
    return v.get<std::int64_t>();
}

Status check_range(const FieldDesc& field, std::int64_t n, std::int64_t lo, std::int64_t hi) {
    if (n < lo || n > hi) {
        return invalid(field, "out_of_range",
                       std::to_string(n) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
    }
    return {};
}

bool finite_in(const json& v, double lo, double hi) {
    if (!v.is_number()) return false;
    const double d = v.get<double>();
    return std::isfinite(d) && d >= lo && d <= hi;
}

Status check_shape(const FieldDesc& field, const json& value) {
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText: {
            if (!value.is_string()) return invalid(field, "malformed", "expected a string");
            const auto& s = value.get_ref<const std::string&>();
            CRM_TRY(check_text(field, s, max_text_bytes(field)));
            return check_format(field, s);
        }
        case FieldType::TextList: {
            if (!value.is_array()) return invalid(field, "malformed", "expected an array of strings");
            const std::size_t max_items = max_list_items(field);
            if (value.size() > max_items) {
                return invalid(field, "too_many",
                               std::to_string(value.size()) + " items, at most " + std::to_string(max_items) +
                                   " allowed");
            }
            for (const auto& item : value) {
                if (!item.is_string()) return invalid(field, "malformed", "expected an array of strings");
                CRM_TRY(check_text(field, item.get_ref<const std::string&>(), max_text_bytes(field)));
                CRM_TRY(check_format(field, item.get_ref<const std::string&>()));
            }
            return {};
        }
        case FieldType::Integer: {
            if (value.is_null()) return {};
            const auto n = as_int64(value);
            if (!n) return invalid(field, "malformed", "expected an integer");
            return check_range(field, *n, field.min, field.max);
        }
        case FieldType::Boolean:
            if (!value.is_boolean()) return invalid(field, "malformed", "expected true or false");
            return {};
        case FieldType::Money: {
            if (value.is_null()) return {};
            const auto m = money_of(value);
            if (!m)
                return invalid(field, "malformed", "expected {\"minor\": integer, \"currency\": \"ABC\"}");
            if (!is_valid_currency(m->currency))
                return invalid(field, "malformed", "\"" + m->currency + "\" is not a currency code");
            return check_range(field, m->minor, std::max(field.min, -limits::kMaxMoneyMinor),
                               std::min(field.max, limits::kMaxMoneyMinor));
        }
        case FieldType::Date:
            if (value.is_null()) return {};
            if (!value.is_string() || !is_valid_date(value.get_ref<const std::string&>()))
                return invalid(field, "malformed", "expected a date YYYY-MM-DD");
            return {};
        case FieldType::DateTime: {
            if (value.is_null()) return {};
            const auto n = as_int64(value);
            if (!n) return invalid(field, "malformed", "expected Unix milliseconds");
            return check_range(field, *n, std::max(field.min, std::int64_t{0}),
                               std::min(field.max, limits::kMaxDateTimeMs));
        }
        case FieldType::Enum: {
            if (!value.is_string()) return invalid(field, "malformed", "expected an option key");
            const auto& key = value.get_ref<const std::string&>();
            CRM_TRY(check_text(field, key, max_text_bytes(field)));
            if (key.empty()) return {};
            // A user-defined option is stored as the id of its enum_options record.
            if (!field.option_list.empty()) {
                if (!is_uuid(key)) return invalid(field, "malformed", "\"" + key + "\" is not an option id");
                return {};
            }
            if (std::find(field.options.begin(), field.options.end(), key) == field.options.end())
                return invalid(field, "unknown_option", "\"" + key + "\" is not an option");
            return {};
        }
        case FieldType::Reference:
            if (value.is_null()) return {};
            if (!value.is_string()) return invalid(field, "malformed", "expected a record id or null");
            if (!is_uuid(value.get_ref<const std::string&>()))
                return invalid(field, "malformed", "\"" + value.get<std::string>() + "\" is not a record id");
            return {};
        case FieldType::GeoPoint: {
            if (value.is_null()) return {};
            if (!geo_of(value)) return invalid(field, "malformed", "expected {lat, lon, accuracy} in range");
            return {};
        }
    }
    return invalid(field, "malformed", "unknown field type");
}

std::string join_keys(const std::vector<std::string_view>& keys) {
    std::string out;
    for (const auto k : keys) {
        if (!out.empty()) out.push_back(' ');
        out += k;
    }
    return out;
}

}  // namespace

std::string_view to_key(FieldType type) {
    switch (type) {
        case FieldType::Text:
            return "text";
        case FieldType::LongText:
            return "long_text";
        case FieldType::TextList:
            return "text_list";
        case FieldType::Integer:
            return "integer";
        case FieldType::Boolean:
            return "boolean";
        case FieldType::Money:
            return "money";
        case FieldType::Date:
            return "date";
        case FieldType::DateTime:
            return "date_time";
        case FieldType::Enum:
            return "enum";
        case FieldType::Reference:
            return "reference";
        case FieldType::GeoPoint:
            return "geo_point";
    }
    return "text";
}

std::size_t max_text_bytes(const FieldDesc& field) {
    if (field.max_bytes != 0) return field.max_bytes;
    switch (field.type) {
        case FieldType::LongText:
            return limits::kMaxNotesBytes;
        case FieldType::Enum:
            return limits::kMaxKeyBytes;
        case FieldType::Reference:
            return limits::kMaxRowIdBytes;
        default:
            return limits::kMaxShortTextBytes;
    }
}

std::size_t max_list_items(const FieldDesc& field) {
    return field.max_items != 0 ? field.max_items : limits::kMaxListItems;
}

json empty_value(const FieldDesc& field) {
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
        case FieldType::Enum:
            return "";
        case FieldType::TextList:
            return json::array();
        case FieldType::Boolean:
            return false;
        case FieldType::Integer:
        case FieldType::Money:
        case FieldType::Date:
        case FieldType::DateTime:
        case FieldType::Reference:
        case FieldType::GeoPoint:
            return nullptr;
    }
    return nullptr;
}

bool is_empty_value(const FieldDesc& field, const json& value) {
    if (value.is_null()) return true;
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
        case FieldType::Enum:
        case FieldType::Reference:
        case FieldType::Date:
            return value.is_string() && text::trim(value.get_ref<const std::string&>()).empty();
        case FieldType::TextList:
            return value.is_array() && value.empty();
        case FieldType::Boolean:
            return false;  // false is a value
        default:
            return false;
    }
}

void normalize_value(const FieldDesc& field, json& value) {
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
        case FieldType::Enum:
            if (value.is_string()) value = text::trim(value.get_ref<const std::string&>());
            break;
        case FieldType::Date:
        case FieldType::Reference:
            if (value.is_string()) {
                std::string t = text::trim(value.get_ref<const std::string&>());
                value = t.empty() ? json(nullptr) : json(std::move(t));
            }
            break;
        case FieldType::TextList:
            if (value.is_array()) {
                json kept = json::array();
                for (const auto& item : value) {
                    if (!item.is_string()) {
                        kept.push_back(item);  // left for validation to report
                        continue;
                    }
                    std::string t = text::trim(item.get_ref<const std::string&>());
                    if (!t.empty()) kept.push_back(std::move(t));
                }
                value = std::move(kept);
            }
            break;
        case FieldType::Money:
            if (value.is_object() && value.contains("currency") && value["currency"].is_string()) {
                std::string c = text::trim(value["currency"].get_ref<const std::string&>());
                for (char& ch : c)
                    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
                value["currency"] = c;
            }
            break;
        default:
            break;
    }
}

Status validate_value(const FieldDesc& field, const json& value) {
    CRM_TRY(check_shape(field, value));
    if (field.required && is_empty_value(field, value)) return invalid(field, "empty", "a value is required");
    return {};
}

bool is_valid_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (s[i] < '0' || s[i] > '9') return false;
    const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const int m = (s[5] - '0') * 10 + (s[6] - '0');
    const int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1 || m < 1 || m > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

bool is_valid_currency(std::string_view code) {
    return code.size() == 3 &&
           std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

json money(std::int64_t minor, std::string_view currency) {
    return json{{"minor", minor}, {"currency", std::string(currency)}};
}

std::optional<MoneyValue> money_of(const json& value) {
    if (!value.is_object() || value.size() != 2) return std::nullopt;
    const auto minor = value.find("minor");
    const auto currency = value.find("currency");
    if (minor == value.end() || currency == value.end() || !currency->is_string()) return std::nullopt;
    const auto n = as_int64(*minor);
    if (!n) return std::nullopt;
    return MoneyValue{*n, currency->get<std::string>()};
}

json geo(double lat, double lon, double accuracy) {
    return json{{"lat", lat}, {"lon", lon}, {"accuracy", accuracy}};
}

std::optional<GeoValue> geo_of(const json& value) {
    if (!value.is_object() || value.size() != 3) return std::nullopt;
    const auto lat = value.find("lat");
    const auto lon = value.find("lon");
    const auto acc = value.find("accuracy");
    if (lat == value.end() || lon == value.end() || acc == value.end()) return std::nullopt;
    if (!finite_in(*lat, -90.0, 90.0) || !finite_in(*lon, -180.0, 180.0) ||
        !finite_in(*acc, 0.0, limits::kMaxGeoAccuracyM))
        return std::nullopt;
    return GeoValue{lat->get<double>(), lon->get<double>(), acc->get<double>()};
}

std::vector<Column> columns_of(const FieldDesc& field) {
    const std::string n(field.name);
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
        case FieldType::Enum: {
            const std::string def =
                field.default_value.is_string() ? field.default_value.get<std::string>() : "";
            std::string quoted;
            for (char c : def) quoted += c == '\'' ? std::string("''") : std::string(1, c);
            return {{n, "TEXT NOT NULL DEFAULT '" + quoted + "'"}};
        }
        case FieldType::TextList:
            return {{n, "TEXT NOT NULL DEFAULT '[]'"}};
        case FieldType::Boolean:
            return {{n, "INTEGER NOT NULL DEFAULT 0"}};
        case FieldType::Integer:
            if (field.required || field.default_value.is_number_integer())
                return {{n, "INTEGER NOT NULL DEFAULT " +
                                std::to_string(field.default_value.is_number_integer()
                                                   ? field.default_value.get<std::int64_t>()
                                                   : 0)}};
            return {{n, "INTEGER"}};
        case FieldType::Money:
            return {{n, "INTEGER"}, {n + "_currency", "TEXT"}};
        case FieldType::DateTime:
            return {{n, "INTEGER"}};
        case FieldType::Date:
        case FieldType::Reference:
        case FieldType::GeoPoint:
            return {{n, "TEXT"}};
    }
    return {{n, "TEXT"}};
}

int bind_value(storage::Statement& stmt, int index, const FieldDesc& field, const json& value) {
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
        case FieldType::Enum:
            stmt.bind(index, value.is_string() ? value.get_ref<const std::string&>() : std::string());
            return index + 1;
        case FieldType::TextList:
            stmt.bind(index, value.is_array() ? value.dump() : std::string("[]"));
            return index + 1;
        case FieldType::Boolean:
            stmt.bind(index, value.is_boolean() && value.get<bool>() ? 1 : 0);
            return index + 1;
        case FieldType::Integer:
        case FieldType::DateTime:
            if (const auto n = as_int64(value))
                stmt.bind(index, *n);
            else if (field.required || field.default_value.is_number_integer())
                stmt.bind(index, std::int64_t{0});
            else
                stmt.bind_null(index);
            return index + 1;
        case FieldType::Money:
            if (const auto m = money_of(value)) {
                stmt.bind(index, m->minor);
                stmt.bind(index + 1, m->currency);
            } else {
                stmt.bind_null(index);
                stmt.bind_null(index + 1);
            }
            return index + 2;
        case FieldType::Date:
        case FieldType::Reference:
            if (value.is_string() && !value.get_ref<const std::string&>().empty())
                stmt.bind(index, value.get_ref<const std::string&>());
            else
                stmt.bind_null(index);
            return index + 1;
        case FieldType::GeoPoint:
            if (value.is_object())
                stmt.bind(index, value.dump());
            else
                stmt.bind_null(index);
            return index + 1;
    }
    return index + 1;
}

json read_value(const storage::Statement& stmt, int& col, const FieldDesc& field) {
    const int c = col++;
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
        case FieldType::Enum:
            return stmt.column_text(c);
        case FieldType::TextList: {
            json j = json::parse(stmt.column_text(c), nullptr, false);
            if (j.is_discarded() || !j.is_array()) return json::array();
            return j;
        }
        case FieldType::Boolean:
            return stmt.column_int(c) != 0;
        case FieldType::Integer:
        case FieldType::DateTime:
            return stmt.is_null(c) ? json(nullptr) : json(stmt.column_int(c));
        case FieldType::Money: {
            ++col;
            if (stmt.is_null(c) || stmt.is_null(c + 1)) return nullptr;
            return money(stmt.column_int(c), stmt.column_text(c + 1));
        }
        case FieldType::Date:
        case FieldType::Reference:
            return stmt.is_null(c) ? json(nullptr) : json(stmt.column_text(c));
        case FieldType::GeoPoint: {
            if (stmt.is_null(c)) return nullptr;
            json j = json::parse(stmt.column_text(c), nullptr, false);
            return j.is_discarded() ? json(nullptr) : j;
        }
    }
    return nullptr;
}

std::string sort_key(const FieldDesc& field, std::string_view alias) {
    const std::string col =
        alias.empty() ? std::string(field.name) : std::string(alias) + "." + std::string(field.name);
    switch (field.type) {
        case FieldType::Text:
        case FieldType::LongText:
            return col + " COLLATE crm_fold";
        case FieldType::Enum:
            // Fixed options sort in their own order (a funnel, not the alphabet); the v1 stage index is on
            // exactly this expression. instr() gives '' position 1, the first option's: an optional enum
            // starts the string with a space so "no value" sorts before every option. (A required one is
            // never empty and keeps the v1 expression.)
            if (field.option_list.empty() && !field.options.empty())
                return "instr('" + std::string(field.required ? "" : " ") + join_keys(field.options) + "', " +
                       col + ")";
            return col;
        default:
            return col;
    }
}

std::string phone_search_digits(const json& phones) {
    std::string out;
    auto add = [&out](const std::string& d) {
        if (d.empty()) return;
        if (!out.empty()) out.push_back(' ');
        out += d;
    };
    if (!phones.is_array()) return out;
    for (const auto& p : phones) {
        if (!p.is_string()) continue;
        const std::string d = text::digits_only(p.get_ref<const std::string&>());
        add(d);
        if (d.size() == 11 && (d[0] == '7' || d[0] == '8')) {
            add((d[0] == '7' ? "8" : "7") + d.substr(1));
            add(d.substr(1));
        }
    }
    return out;
}

}  // namespace crm::domain
