#include "core/domain/entity.hpp"

#include <cassert>
#include <set>

namespace crm::domain {

namespace {

// The fields every record has, after its own; they came with the table.
void append_system_fields(EntityDesc& e) {
    e.fields.push_back({.name = kCreatedAtField,
                        .type = FieldType::Integer,
                        .label = "field.created_at",
                        .min = 0,
                        .sortable = true,
                        .editable = false,
                        .since_schema = e.since_schema,
                        .default_value = 0});
    e.fields.push_back({.name = kUpdatedAtField,
                        .type = FieldType::Integer,
                        .label = "field.updated_at",
                        .min = 0,
                        .sortable = true,
                        .editable = false,
                        .replicated = false,
                        .since_schema = e.since_schema,
                        .default_value = 0});
    e.fields.push_back({.name = kDeletedField,
                        .type = FieldType::Integer,
                        .label = "field.deleted",
                        .min = 0,
                        .max = 1,
                        .editable = false,
                        .since_schema = e.since_schema,
                        .default_value = 0});
}

}  // namespace

const FieldDesc* EntityDesc::find(std::string_view field) const {
    for (const auto& f : fields)
        if (f.name == field) return &f;
    return nullptr;
}

int EntityDesc::index_of(std::string_view field) const {
    for (std::size_t i = 0; i < fields.size(); ++i)
        if (fields[i].name == field) return static_cast<int>(i);
    return -1;
}

std::optional<std::string> EntityDesc::rows_of_sql(const EntityDesc& parent) const {
    if (access != Access::Child) return std::nullopt;
    const FieldDesc* link = find(parent_field);
    if (link == nullptr) return std::nullopt;
    std::string where = std::string(parent_field) + " = ?1";
    if (!parent_entity_field.empty())
        return where + " AND " + std::string(parent_entity_field) + " = '" + std::string(parent.name) + "'";
    if (link->target != parent.name) return std::nullopt;
    return where;
}

const FieldDesc& EntityDesc::title() const {
    const FieldDesc* f = find(title_field);
    assert(f != nullptr && "EntityDesc: title_field must name a field");
    return *f;
}

Registry::Registry(std::vector<EntityDesc> entities) : entities_(std::move(entities)) {
    for (auto& e : entities_) append_system_fields(e);
}

const EntityDesc* Registry::find(std::string_view name) const {
    for (const auto& e : entities_)
        if (e.name == name) return &e;
    return nullptr;
}

const EntityDesc* Registry::find_table(std::string_view table) const {
    for (const auto& e : entities_)
        if (e.table == table) return &e;
    return nullptr;
}

const EntityDesc& Registry::get(std::string_view name) const {
    const EntityDesc* e = find(name);
    assert(e != nullptr && "Registry::get: unknown entity name");
    return *e;
}

std::vector<std::string> check_descriptor(const Registry& registry, const EntityDesc& e) {
    std::vector<std::string> problems;
    const std::string where(e.name);
    auto need_field = [&](std::string_view name, const char* what) -> const FieldDesc* {
        const FieldDesc* f = e.find(name);
        if (f == nullptr)
            problems.push_back(where + ": " + what + " names unknown field \"" + std::string(name) + "\"");
        return f;
    };
    if (e.name.empty() || e.table.empty()) problems.push_back(where + ": name and table are required");
    if (e.label_one.empty() || e.label_many.empty() || e.label_new.empty())
        problems.push_back(where + ": labels are required");
    std::set<std::string_view> seen;
    for (const auto& f : e.fields) {
        const std::string fw = where + "." + std::string(f.name);
        if (!seen.insert(f.name).second) problems.push_back(fw + ": duplicate field");
        if (f.label.empty()) problems.push_back(fw + ": no label");
        if (f.type == FieldType::Reference && registry.find(f.target) == nullptr)
            problems.push_back(fw + ": reference to unknown entity \"" + std::string(f.target) + "\"");
        if (f.type == FieldType::Enum) {
            if (f.options.empty() == f.option_list.empty())
                problems.push_back(fw + ": an enum needs either fixed options or an option list");
            // Fixed options sort by their position in a space-joined string (sort_key): no key may contain
            // another or a space.
            for (const auto a : f.options)
                for (const auto b : f.options)
                    if (a != b && a.find(b) != std::string_view::npos)
                        problems.push_back(fw + ": option \"" + std::string(a) + "\" contains \"" +
                                           std::string(b) + "\"");
        }
        if (f.since_schema < e.since_schema) problems.push_back(fw + ": field older than its table");
        if (f.sortable && (f.type == FieldType::TextList || f.type == FieldType::GeoPoint))
            problems.push_back(fw + ": this type cannot be sorted");
    }
    if (const FieldDesc* t = need_field(e.title_field, "title_field"); t && t->type != FieldType::Text)
        problems.push_back(where + ": the title field must be text");
    if (!e.subtitle_field.empty()) need_field(e.subtitle_field, "subtitle_field");
    if (const FieldDesc* s = need_field(e.default_sort, "default_sort"); s && !s->sortable)
        problems.push_back(where + ": default_sort is not sortable");
    for (const auto& c : e.columns) need_field(c.field, "a list column");
    for (const auto name : e.form)
        if (const FieldDesc* f = need_field(name, "the form"); f && !f->editable)
            problems.push_back(where + ": the form lists read-only field \"" + std::string(name) + "\"");
    for (const auto& s : e.card)
        for (const auto name : s.fields) need_field(name, "a card section");
    for (const auto& r : e.related) {
        const EntityDesc* child = registry.find(r.entity);
        if (child == nullptr) {
            problems.push_back(where + ": related list of unknown entity \"" + std::string(r.entity) + "\"");
            continue;
        }
        const FieldDesc* via = child->find(r.via);
        if (via == nullptr || via->type != FieldType::Reference || via->target != e.name)
            problems.push_back(where + ": related list via \"" + std::string(r.via) +
                               "\" is not a reference here");
    }
    return problems;
}

}  // namespace crm::domain
