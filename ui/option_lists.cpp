#include "ui/option_lists.hpp"

#include "ui/ui_limits.hpp"

namespace crm::ui {

namespace {
// The enum_option field naming the list an option belongs to (core/domain/entities.cpp).
constexpr std::string_view kListField = "list";
}  // namespace

const std::vector<OptionLists::Option>& OptionLists::options(Store& store, const domain::Registry& registry,
                                                             std::string_view list) {
    if (const auto it = lists_.find(list); it != lists_.end()) return it->second;
    std::vector<Option>& kept = lists_[std::string(list)];
    const domain::EntityDesc* options = registry.find(domain::entity::kEnumOption);
    if (options == nullptr) return kept;
    domain::ListQuery q;
    q.equals = {{std::string(kListField), std::string(list)}};
    q.limit = limits::kEnumOptionRows;
    q.count_total = false;
    auto page = domain::Repository(registry, *options, store.db(), store.changes(), store.ids()).list(q);
    if (!page) return kept;  // no options to offer; the form reports a failing store when it saves
    for (const domain::Record& r : page->rows) kept.push_back(Option{r.id, r.text(options->title_field)});
    return kept;
}

std::string_view OptionLists::label(Store& store, const domain::Registry& registry, std::string_view list,
                                    std::string_view id) {
    for (const Option& o : options(store, registry, list))
        if (o.id == id) return o.label;
    return {};
}

}  // namespace crm::ui
