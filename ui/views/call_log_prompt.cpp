#include "ui/views/call_log_prompt.hpp"

#include <algorithm>
#include <cfloat>

#include <imgui.h>

#include "core/domain/visit.hpp"
#include "core/limits.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"
#include "ui/views/visit_panel.hpp"
#include "ui/views/visit_state.hpp"

namespace crm::ui {

namespace {

constexpr const char* kPromptPopup = "###call_prompt";
constexpr const char* kResultPopup = "###call_result";
constexpr float kResultLines = 3.0f;  // visible lines of a call's result

float touch_height(const ViewContext& ctx) {
    return ctx.narrow ? std::max(ImGui::GetFrameHeight(), limits::kTouchTargetMinPx) : 0.0f;
}

// Back from the dialer: offer to log the call; a call older than the window is forgotten unasked.
void draw_prompt(ViewContext& ctx, VisitUiState& state) {
    if (!state.call) return;
    const StartedCall call = *state.call;
    const std::int64_t now = ctx.platform.now_ms();
    if (now - call.started_at > limits::kCallPromptWindowMs) {
        state.call.reset();
        return;
    }
    if (ctx.platform.foreground_returns() <= call.returns_at_tap) return;  // still away, or never left
    if (!ImGui::IsPopupOpen(kPromptPopup) && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId))
        ImGui::OpenPopup(kPromptPopup);
    if (!begin_visit_dialog(ctx, std::string(label("visit.call_prompt_title")) + kPromptPopup)) return;
    const std::string question = labelf(
        "visit.call_prompt", {call.name, format_time(call.started_at, ctx.platform.utc_offset_minutes())});
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(question.c_str());
    ImGui::PopTextWrapPos();
    ctx.automation.publish("call.prompt", {{"customer", call.customer.id}, {"text", question}});
    ImGui::Spacing();
    const float h = touch_height(ctx);
    const bool yes =
        ImGui::Button((std::string(label("visit.call_prompt_yes")) + "###call_yes").c_str(), ImVec2(0, h));
    ctx.automation.tag_last_item("call.prompt.yes");
    ImGui::SameLine();
    const bool no =
        ImGui::Button((std::string(label("visit.call_prompt_no")) + "###call_no").c_str(), ImVec2(0, h)) ||
        ImGui::IsKeyPressed(ImGuiKey_Escape, false);
    ctx.automation.tag_last_item("call.prompt.no");
    if (yes || no) {
        ImGui::CloseCurrentPopup();
        state.call.reset();
    }
    ImGui::EndPopup();
    if (yes) log_call_now(ctx, call.customer, call.name, call.started_at);
}

void draw_result(ViewContext& ctx, VisitUiState& state) {
    if (!state.call_result) return;
    CallResultDraft& r = *state.call_result;
    if (r.open_requested && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
        ImGui::OpenPopup(kResultPopup);
        r.open_requested = false;
    }
    if (!begin_visit_dialog(ctx, std::string(label("visit.call_result_title")) + kResultPopup)) return;
    ctx.automation.publish("call.result.open", r.call_id);
    ImGui::TextDisabled("%s", r.name.c_str());
    ImGui::TextUnformatted(label("visit.call_result"));
    text_area("##call_result", r.result, kResultLines);
    ctx.automation.tag_last_item("call.result.text");
    ImGui::Spacing();
    const float h = touch_height(ctx);
    const bool save =
        ImGui::Button((std::string(label("visit.report_save")) + "###call_save").c_str(), ImVec2(0, h));
    ctx.automation.tag_last_item("call.result.save");
    ImGui::SameLine();
    const bool skip = ImGui::Button((std::string(label("visit.call_result_skip")) + "###call_skip").c_str(),
                                    ImVec2(0, h)) ||
                      ImGui::IsKeyPressed(ImGuiKey_Escape, false);
    ctx.automation.tag_last_item("call.result.skip");
    if (save && !r.result.empty()) {
        domain::Repository calls = ctx.store.records(domain::entity::kActivity);
        if (auto call = calls.get(r.call_id)) {
            call->set("result", r.result);
            if (calls.update(*call)) ++state.writes;
        }
    }
    if (save || skip) {
        ImGui::CloseCurrentPopup();
        state.call_result.reset();
    }
    ImGui::EndPopup();
}

}  // namespace

void note_call_started(ViewContext& ctx, const RecordRef& customer, std::string name) {
    visit_state().call =
        StartedCall{customer, std::move(name), ctx.platform.now_ms(), ctx.platform.foreground_returns()};
}

void log_call_now(ViewContext& ctx, const RecordRef& customer, const std::string& name,
                  std::int64_t started_at) {
    VisitUiState& state = visit_state();
    const domain::CustomerRef who{customer.entity->name, customer.id};
    auto call =
        domain::log_call(ctx.store, who, started_at, {.subject = labelf("visit.call_subject", {name})});
    if (!call) return;  // the customer is gone (deleted elsewhere): nothing to log it against
    ++state.writes;
    state.call_result = CallResultDraft{call->id, call->text("subject"), {}, true};
}

void draw_visits_and_calls(ViewContext& ctx) {
    VisitUiState& state = visit_state();
    apply_position_answers(ctx);
    draw_prompt(ctx, state);
    draw_result(ctx, state);
    draw_visit_report(ctx);
}

}  // namespace crm::ui
