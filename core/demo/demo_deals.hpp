#pragma once
// Demo sales pipelines: two pipelines with Russian stages, the team's loss reasons, and deals over the
// past year attached to the demo customers, each moved through its stages by domain::move_deal (so the
// histories, statuses and dates follow the same rules as a rep's moves, and everything syncs).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/store.hpp"

namespace crm::demo {

// The customers deals can be attached to (made by demo::generate).
struct DemoCustomers {
    struct Company {
        std::string id;
        std::string name;
        std::string owner;
        std::vector<std::size_t> contacts;  // indexes into `people` of those working there
    };
    struct Person {
        std::string id;
        std::string name;
        std::string owner;
        bool private_person = false;  // works at none of the companies
    };
    std::vector<Company> companies;
    std::vector<Person> people;
};

// The pipelines' names in Russian (the demo's language), first the new-business one.
inline constexpr const char* kDemoSalesPipeline = "Продажи";
inline constexpr const char* kDemoRepeatPipeline = "Повторные продажи";

// Writes the pipelines, stages and loss reasons, then `deals` deals created within the last
// limits::kDemoDealHistoryDays days of the store's clock. Deterministic for a seed and a clock.
// Needs at least one customer when `deals` > 0.
Status generate_deals(Store& store, const DemoCustomers& customers, int deals, std::uint64_t seed);

}  // namespace crm::demo
