#pragma once
// UUIDv7 (RFC 9562) as lowercase text: 48-bit Unix ms timestamp + random bits. IDs are made on the
// device, so they must be unique without coordination and sort roughly by creation time.
#include <cstdint>
#include <random>
#include <string>

namespace crm {

class UuidGenerator {
public:
    UuidGenerator();                                  // seeded from std::random_device
    explicit UuidGenerator(std::uint64_t seed);       // deterministic (tests, demo data)
    std::string make(std::int64_t unix_ms);

private:
    std::mt19937_64 rng_;
};

bool is_uuid(std::string_view text);

}  // namespace crm
