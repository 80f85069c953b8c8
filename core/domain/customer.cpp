#include "core/domain/customer.hpp"

namespace crm::domain {

std::string_view to_key(JourneyStage stage) {
    switch (stage) {
        case JourneyStage::Awareness: return "awareness";
        case JourneyStage::Interest: return "interest";
        case JourneyStage::Decision: return "decision";
        case JourneyStage::Purchase: return "purchase";
        case JourneyStage::Retention: return "retention";
        case JourneyStage::Advocacy: return "advocacy";
    }
    return "awareness";
}

std::optional<JourneyStage> journey_stage_from_key(std::string_view key) {
    for (JourneyStage s : kJourneyStages)
        if (to_key(s) == key) return s;
    return std::nullopt;
}

}  // namespace crm::domain
