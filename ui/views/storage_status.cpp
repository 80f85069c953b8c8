#include "ui/views/storage_status.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/i18n.hpp"

namespace crm::ui {

namespace {

Str indicator_text(StoragePhase phase) {
    switch (phase) {
        case StoragePhase::Saved:
            return Str::StorageSaved;
        case StoragePhase::Saving:
            return Str::StorageSaving;
        case StoragePhase::Error:
            return Str::StorageNotSaved;
        case StoragePhase::MemoryOnly:
            return Str::StorageMemoryOnly;
    }
    return Str::StorageSaved;
}

}  // namespace

std::string storage_reason(const std::string& error) {
    if (error.rfind("QuotaExceededError", 0) == 0) return tr(Str::StorageQuotaFull);
    return error.empty() ? std::string(tr(Str::NoValue)) : error;
}

void StorageStatusView::update(ViewContext& ctx) {
    status_ = ctx.platform.storage_status();
    indicator_ = tr(indicator_text(status_.phase));
    ctx.automation.publish("storage.phase", to_key(status_.phase));
    ctx.automation.publish("storage.committed_seq", static_cast<std::int64_t>(status_.committed_seq));
    ctx.automation.publish("storage.saved_seq", static_cast<std::int64_t>(status_.saved_seq));
    if (!status_.error.empty()) ctx.automation.publish("storage.error", status_.error);
}

bool StorageStatusView::banner_visible() const {
    return status_.phase == StoragePhase::Error || status_.phase == StoragePhase::MemoryOnly;
}

float StorageStatusView::indicator_width() const {
    return ImGui::CalcTextSize(indicator_.c_str()).x;
}

void StorageStatusView::draw_banner(ViewContext& ctx) {
    if (!banner_visible()) return;
    const std::string reason = storage_reason(status_.error);
    std::string text;
    if (status_.phase == StoragePhase::MemoryOnly) {
        text = trf(Str::StorageBannerMemory, {reason});
    } else {
        const std::int64_t seconds = std::max<std::int64_t>(0, (status_.retry_in_ms + 999) / 1000);
        text = trf(Str::StorageBannerError, {reason, std::to_string(seconds)});
    }
    const bool can_retry = status_.phase == StoragePhase::Error;
    const std::string label = std::string(tr(Str::StorageRetry)) + "###storage_retry";
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button_w =
        can_retry ? ImGui::CalcTextSize(label.c_str(), nullptr, true).x + style.FramePadding.x * 2.0f : 0.0f;
    const float wrap_w = std::max(
        ImGui::GetContentRegionAvail().x - (can_retry ? button_w + style.ItemSpacing.x : 0.0f), 1.0f);

    // Wrapped, never cut: on a phone the whole sentence matters more than one line of list.
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + wrap_w);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
    ctx.automation.tag_last_item("storage.banner");
    ctx.automation.publish("storage.banner", text);
    if (can_retry) {
        ImGui::SameLine();
        if (ImGui::Button(label.c_str())) ctx.platform.retry_storage();
        ctx.automation.tag_last_item("storage.retry");
    }
    ImGui::Separator();
}

void StorageStatusView::draw_indicator(ViewContext& ctx) {
    ImU32 color = ctx.colors.muted;
    if (status_.phase == StoragePhase::Saved) color = ctx.colors.ok;
    if (status_.phase == StoragePhase::Error || status_.phase == StoragePhase::MemoryOnly)
        color = ctx.colors.error;
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::TextUnformatted(indicator_.c_str());
    ImGui::PopStyleColor();
    ctx.automation.tag_last_item("status.storage");
    ctx.automation.publish("status.storage", indicator_);
}

}  // namespace crm::ui
