#include "ui/widgets/modal.hpp"
#include "ui/views/stage_move_dialog.hpp"

#include <algorithm>
#include <cfloat>

#include <imgui.h>

#include "core/domain/pipeline.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/ui_limits.hpp"

namespace crm::ui {

namespace {

constexpr const char* kPopup = "###stage_move";
constexpr std::string_view kCommentField = "loss_comment";

ItemRect next_item_rect(float w) {
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    return ItemRect{pos.x, pos.y, w, ImGui::GetFrameHeight()};
}

}  // namespace

StageMoveDialog::Start StageMoveDialog::begin(ViewContext& ctx, const std::string& deal_id,
                                              const domain::Record& stage) {
    error_.clear();
    const domain::EntityDesc& deals = ctx.registry.get(domain::entity::kDeal);
    auto tried = domain::move_deal(ctx.store, deal_id, stage.id);
    const bool lost = stage.text("kind") == domain::outcome::kLost;
    // A lost stage without a reason is core's "Invalid loss_reason_id": the answer to ask for, not a failure.
    const bool needs_reason = !tried && lost && tried.error().field == "loss_reason_id";
    if (!tried && !needs_reason) {
        error_ = error_text(tried.error(), &deals);
        return Start::Failed;
    }
    if (tried && tried->moved) return Start::Moved;
    if (tried && tried->missing.empty()) return Start::Unchanged;

    auto deal = ctx.records(deals).get(deal_id);
    if (!deal) {
        error_ = error_text(deal.error(), &deals);
        return Start::Failed;
    }
    deal_ = std::move(deal).value();
    deal_id_ = deal_id;
    stage_ = stage;
    missing_ = tried ? tried->missing : std::vector<std::string>{};
    lost_ = lost;
    edits_.clear();
    pickers_.clear();
    for (const std::string& name : missing_)
        if (const domain::FieldDesc* f = deals.find(name)) edits_[name] = edit_of(ctx, *f, deal_);
    if (lost_) {
        if (const domain::FieldDesc* f = deals.find(kCommentField))
            edits_[std::string(kCommentField)] = edit_of(ctx, *f, deal_);
        load_reasons(ctx);
    }
    reason_id_.clear();
    new_reason_ = false;
    new_reason_name_.fill('\0');
    open_ = true;
    open_popup_ = true;
    return Start::Asking;
}

void StageMoveDialog::load_reasons(ViewContext& ctx) {
    reasons_.clear();
    domain::ListQuery q;
    q.sort_field = "position";
    q.limit = limits::kLossReasonRows;
    q.count_total = false;
    auto page = ctx.records(ctx.registry.get(domain::entity::kLossReason)).list(q);
    if (!page) {
        error_ = error_text(page.error());
        return;
    }
    for (const domain::Record& r : page->rows) reasons_.push_back(Reason{r.id, r.text("name")});
}

std::optional<std::string> StageMoveDialog::draw(ViewContext& ctx) {
    if (!open_) return std::nullopt;
    if (open_popup_) {
        ImGui::OpenPopup(kPopup);
        open_popup_ = false;
    }
    place_next_dialog(limits::kStageMoveDialogWidthEm);
    const std::string name = stage_.text("name");
    const std::string title = std::string(lost_ ? tr(Str::LostTitle) : trf(Str::MoveTitle, {name})) + kPopup;
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        open_ = false;  // closed from outside (another modal took over)
        return std::nullopt;
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(deal_.text("title").c_str());
    if (!missing_.empty()) ImGui::TextUnformatted(trf(Str::MoveFillPrompt, {name}).c_str());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    draw_gate_fields(ctx);
    if (lost_) draw_reason(ctx);
    draw_dialog_error(ctx, error_, "stage_move.error");
    ImGui::Separator();
    const float button_h = ctx.narrow ? limits::kTouchTargetMinPx : 0.0f;
    const float button_w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    bool saved = false;
    if (ImGui::Button(
            (std::string(tr(lost_ ? Str::LostConfirm : Str::MoveConfirm)) + "###stage_move_save").c_str(),
            ImVec2(button_w, button_h)))
        saved = save(ctx);
    ctx.automation.tag_last_item("stage_move.save");
    ImGui::SameLine();
    // Escape cancels unless it is closing the reasons' combo or a picker (then their popup has the focus).
    const bool cancelled = ImGui::Button((std::string(tr(Str::Cancel)) + "###stage_move_cancel").c_str(),
                                         ImVec2(button_w, button_h)) ||
                           (ImGui::IsWindowFocused() && ImGui::IsKeyPressed(ImGuiKey_Escape, false));
    ctx.automation.tag_last_item("stage_move.cancel");
    std::optional<std::string> moved;
    if (saved) moved = deal_id_;
    if (saved || cancelled) {
        open_ = false;
        ImGui::CloseCurrentPopup();
    } else {
        publish(ctx);
    }
    ImGui::EndPopup();
    return moved;
}

void StageMoveDialog::draw_gate_fields(ViewContext& ctx) {
    const domain::EntityDesc& e = deal_.entity();
    for (const std::string& name : missing_) {
        const domain::FieldDesc* f = e.find(name);
        if (f == nullptr) continue;
        FieldEdit& edit = edits_[name];
        if (f->type == domain::FieldType::Reference) {
            ImGui::TextUnformatted(field_label(*f));
            std::string id = deal_.text(name);
            if (pickers_[name].draw(ctx, *f, id, edit.ref_title))
                deal_.set(name, id.empty() ? nlohmann::json(nullptr) : nlohmann::json(id));
        } else {
            FieldEditor editor{ctx, *f, edit, deal_, !error_.empty(), false};
            draw_field_editor(editor);
        }
        ImGui::Spacing();
    }
}

void StageMoveDialog::draw_reason(ViewContext& ctx) {
    ImGui::TextUnformatted(tr(Str::LostReason));
    const float w = ImGui::GetContentRegionAvail().x;
    std::string preview = tr(Str::LostReasonChoose);
    if (new_reason_) preview = tr(Str::LostReasonNew);
    for (const Reason& r : reasons_)
        if (r.id == reason_id_) preview = r.name;
    ctx.automation.tag("stage_move.reason", next_item_rect(w));
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##loss_reason", preview.c_str())) {
        for (std::size_t i = 0; i < reasons_.size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(reasons_[i].name.c_str(), reasons_[i].id == reason_id_)) {
                reason_id_ = reasons_[i].id;
                new_reason_ = false;
            }
            ImGui::PopID();
            ctx.automation.tag_last_item("stage_move.reason." + std::to_string(i));
        }
        if (ImGui::Selectable(tr(Str::LostReasonNew), new_reason_)) {
            new_reason_ = true;
            reason_id_.clear();
        }
        ctx.automation.tag_last_item("stage_move.reason.new");
        ImGui::EndCombo();
    }
    if (new_reason_) {
        ImGui::SetNextItemWidth(w);
        ImGui::InputTextWithHint("##new_reason", tr(Str::LostReasonNewHint), new_reason_name_.data(),
                                 new_reason_name_.size());
        ctx.automation.tag_last_item("stage_move.new_reason");
    }
    ImGui::Spacing();
    const domain::FieldDesc* comment = deal_.entity().find(kCommentField);
    if (comment == nullptr) return;
    FieldEditor editor{ctx, *comment, edits_[std::string(kCommentField)], deal_, false, false};
    draw_field_editor(editor);
}

bool StageMoveDialog::save(ViewContext& ctx) {
    error_.clear();
    const domain::EntityDesc& deals = ctx.registry.get(domain::entity::kDeal);
    domain::MoveOptions options;
    for (const std::string& name : missing_) options.fill.emplace_back(name, deal_.get(name));
    if (lost_) {
        if (new_reason_) {
            const std::string typed = new_reason_name_.data();
            if (typed.find_first_not_of(" \t") == std::string::npos) {
                error_ = tr(Str::LostReasonRequired);
                return false;
            }
            // The new reason joins the team's list through its repository, so it syncs like any record.
            const domain::EntityDesc& reasons = ctx.registry.get(domain::entity::kLossReason);
            domain::Record draft(reasons);
            draft.set("name", typed).set("position", static_cast<std::int64_t>(reasons_.size()));
            auto created = ctx.records(reasons).create(std::move(draft));
            if (!created) {
                error_ = error_text(created.error(), &reasons);
                return false;
            }
            reason_id_ = created->id;
            new_reason_ = false;
            load_reasons(ctx);
        }
        if (reason_id_.empty()) {
            error_ = tr(Str::LostReasonRequired);
            return false;
        }
        options.loss_reason_id = reason_id_;
        options.loss_comment = deal_.text(kCommentField);
    }
    auto moved = domain::move_deal(ctx.store, deal_id_, stage_.id, options);
    if (!moved) {
        error_ = error_text(moved.error(), &deals);
        return false;
    }
    if (!moved->moved && !moved->missing.empty()) {
        std::string names;
        for (const std::string& n : moved->missing) {
            const domain::FieldDesc* f = deals.find(n);
            if (!names.empty()) names += ", ";
            names += f != nullptr ? field_label(*f) : n;
        }
        error_ = trf(Str::MoveStillMissing, {names});
        return false;
    }
    return true;
}

void StageMoveDialog::publish(ViewContext& ctx) const {
    ctx.automation.publish("stage_move", {{"deal", deal_id_},
                                          {"stage", stage_.id},
                                          {"missing", missing_},
                                          {"lost", lost_},
                                          {"reasons", reasons_.size()},
                                          {"error", error_}});
}

}  // namespace crm::ui
