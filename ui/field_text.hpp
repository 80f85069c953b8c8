#pragma once
// How a field's value reads on screen, per field type: list cells and card rows both come from here, so a
// money amount or a date reads the same everywhere.
#include <string>

#include "core/domain/record.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

enum class TextForm {
    Cell,  // one line for a list cell: a list's first item, a long text's first line, a date-time's day; ""
           // if empty
    Full,  // the card: every item on its own line, "—" when empty
};

std::string field_text(ViewContext& ctx, const domain::FieldDesc& field, const domain::Record& record,
                       TextForm form);

// The type a field is shown as: its own, except the system times (created, updated), kept as integer Unix ms
// by the registry and shown as date-times.
domain::FieldType shown_type(const domain::FieldDesc& field);

// What an empty reference or enum reads as: the field's own "<label>.none" text when it has one.
std::string none_text(const domain::FieldDesc& field);

// The text of one option of an enum field: a fixed key's label, or a user-defined option's own label.
std::string enum_text(ViewContext& ctx, const domain::FieldDesc& field, std::string_view value);

}  // namespace crm::ui
