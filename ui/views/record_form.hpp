#pragma once
// The create/edit form of a record of any entity: the descriptor's form fields in order, each with the widget
// of its type (ui/widgets/field_editors.hpp) or a reference picker. Every value is validated by core; the
// messages show under the field they belong to. Enter saves (Ctrl+Enter is a new line in a long text), Escape
// cancels. Saving goes through the entity's repository, so every change lands in the change log.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/domain/record.hpp"
#include "ui/i18n.hpp"
#include "ui/views/reference_picker.hpp"
#include "ui/views/view_context.hpp"
#include "ui/widgets/field_editors.hpp"

namespace crm::ui {

// How the form was left: the saved record, or nothing when cancelled.
struct FormResult {
    std::optional<RecordRef> saved;
};

// A value a new record starts with (a contact created from its company's card starts at that company).
struct Prefill {
    std::string field;
    nlohmann::json value;
    std::string title;  // a reference's title, shown until the record is saved
};

class RecordFormView {
  public:
    void open_new(const domain::EntityDesc& entity, std::vector<Prefill> prefill = {});
    void open_edit(RecordRef ref);  // the record is read on the next draw
    bool is_open() const { return entity_ != nullptr; }
    // The record being edited, empty while creating or closed.
    const std::string& edited_id() const { return draft_.id; }
    void close() { finish(std::nullopt, false); }

    // Draws into the remaining region of the current window.
    void draw(ViewContext& ctx);
    std::optional<FormResult> take_result() { return std::exchange(result_, std::nullopt); }

  private:
    void reset(const domain::EntityDesc* entity);
    void load(ViewContext& ctx);
    void start_edits(ViewContext& ctx);
    void draw_fields(ViewContext& ctx);
    void draw_read_only(ViewContext& ctx);
    void draw_footer(ViewContext& ctx);
    void error_line(ViewContext& ctx, std::string_view field);
    void revalidate();
    void save(ViewContext& ctx);
    Result<std::string> save_record(ViewContext& ctx);
    // A message from the last save at `field` (a gate's, a check only the database makes), shown until the
    // field's value changes.
    void keep_error(std::string_view field, std::string message);
    void finish(std::optional<RecordRef> saved, bool report = true);
    void publish(ViewContext& ctx);

    const domain::EntityDesc* entity_ = nullptr;  // null: closed
    bool loaded_ = false;
    bool focus_first_ = false;  // put the keyboard focus into the first field on the first frame
    bool show_errors_ = false;  // after the first attempt to save, messages follow every edit
    domain::Record draft_;
    std::map<std::string, FieldEdit, std::less<>> edits_;          // by form field
    std::map<std::string, ReferencePicker, std::less<>> pickers_;  // by reference field
    std::map<std::string, std::string, std::less<>> errors_;       // field -> localized message
    struct KeptError {
        std::string message;
        nlohmann::json value;  // the field's value when the save failed
    };
    std::map<std::string, KeptError, std::less<>> kept_errors_;
    std::string general_error_;               // a failure that belongs to no form field (storage, not found)
    Language edits_language_ = Language::Ru;  // dates and amounts are typed in the language's form
    std::optional<FormResult> result_;
};

}  // namespace crm::ui
