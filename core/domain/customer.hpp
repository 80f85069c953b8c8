#pragma once
// Companies and contacts: the two kinds of customer record of schema v1.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::domain {

// Where a customer is on their journey with us. Stored as the key text.
enum class JourneyStage { Awareness, Interest, Decision, Purchase, Retention, Advocacy };
inline constexpr std::array<JourneyStage, 6> kJourneyStages = {
    JourneyStage::Awareness, JourneyStage::Interest,  JourneyStage::Decision,
    JourneyStage::Purchase,  JourneyStage::Retention, JourneyStage::Advocacy};
std::string_view to_key(JourneyStage stage);  // "awareness", ...
std::optional<JourneyStage> journey_stage_from_key(std::string_view key);

struct Company {
    std::string id;  // UUIDv7, made on the device
    std::string name;
    std::vector<std::string> phones;
    std::vector<std::string> emails;
    std::string address;
    std::string notes;
    JourneyStage journey_stage = JourneyStage::Awareness;
    std::string owner;  // the responsible rep (user login until users exist)
    std::int64_t created_at = 0;  // Unix ms
    std::int64_t updated_at = 0;  // Unix ms of the newest change applied to the record
    int contact_count = 0;        // derived on read: live contacts of this company
};

struct Contact {
    std::string id;
    std::string name;
    std::string company_id;    // empty: a private person
    std::string company_name;  // derived on read from company_id
    std::vector<std::string> phones;
    std::vector<std::string> emails;
    std::string position;
    std::string address;
    std::string notes;
    JourneyStage journey_stage = JourneyStage::Awareness;
    std::string owner;
    std::int64_t created_at = 0;
    std::int64_t updated_at = 0;
};

}  // namespace crm::domain
