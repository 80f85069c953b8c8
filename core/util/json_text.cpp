#include "core/util/json_text.hpp"

#include <string>

namespace crm {

Result<nlohmann::json> parse_json_bounded(std::string_view text, int max_depth) {
    // Brackets inside strings do not nest; a backslash escapes the next character of a string.
    int depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) {
                return make_error(ErrorCode::Protocol,
                                  "body: nested deeper than " + std::to_string(max_depth) + " levels");
            }
        } else if (c == ']' || c == '}') {
            --depth;  // unbalanced text is the parser's to report
        }
    }
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return make_error(ErrorCode::Protocol, "body: not valid JSON");
    return j;
}

}  // namespace crm
