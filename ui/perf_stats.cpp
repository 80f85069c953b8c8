#include "ui/perf_stats.hpp"

#include <algorithm>
#include <cmath>

#include "ui/ui_limits.hpp"

namespace crm::ui {

void SampleRing::add(double ms) {
    if (samples_.size() < limits::kPerfSamples) {
        samples_.push_back(ms);
        return;
    }
    samples_[next_] = ms;
    next_ = (next_ + 1) % limits::kPerfSamples;
}

void SampleRing::clear() {
    samples_.clear();
    next_ = 0;
}

std::optional<double> SampleRing::percentile(double p) const {
    if (samples_.empty()) return std::nullopt;
    // Read on demand (a test asks once), never per frame: a sorted copy is cheap enough here.
    std::vector<double> sorted = samples_;
    const double rank = std::ceil(std::clamp(p, 0.0, 100.0) / 100.0 * static_cast<double>(sorted.size()));
    const std::size_t at = std::clamp<std::size_t>(static_cast<std::size_t>(rank), 1, sorted.size()) - 1;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(at), sorted.end());
    return sorted[at];
}

}  // namespace crm::ui
