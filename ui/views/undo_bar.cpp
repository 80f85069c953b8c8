#include "ui/views/undo_bar.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/i18n.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

void UndoBarView::deleted(RecordRef ref, std::string name, std::int64_t now_ms) {
    ref_ = std::move(ref);
    name_ = std::move(name);
    deleted_at_ = now_ms;
    error_.clear();
}

bool UndoBarView::visible(std::int64_t now_ms) const {
    return ref_.has_value() && now_ms - deleted_at_ < limits::kUndoBarVisibleMs;
}

std::optional<RecordRef> UndoBarView::draw(ViewContext& ctx) {
    if (!visible(ctx.platform.now_ms())) {
        ref_.reset();
        return std::nullopt;
    }
    const std::string text = error_.empty() ? trf(Str::DeletedRecord, {name_}) : error_;
    const std::string label = std::string(tr(Str::Undo)) + "###undo";
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + style.FramePadding.x * 2.0f;
    const float row_start = ImGui::GetCursorPosX();
    const float right = ImGui::GetContentRegionMax().x;
    const float text_w = std::max(right - row_start - button_w - style.ItemSpacing.x, 1.0f);

    // The name may be long: cut at the available width so the Undo button always stays on the row.
    ImGui::AlignTextToFramePadding();
    const ImVec2 text_pos = ImGui::GetCursorScreenPos();
    ImGui::PushClipRect(text_pos, ImVec2(text_pos.x + text_w, text_pos.y + ImGui::GetFrameHeight()), true);
    ImGui::PushStyleColor(ImGuiCol_Text, error_.empty() ? ctx.colors.warning : ctx.colors.error);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopClipRect();
    ctx.automation.tag_last_item("undo.text");
    ImGui::SameLine(std::max(right - button_w, row_start));
    const bool undo = ImGui::Button(label.c_str());
    ctx.automation.tag_last_item("undo.button");
    ctx.automation.publish("undo.name", name_);
    if (!undo) return std::nullopt;

    const Status restored = ctx.records(*ref_->entity).restore(ref_->id);
    if (!restored) {
        error_ = error_text(restored.error(), ref_->entity);
        return std::nullopt;
    }
    std::optional<RecordRef> out = std::move(ref_);
    ref_.reset();
    return out;
}

}  // namespace crm::ui
