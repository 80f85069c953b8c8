#include "ui/views/visit_state.hpp"

#include <algorithm>
#include <cfloat>
#include <map>
#include <memory>

#include <imgui.h>
#include <imgui_internal.h>

#include "core/domain/visit.hpp"
#include "core/limits.hpp"
#include "ui/format.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"
#include "ui/widgets/text_input.hpp"

namespace crm::ui {

namespace {

using States = std::map<ImGuiContext*, std::unique_ptr<VisitUiState>>;

States& states() {
    static States all;
    return all;
}

domain::PositionOutcome outcome_of(PositionState state) {
    if (state == PositionState::Ok) return domain::PositionOutcome::Ok;
    return state == PositionState::Denied ? domain::PositionOutcome::Denied
                                          : domain::PositionOutcome::Unavailable;
}

// Saves one answer; false while it is still pending.
bool apply(ViewContext& ctx, VisitUiState& state, const PositionRequest& r, const PositionAnswer& answer) {
    const domain::PositionFix fix{answer.lat, answer.lon, answer.accuracy};
    if (r.purpose == PositionRequest::Purpose::CheckIn) {
        // An error (the visit deleted meanwhile) leaves nothing to save the position to.
        (void)domain::set_visit_position(ctx.store, r.record_id, outcome_of(answer.state), fix);
    } else if (answer.state == PositionState::Ok) {
        const domain::CustomerRef who{r.customer.entity->name, r.record_id};
        if (!domain::set_customer_location(ctx.store, who, fix))
            state.office_message = label("visit.office_failed");
        else
            state.office_message.clear();
    } else {
        state.office_message = label(answer.state == PositionState::Denied ? "visit.position_denied"
                                                                           : "visit.position_unavailable");
    }
    if (r.purpose == PositionRequest::Purpose::Office) state.office_customer = r.record_id;
    ++state.writes;
    return true;
}

}  // namespace

bool begin_visit_dialog(ViewContext& ctx, const std::string& title) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float w =
        ctx.narrow ? vp->Size.x : std::min(vp->Size.x, ImGui::GetFontSize() * limits::kReportDialogWidthEm);
    // Centred every frame: the report grows when a follow-up is planned, and must stay on screen.
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0.0f), ImVec2(w, vp->Size.y));
    return ImGui::BeginPopupModal(title.c_str(), nullptr,
                                  ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings);
}

void text_area(const char* id, std::string& value, float lines) {
    const float h = ImGui::GetTextLineHeight() * lines + ImGui::GetStyle().FramePadding.y * 2.0f;
    input_area(id, value, ImVec2(-FLT_MIN, h));
}

void text_line(const char* id, std::string& value) {
    ImGui::SetNextItemWidth(-FLT_MIN);
    input_line(id, value);
}

VisitUiState& visit_state() {
    ImGuiContext* context = ImGui::GetCurrentContext();
    auto& slot = states()[context];
    if (!slot) {
        slot = std::make_unique<VisitUiState>();
        // The state goes with its context (a test's harness ends it), so no later context sees it.
        ImGuiContextHook hook;
        hook.Type = ImGuiContextHookType_Shutdown;
        hook.Callback = [](ImGuiContext* ended, ImGuiContextHook*) { states().erase(ended); };
        ImGui::AddContextHook(context, &hook);
    }
    return *slot;
}

bool position_pending(const VisitUiState& state, PositionRequest::Purpose purpose,
                      const std::string& record_id) {
    return std::any_of(state.positions.begin(), state.positions.end(), [&](const PositionRequest& r) {
        return r.purpose == purpose && r.record_id == record_id;
    });
}

void apply_position_answers(ViewContext& ctx) {
    VisitUiState& state = visit_state();
    const std::int64_t now = ctx.platform.now_ms();
    std::erase_if(state.positions, [&](const PositionRequest& r) {
        PositionAnswer answer = ctx.platform.poll_position(r.request);
        if (answer.state == PositionState::Pending) {
            // A permission prompt left open never answers: the visit is saved without a position.
            if (now - r.asked_at < limits::kGeoGiveUpMs) return false;
            answer = PositionAnswer{PositionState::Unavailable};
        }
        ctx.platform.forget_position(r.request);
        return apply(ctx, state, r, answer);
    });
}

}  // namespace crm::ui
