#pragma once
// The options of user-defined enum lists: records of the enum_option entity, read once per list and kept
// until the data changes, so list cells, card rows and combos never query per frame.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/entity.hpp"
#include "core/store.hpp"

namespace crm::ui {

class OptionLists {
  public:
    struct Option {
        std::string id;
        std::string label;
    };
    // The live options of `list` in their order; empty when the registry has no option entity.
    const std::vector<Option>& options(Store& store, const domain::Registry& registry, std::string_view list);
    // The label of option `id` of `list`; empty when it is not a live option of it.
    std::string_view label(Store& store, const domain::Registry& registry, std::string_view list,
                           std::string_view id);
    void invalidate() { lists_.clear(); }

  private:
    std::map<std::string, std::vector<Option>, std::less<>> lists_;
};

}  // namespace crm::ui
