#include "core/util/uuid.hpp"

#include <array>

namespace crm {

namespace {

std::uint64_t random_seed() {
    std::random_device device;
    // Two 32-bit draws: random_device yields unsigned int.
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

UuidGenerator::UuidGenerator() : rng_(random_seed()) {}
UuidGenerator::UuidGenerator(std::uint64_t seed) : rng_(seed) {}

std::string UuidGenerator::make(std::int64_t unix_ms) {
    std::array<std::uint8_t, 16> b{};
    const auto ms = static_cast<std::uint64_t>(unix_ms) & 0xFFFFFFFFFFFFull;
    for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
    const std::uint64_t r1 = rng_();
    const std::uint64_t r2 = rng_();
    for (int i = 0; i < 2; ++i) b[6 + i] = static_cast<std::uint8_t>(r1 >> (8 * i));
    for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<std::uint8_t>(r2 >> (8 * i));
    b[6] = static_cast<std::uint8_t>(0x70 | (b[6] & 0x0F));  // version 7
    b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3F));  // RFC 9562 variant

    std::string out;
    out.reserve(36);
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
        out.push_back(kHex[b[i] >> 4]);
        out.push_back(kHex[b[i] & 0x0F]);
    }
    return out;
}

bool is_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

}  // namespace crm
