#pragma once
// A registry that is not the app's: one entity with a field of every type (and every text format), so
// each type's validation, encoding and sort order are tested whether or not an app entity uses it yet.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/entity.hpp"

namespace crm::test {

inline constexpr std::string_view kSample = "sample";
inline constexpr std::string_view kSampleKinds = "sample_kind";  // its user-defined option list

// Limits of its own (not the type defaults) where a test checks that a descriptor's limit applies.
inline constexpr std::size_t kSampleTitleBytes = 40;
inline constexpr std::size_t kSampleTagBytes = 16;
inline constexpr std::size_t kSampleTags = 3;
inline constexpr std::size_t kSampleEmails = 2;
inline constexpr std::int64_t kSampleCountMin = -10;
inline constexpr std::int64_t kSampleCountMax = 1000;
inline constexpr std::int64_t kSampleFeeMax = 100'000;

const domain::Registry& sample_registry();

// A parameter of the typed suites: one entity of one registry.
struct EntityCase {
    const domain::Registry* registry;
    std::string_view entity;
    const domain::EntityDesc& desc() const { return registry->get(entity); }
};
// Every entity of the app's registry, so a new entity is covered without touching the suites.
std::vector<EntityCase> app_entities();
// The app's entities and the test registry's.
std::vector<EntityCase> every_entity();
// "company", "test_sample": GoogleTest parameter names.
std::string case_name(const EntityCase& c);
inline void PrintTo(const EntityCase& c, std::ostream* os) {
    *os << case_name(c);
}
inline std::string param_name(const ::testing::TestParamInfo<EntityCase>& p) {
    return case_name(p.param);
}

}  // namespace crm::test
