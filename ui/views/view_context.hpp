#pragma once
// What every view gets while drawing: the data and the registry describing it, the platform, the automation
// registry and the layout.
#include <string>

#include "core/domain/entity.hpp"
#include "core/store.hpp"
#include "ui/automation.hpp"
#include "ui/option_lists.hpp"
#include "ui/platform.hpp"
#include "ui/theme.hpp"

namespace crm::ui {

struct ViewContext {
    Store& store;
    const domain::Registry& registry;  // the entities the views show (the app's, or a test registry)
    Platform& platform;
    Automation& automation;
    OptionLists& options;  // user-defined enum options, cached across views
    bool narrow = false;   // phone-sized display: one column, touch-sized targets
    Accents colors{};      // of the current theme

    // The repository of `entity`, resolving references through this context's registry.
    domain::Repository records(const domain::EntityDesc& entity) const {
        return {registry, entity, store.db(), store.changes(), store.ids()};
    }
};

// A record a view asks to show (a row clicked in the list, a contact on a company card, ...). The entity is a
// descriptor of the context's registry, which outlives every view.
struct RecordRef {
    const domain::EntityDesc* entity = nullptr;
    std::string id;
    bool operator==(const RecordRef&) const = default;
};

}  // namespace crm::ui
