#pragma once
// The form's input widget per field type. Text-like types are edited as text (FieldEdit) and turned into the
// field's value on every edit, so the form's draft always holds what a save would write; checkboxes, combos
// and the place edit the draft's value directly. References have a picker of their own
// (ui/views/reference_picker.hpp), drawn by the form.
//
// Automation ids (<f> = field name): form.field.<f> the main widget; text lists: form.<f>.<i>,
// form.<f>.<i>.remove, form.<f>.add; free text with suggestions: form.<f>.suggest, form.<f>.suggest.<i>;
// money: form.<f>.currency, form.<f>.currency.<CODE>; enums: form.<f>.none, form.<f>.option.<key> (fixed
// keys) or form.<f>.option.<i> (user-defined options); place: form.<f>.clear.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/domain/record.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

// What is typed into one field before it becomes a value.
struct FieldEdit {
    std::string text;                      // Text, LongText, Integer, Money amount, Date, DateTime
    std::vector<std::string> items;        // TextList rows (one empty row to type into)
    std::string currency;                  // Money
    std::string ref_title;                 // Reference: the chosen record's title
    bool malformed = false;                // the text does not read as a value of the type
    std::optional<std::size_t> focus_row;  // TextList: a row just added gets the focus
    std::optional<std::vector<std::string>> suggestions;  // Text with suggestions: values in use
};

// The buffer for a stored value (the form opening a record, or a new one's default).
FieldEdit edit_of(ViewContext& ctx, const domain::FieldDesc& field, const domain::Record& record);
// Writes what `edit` means into `record` (null when the text is empty or malformed; sets edit.malformed).
void commit_edit(ViewContext& ctx, const domain::FieldDesc& field, FieldEdit& edit, domain::Record& record);
// Whether the field is edited through FieldEdit's text (so a language change re-renders it).
bool edited_as_text(const domain::FieldDesc& field);

struct FieldEditor {
    ViewContext& ctx;
    const domain::FieldDesc& field;
    FieldEdit& edit;
    domain::Record& draft;
    bool show_errors = false;  // after the first save attempt: malformed list rows get a red frame
    bool focus = false;        // give the widget the keyboard focus this frame
};

// Draws the field's label and widget (not references). Returns true when Enter was pressed in a one-line
// text input, which saves the form.
bool draw_field_editor(FieldEditor& editor);

// Gives the next item the keyboard focus. ImGui only moves focus within the focused window's focus scope, and
// the form's body is a child window of its own, so it is focused first (the click was elsewhere: "New").
void focus_next_item();

}  // namespace crm::ui
