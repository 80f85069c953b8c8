#include "ui/views/company_picker.hpp"

#include <imgui.h>

#include "ui/i18n.hpp"

namespace crm::ui {

void CompanyPicker::search(ViewContext& ctx) {
    stale_ = false;
    choices_.clear();
    total_ = 0;
    domain::ListQuery q;
    q.search = query_.data();
    q.limit = limits::kCompanyPickerRows;
    auto page = ctx.store.companies().list(q);
    if (!page) return;  // the list stays empty; the form reports a failing store when it saves
    total_ = page->total;
    for (auto& c : page->rows)
        choices_.push_back(Choice{std::move(c.id), std::move(c.name), std::move(c.address)});
}

bool CompanyPicker::draw(ViewContext& ctx, std::string& company_id, std::string& company_name) {
    const std::string preview = company_id.empty()     ? std::string(tr(Str::PrivatePerson))
                                : company_name.empty() ? std::string(tr(Str::NoValue))
                                                       : company_name;
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    // Tagged before the popup draws: while it is open, the last item is one of its entries.
    ctx.automation.tag("form.field.company", ItemRect{pos.x, pos.y, width, ImGui::GetFrameHeight()});
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (!ImGui::BeginCombo("##company_picker", preview.c_str(), ImGuiComboFlags_HeightLarge)) return false;

    bool picked = false;
    if (ImGui::IsWindowAppearing()) {
        query_[0] = '\0';
        stale_ = true;
        ImGui::SetKeyboardFocusHere();
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool enter = ImGui::InputTextWithHint("##company_search", tr(Str::CompanySearchHint), query_.data(),
                                                query_.size(), ImGuiInputTextFlags_EnterReturnsTrue);
    ctx.automation.tag_last_item("form.company.search");
    if (ImGui::IsItemEdited()) stale_ = true;
    if (stale_) search(ctx);
    // Enter takes the first match, so "type a few letters, Enter" picks a company without the mouse.
    if (enter && !choices_.empty()) {
        company_id = choices_.front().id;
        company_name = choices_.front().name;
        picked = true;
        ImGui::CloseCurrentPopup();
    }

    if (ImGui::Selectable((std::string(tr(Str::PrivatePerson)) + "###company_none").c_str(),
                          company_id.empty())) {
        company_id.clear();
        company_name.clear();
        picked = true;
    }
    ctx.automation.tag_last_item("form.company.none");
    for (std::size_t i = 0; i < choices_.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        const Choice& c = choices_[i];
        const std::string label = c.address.empty() ? c.name : c.name + " · " + c.address;
        if (ImGui::Selectable(label.c_str(), c.id == company_id)) {
            company_id = c.id;
            company_name = c.name;
            picked = true;
        }
        ImGui::PopID();
        ctx.automation.tag_last_item("form.company." + std::to_string(i));
    }
    const std::int64_t hidden = total_ - static_cast<std::int64_t>(choices_.size());
    if (hidden > 0) ImGui::TextDisabled("%s", trf(Str::CardMoreContacts, {format_count(hidden)}).c_str());
    nlohmann::json names = nlohmann::json::array();
    for (const Choice& c : choices_) names.push_back(c.name);
    ctx.automation.publish("form.company.choices", std::move(names));
    ImGui::EndCombo();
    return picked;
}

}  // namespace crm::ui
