#pragma once
// Moving a deal to another stage from any screen (the board's drop; later the deal form): the move goes
// straight through core's move_deal when nothing is missing; otherwise a small modal asks for exactly what
// core says is missing: the target stage's empty required fields (the gate: a prompt, not a rejection) and,
// for a lost stage, the loss reason (from the team's list, or a new one typed in) with a comment. Save calls
// move_deal again with the answers; Cancel leaves the deal where it was. Won asks nothing unless its gate
// does.
//
// Automation ids: stage_move.save, stage_move.cancel, the gate's fields as the form tags them
// (form.field.<f>, ...), stage_move.reason (the reasons' combo) with stage_move.reason.<i> (by position) and
// stage_move.reason.new, stage_move.new_reason (the new reason's name), the comment as the form tags it
// (form.field.loss_comment). State: stage_move (docs/automation.md).
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/record.hpp"
#include "core/limits.hpp"
#include "ui/views/reference_picker.hpp"
#include "ui/views/view_context.hpp"
#include "ui/widgets/field_editors.hpp"

namespace crm::ui {

class StageMoveDialog {
  public:
    enum class Start { Moved, Asking, Unchanged, Failed };
    // Tries the move of `deal_id` to `stage`. Moved: done, nothing asked. Asking: the dialog opens (drawn by
    // draw()). Unchanged: the deal already is in that stage. Failed: error() says why.
    Start begin(ViewContext& ctx, const std::string& deal_id, const domain::Record& stage);
    // Draws the dialog while it is open. Returns the moved deal's id in the frame a Save moved it.
    std::optional<std::string> draw(ViewContext& ctx);
    bool is_open() const { return open_; }
    const std::string& error() const { return error_; }

  private:
    struct Reason {
        std::string id;
        std::string name;
    };
    void load_reasons(ViewContext& ctx);
    void draw_reason(ViewContext& ctx);
    void draw_gate_fields(ViewContext& ctx);
    bool save(ViewContext& ctx);
    void publish(ViewContext& ctx) const;

    bool open_ = false;
    bool open_popup_ = false;  // OpenPopup in the next draw (begin may run outside the popup's id stack)
    std::string deal_id_;
    domain::Record deal_;  // the draft the gate's editors write into
    domain::Record stage_;
    std::vector<std::string> missing_;
    bool lost_ = false;
    std::map<std::string, FieldEdit, std::less<>> edits_;
    std::map<std::string, ReferencePicker, std::less<>> pickers_;
    std::vector<Reason> reasons_;
    std::string reason_id_;
    bool new_reason_ = false;  // "+ New reason" chosen: its name is typed inline
    std::array<char, limits::kMaxNameBytes + 1> new_reason_name_{};
    std::string error_;
};

}  // namespace crm::ui
