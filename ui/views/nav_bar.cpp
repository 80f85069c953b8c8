#include "ui/views/nav_bar.hpp"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "core/domain/entity.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

namespace {

const char* full_label(Section s) {
    switch (s) {
        case Section::Today:
            return label("today.nav");
        case Section::Customers:
            return tr(Str::NavCustomers);
        case Section::Deals:
            return tr(Str::NavDeals);
        case Section::Forecast:
            return tr(Str::NavForecast);
        case Section::PipelineSettings:
            return tr(Str::NavSettings);
        case Section::Users:
            return tr(Str::NavUsers);
    }
    return "";
}

// What a phone's button reads when the full label is wider than the button.
const char* short_label(Section s) {
    if (s == Section::Customers) return tr(Str::NavCustomersShort);
    if (s == Section::Users) return tr(Str::NavUsersShort);
    return s == Section::PipelineSettings ? tr(Str::NavSettingsShort) : full_label(s);
}

// The width a button needs for `text` with the current frame padding.
float text_w(const char* text) {
    return ImGui::CalcTextSize(text).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

// One section button; the current one looks pressed, like the language buttons.
bool section_button(ViewContext& ctx, Section s, bool current, const char* text, ImVec2 size) {
    if (current) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    }
    const std::string id = std::string(text) + "###nav_" + std::string(section_key(s));
    const bool clicked = ImGui::Button(id.c_str(), size);
    if (current) ImGui::PopStyleColor(2);
    ctx.automation.tag_last_item("nav.section." + std::string(section_key(s)));
    return clicked && !current;
}

}  // namespace

std::string_view section_key(Section section) {
    switch (section) {
        case Section::Today:
            return "today";
        case Section::Customers:
            return "customers";
        case Section::Deals:
            return "deals";
        case Section::Forecast:
            return "forecast";
        case Section::PipelineSettings:
            return "settings";
        case Section::Users:
            return "users";
    }
    return "customers";
}

bool shows_entity(Section section, const domain::EntityDesc& entity) {
    if (!entity.in_tabs) return false;
    const bool account = entity.access == domain::Access::Accounts;  // users and teams: the admin's
    if (section == Section::Users) return account;
    if (account) return false;
    const bool deal = entity.name == domain::entity::kDeal;
    const bool activity = entity.name == domain::entity::kActivity;
    if (section == Section::Deals) return deal;
    if (section == Section::Today) return activity;
    return section == Section::Customers && !deal && !activity;
}

Section NavBarView::home(const domain::Registry& registry) {
    return registry.find(domain::entity::kActivity) != nullptr ? Section::Today : Section::Customers;
}

std::vector<Section> NavBarView::sections(const ViewContext& ctx) const {
    const domain::Registry& r = ctx.registry;
    std::vector<Section> out;
    if (home(r) == Section::Today) out.push_back(Section::Today);
    out.push_back(Section::Customers);
    if (r.find(domain::entity::kDeal) != nullptr) {
        out.push_back(Section::Deals);
        if (r.find(domain::entity::kPipeline) != nullptr && r.find(domain::entity::kStage) != nullptr &&
            r.find(domain::entity::kLossReason) != nullptr) {
            out.push_back(Section::Forecast);
            out.push_back(Section::PipelineSettings);
        }
    }
    // A phone's bottom bar has no room for a sixth button: there the account menu opens Users.
    if (admin_ && !ctx.narrow && r.find(domain::entity::kUser) != nullptr) out.push_back(Section::Users);
    return out;
}

float NavBarView::row_width(const ViewContext& ctx) const {
    float w = 0.0f;
    for (Section s : sections(ctx)) w += text_w(full_label(s)) + ImGui::GetStyle().ItemSpacing.x;
    return w;
}

bool NavBarView::draw_row(ViewContext& ctx, Section& current, float width) {
    const std::vector<Section> list = sections(ctx);
    // Too little room for the full labels (a narrow desktop window): the short ones.
    const bool full = row_width(ctx) <= width;
    bool changed = false;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        const Section s = list[i];
        const char* text = full ? full_label(s) : short_label(s);
        labels_[std::string(section_key(s))] = {{"text", text}, {"fits", true}};  // sized to its text
        if (section_button(ctx, s, s == current, text, ImVec2(0, 0))) {
            current = s;
            changed = true;
        }
    }
    return changed;
}

float NavBarView::bottom_height() const {
    return std::max(ImGui::GetFrameHeight(), limits::kTouchTargetMinPx) +
           ImGui::GetStyle().ItemSpacing.y * 2.0f;
}

bool NavBarView::draw_bottom(ViewContext& ctx, Section& current) {
    const std::vector<Section> list = sections(ctx);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float n = static_cast<float>(list.size());
    const float w = std::max((ImGui::GetContentRegionAvail().x - style.ItemSpacing.x * (n - 1.0f)) / n, 1.0f);
    const float h = std::max(ImGui::GetFrameHeight(), limits::kTouchTargetMinPx);
    // The buttons are wide targets already: a narrow side padding leaves their width to the text.
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding,
                        ImVec2(ImGui::GetFontSize() * limits::kNavBarPaddingEm, style.FramePadding.y));
    // Each button's label: the full one when it fits an equal share, else the short one. Then the widths:
    // what each label needs plus an equal share of the rest, so five sections (Today among them) still
    // read in full; equal widths only when even that does not fit.
    std::vector<const char*> texts;
    float needed = style.ItemSpacing.x * (n - 1.0f);
    for (Section s : list) {
        texts.push_back(text_w(full_label(s)) <= w ? full_label(s) : short_label(s));
        needed += text_w(texts.back());
    }
    const float extra = (ImGui::GetContentRegionAvail().x - needed) / n;
    bool changed = false;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i > 0) ImGui::SameLine();
        const Section s = list[i];
        const char* text = texts[i];
        const float bw = extra >= 0.0f ? text_w(text) + extra : w;
        labels_[std::string(section_key(s))] = {{"text", text}, {"fits", text_w(text) <= bw}};
        if (section_button(ctx, s, s == current, text, ImVec2(bw, h))) {
            current = s;
            changed = true;
        }
    }
    ImGui::PopStyleVar();
    return changed;
}

void NavBarView::publish(ViewContext& ctx, Section current) const {
    ctx.automation.publish("nav.section", section_key(current));
    nlohmann::json entities = nlohmann::json::object();
    for (Section s : sections(ctx)) {
        nlohmann::json names = nlohmann::json::array();
        for (const domain::EntityDesc& e : ctx.registry.entities())
            if (shows_entity(s, e)) names.push_back(e.name);
        entities[std::string(section_key(s))] = std::move(names);
    }
    ctx.automation.publish("nav.entities", std::move(entities));
    ctx.automation.publish("nav.labels", labels_);
}

}  // namespace crm::ui
