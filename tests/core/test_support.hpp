#pragma once
// Helpers shared by the core tests: a fake clock and fresh in-memory or on-disk stores.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/store.hpp"

namespace crm::test {

// A controllable wall clock; shared by copy so a test can move time under a Store.
struct FakeClock {
    std::shared_ptr<std::int64_t> ms = std::make_shared<std::int64_t>(1'700'000'000'000);
    sync::NowMs fn() const {
        auto p = ms;
        return [p] { return *p; };
    }
    void advance(std::int64_t delta) { *ms += delta; }
};

inline std::unique_ptr<Store> open_store(const std::string& device, FakeClock& clock, std::uint64_t seed = 7,
                                         const std::string& path = ":memory:") {
    StoreOptions options;
    options.device_id = device;
    options.now = clock.fn();
    options.id_seed = seed;
    auto store = Store::open(path, options);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(store).value() : nullptr;
}

// A unique file path in the temp directory, removed (with SQLite's side files) on destruction.
class TempFile {
public:
    explicit TempFile(const std::string& stem) {
        static int counter = 0;
        path_ = (std::filesystem::temp_directory_path() /
                 (stem + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                  std::to_string(++counter) + ".db"))
                    .string();
        remove();
    }
    ~TempFile() { remove(); }
    const std::string& path() const { return path_; }

private:
    void remove() {
        std::error_code ec;
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix, ec);
    }
    std::string path_;
};

}  // namespace crm::test
