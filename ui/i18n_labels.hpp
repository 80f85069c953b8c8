#pragma once
// The label catalogue: texts the entity descriptors name by key ("entity.companies", "field.phones",
// "option.journey_stage.awareness", "card.contacts", ...), each in Russian and English. The fixed texts of
// the screens stay in the Str catalogue (ui/i18n.hpp); this one grows with the registry.
//
// Keys the views derive from a descriptor (besides the keys it names itself):
//   option.<field>.<key>   a fixed enum option
//   <label_one>.edit       the form title while editing a record of the entity ("Изменение компании")
//   <field label>.none     optional: what an empty reference reads ("Частное лицо"); else Str::NoneChoice
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/domain/entity.hpp"

namespace crm::ui {

// The text of `key` in the current language. An unknown key reads as the key itself, so a missing label
// shows up on screen instead of vanishing; tests/ui/labels_test.cpp fails on any the app's registry needs.
const char* label(std::string_view key);
// The text with each "{}" replaced by the next argument, in order.
std::string labelf(std::string_view key, std::initializer_list<std::string_view> args);
// Whether the catalogue has a non-empty Russian and English text for `key`.
bool has_label(std::string_view key);

std::string option_key(std::string_view field, std::string_view option);  // "option.<field>.<key>"
std::string edit_title_key(const domain::EntityDesc& entity);             // "<label_one>.edit"
std::string none_key(const domain::FieldDesc& field);                     // "<field label>.none"

const char* field_label(const domain::FieldDesc& field);
const char* option_label(const domain::FieldDesc& field, std::string_view option);

}  // namespace crm::ui
