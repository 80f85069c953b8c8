#pragma once
// The searchable chooser of a reference field: a combo whose popup has a search box over the target entity's
// local records, a "none" choice (no reference) and the matches, each with its subtitle (records may share a
// title). Enter in the search box takes the first match.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/domain/entity.hpp"
#include "core/limits.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class ReferencePicker {
  public:
    // Draws the picker of `field` at the full available width, tagged form.field.<field>; its popup's items
    // are form.<field>.search, form.<field>.none and form.<field>.pick.<i>. When the user picks, `id` and
    // `title` change and the call returns true.
    bool draw(ViewContext& ctx, const domain::FieldDesc& field, std::string& id, std::string& title);

  private:
    struct Choice {
        std::string id;
        std::string title;
        std::string subtitle;
    };
    void search(ViewContext& ctx, const domain::EntityDesc& target);

    std::array<char, limits::kMaxSearchBytes + 1> query_{};
    std::vector<Choice> choices_;
    std::int64_t total_ = 0;
    bool stale_ = true;
};

}  // namespace crm::ui
