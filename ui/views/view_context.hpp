#pragma once
// What every view gets while drawing: the data, the platform, the automation registry and the layout.
#include <string>

#include "core/store.hpp"
#include "ui/automation.hpp"
#include "ui/platform.hpp"
#include "ui/theme.hpp"

namespace crm::ui {

struct ViewContext {
    Store& store;
    Platform& platform;
    Automation& automation;
    bool narrow = false;  // phone-sized display: one column, touch-sized targets
    Accents colors{};     // of the current theme
};

enum class RecordKind { Company, Contact };

// A record a view asks to show (a row clicked in the list, a contact on a company card, ...).
struct RecordRef {
    RecordKind kind = RecordKind::Company;
    std::string id;
    bool operator==(const RecordRef&) const = default;
};

inline const char* to_key(RecordKind kind) { return kind == RecordKind::Company ? "company" : "contact"; }

}  // namespace crm::ui
