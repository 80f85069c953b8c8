#pragma once
// Timings the benchmark reads through the automation API (perf.* in docs/automation.md): the newest
// limits::kPerfSamples samples of each, so a long session keeps bounded memory and current numbers.
#include <cstddef>
#include <optional>
#include <vector>

namespace crm::ui {

class SampleRing {
  public:
    void add(double ms);
    void clear();
    std::size_t size() const { return samples_.size(); }
    // Nearest-rank percentile (0 < p <= 100) of the kept samples; nullopt when there are none.
    std::optional<double> percentile(double p) const;

  private:
    std::vector<double> samples_;  // grows to kPerfSamples, then the oldest is overwritten
    std::size_t next_ = 0;         // where the next sample goes once full
};

struct PerfStats {
    SampleRing frame_ms;   // CPU time of one frame, NewFrame..RenderDrawData (the platform layer measures it)
    SampleRing ui_ms;      // ...of its NewFrame..Render part: the UI's own work, without the WebGL calls
    SampleRing search_ms;  // a change of the list's search text until its rows are in the list
    void clear() {
        frame_ms.clear();
        ui_ms.clear();
        search_ms.clear();
    }
};

}  // namespace crm::ui
