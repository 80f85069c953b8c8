#pragma once
// The searchable company chooser of the contact form: a combo whose popup has a search box over the local
// companies and a "Private person" choice (no company).
#include <array>
#include <string>
#include <vector>

#include "core/limits.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class CompanyPicker {
public:
    // Draws the picker at the full available width. When the user picks, `company_id` and `company_name`
    // change and the call returns true.
    bool draw(ViewContext& ctx, std::string& company_id, std::string& company_name);

private:
    struct Choice {
        std::string id;
        std::string name;
        std::string address;  // shown after the name: companies may share a name
    };
    void search(ViewContext& ctx);

    std::array<char, limits::kMaxSearchBytes + 1> query_{};
    std::vector<Choice> choices_;
    std::int64_t total_ = 0;
    bool stale_ = true;
};

}  // namespace crm::ui
