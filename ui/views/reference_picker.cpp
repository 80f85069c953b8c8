#include "ui/views/reference_picker.hpp"

#include <imgui.h>

#include "ui/field_text.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

void ReferencePicker::search(ViewContext& ctx, const domain::EntityDesc& target) {
    stale_ = false;
    choices_.clear();
    total_ = 0;
    domain::ListQuery q;
    q.search = query_.data();
    q.limit = limits::kReferencePickerRows;
    auto page = ctx.records(target).list(q);
    if (!page) return;  // the list stays empty; the form reports a failing store when it saves
    total_ = page->total;
    const domain::FieldDesc* sub = target.find(target.subtitle_field);
    for (const domain::Record& r : page->rows) {
        choices_.push_back(Choice{r.id, r.text(target.title_field),
                                  sub != nullptr ? field_text(ctx, *sub, r, TextForm::Cell) : std::string()});
    }
}

bool ReferencePicker::draw(ViewContext& ctx, const domain::FieldDesc& field, std::string& id,
                           std::string& title) {
    const std::string tag = "form." + std::string(field.name);
    const std::string preview = id.empty()      ? none_text(field)
                                : title.empty() ? std::string(tr(Str::NoValue))
                                                : title;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    // Tagged before the popup draws: while it is open, the last item is one of its entries.
    ctx.automation.tag("form.field." + std::string(field.name),
                       ItemRect{pos.x, pos.y, width, ImGui::GetFrameHeight()});
    ImGui::SetNextItemWidth(-FLT_MIN);
    const std::string combo_id = "##picker_" + std::string(field.name);
    if (!ImGui::BeginCombo(combo_id.c_str(), preview.c_str(), ImGuiComboFlags_HeightLarge)) return false;
    const domain::EntityDesc* target = ctx.registry.find(field.target);

    bool picked = false;
    if (ImGui::IsWindowAppearing()) {
        query_[0] = '\0';
        stale_ = true;
        ImGui::SetKeyboardFocusHere();
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool enter = ImGui::InputTextWithHint("##search", tr(Str::ReferenceSearchHint), query_.data(),
                                                query_.size(), ImGuiInputTextFlags_EnterReturnsTrue);
    ctx.automation.tag_last_item(tag + ".search");
    if (ImGui::IsItemEdited()) stale_ = true;
    if (stale_ && target != nullptr) search(ctx, *target);
    // Enter takes the first match, so "type a few letters, Enter" picks without the mouse.
    if (enter && !choices_.empty()) {
        id = choices_.front().id;
        title = choices_.front().title;
        picked = true;
        ImGui::CloseCurrentPopup();
    }

    if (ImGui::Selectable((none_text(field) + "###none").c_str(), id.empty())) {
        id.clear();
        title.clear();
        picked = true;
    }
    ctx.automation.tag_last_item(tag + ".none");
    for (std::size_t i = 0; i < choices_.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const Choice& c = choices_[i];
        const std::string text = (c.subtitle.empty() ? c.title : c.title + " · " + c.subtitle) + "###choice";
        if (ImGui::Selectable(text.c_str(), c.id == id)) {
            id = c.id;
            title = c.title;
            picked = true;
        }
        ImGui::PopID();
        ctx.automation.tag_last_item(tag + ".pick." + std::to_string(i));
    }
    const std::int64_t hidden = total_ - static_cast<std::int64_t>(choices_.size());
    if (hidden > 0) ImGui::TextDisabled("%s", trf(Str::CardMore, {format_count(hidden)}).c_str());
    nlohmann::json titles = nlohmann::json::array();
    for (const Choice& c : choices_) titles.push_back(c.title);
    ctx.automation.publish("form.choices." + std::string(field.name), std::move(titles));
    ImGui::EndCombo();
    return picked;
}

}  // namespace crm::ui
