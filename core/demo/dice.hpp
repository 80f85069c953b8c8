#pragma once
// The demo generators' randomness. mt19937_64's output sequence is fixed by the standard, unlike the
// distributions, so picking by modulo keeps the data identical on every platform (native and wasm).
#include <cstddef>
#include <cstdint>
#include <random>
#include <span>
#include <string>

namespace crm::demo {

class Dice {
  public:
    explicit Dice(std::uint64_t seed) : rng_(seed) {}
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
    // In [lo, hi], both included.
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(below(static_cast<std::size_t>(hi - lo + 1)));
    }
    bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
    template <typename T>
    const T& pick(std::span<const T> items) {
        return items[below(items.size())];
    }
    // Index by weight: weights {30, 20} pick 0 three times out of five.
    std::size_t weighted(std::span<const int> weights) {
        int total = 0;
        for (int w : weights) total += w;
        int roll = static_cast<int>(below(static_cast<std::size_t>(total)));
        for (std::size_t i = 0; i < weights.size(); ++i) {
            if (roll < weights[i]) return i;
            roll -= weights[i];
        }
        return weights.size() - 1;
    }
    std::string digits(int count) {
        std::string s;
        for (int i = 0; i < count; ++i) s.push_back(static_cast<char>('0' + below(10)));
        return s;
    }

  private:
    std::mt19937_64 rng_;
};

}  // namespace crm::demo
