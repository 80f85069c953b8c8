#include "core/domain/record.hpp"

#include <cassert>

namespace crm::domain {

Record::Record(const EntityDesc& entity) : entity_(&entity) {
    values_.reserve(entity.fields.size());
    for (const auto& f : entity.fields)
        values_.push_back(f.default_value.is_null() ? empty_value(f) : f.default_value);
}

const EntityDesc& Record::entity() const {
    assert(entity_ != nullptr && "Record: no entity (default-constructed)");
    return *entity_;
}

const nlohmann::json& Record::get(std::string_view field) const {
    const int i = entity().index_of(field);
    assert(i >= 0 && "Record::get: the entity has no such field");
    return values_[static_cast<std::size_t>(i)];
}

Record& Record::set(std::string_view field, nlohmann::json value) {
    const int i = entity().index_of(field);
    assert(i >= 0 && "Record::set: the entity has no such field");
    values_[static_cast<std::size_t>(i)] = std::move(value);
    return *this;
}

std::string Record::text(std::string_view field) const {
    const auto& v = get(field);
    return v.is_string() ? v.get<std::string>() : std::string();
}

std::vector<std::string> Record::list(std::string_view field) const {
    std::vector<std::string> out;
    const auto& v = get(field);
    if (!v.is_array()) return out;
    for (const auto& item : v)
        if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

std::int64_t Record::integer(std::string_view field) const {
    const auto& v = get(field);
    return v.is_number_integer() ? v.get<std::int64_t>() : 0;
}

bool Record::boolean(std::string_view field) const {
    const auto& v = get(field);
    return v.is_boolean() && v.get<bool>();
}

std::string Record::ref_title(std::string_view field) const {
    const auto it = ref_titles.find(field);
    return it == ref_titles.end() ? std::string() : it->second;
}

}  // namespace crm::domain
