#include <gtest/gtest.h>

#include <random>

#include "core/limits.hpp"
#include "sync-server/gzip.hpp"

namespace crm::server {
namespace {

std::string sample_text(std::size_t bytes) {
    std::string s;
    while (s.size() < bytes) s += "Иванов Пётр, ООО «Ромашка», +7 495 123-45-67; ";
    s.resize(bytes);
    return s;
}

TEST(ServerGzip, RoundTripsText) {
    const std::string text = sample_text(100'000);
    auto packed = gzip_compress(text);
    ASSERT_TRUE(packed.ok());
    EXPECT_LT(packed->size(), text.size() / 10) << "repetitive text must compress well";
    // gzip magic bytes: the output is gzip, not a raw zlib stream
    ASSERT_GE(packed->size(), 2u);
    EXPECT_EQ(static_cast<unsigned char>((*packed)[0]), 0x1f);
    EXPECT_EQ(static_cast<unsigned char>((*packed)[1]), 0x8b);
    auto unpacked = gzip_decompress(packed.value(), text.size());
    ASSERT_TRUE(unpacked.ok()) << unpacked.error().message;
    EXPECT_EQ(unpacked.value(), text);
}

TEST(ServerGzip, RoundTripsRandomBinaryAndEmptyInput) {
    std::mt19937 rng(7);
    std::string bytes(300'000, '\0');
    for (auto& c : bytes) c = static_cast<char>(rng() & 0xff);
    auto packed = gzip_compress(bytes);
    ASSERT_TRUE(packed.ok());
    EXPECT_EQ(gzip_decompress(packed.value(), bytes.size()).value(), bytes);

    auto empty = gzip_compress("");
    ASSERT_TRUE(empty.ok());
    EXPECT_EQ(gzip_decompress(empty.value(), 0).value(), "");
}

TEST(ServerGzip, DecompressionStopsAtTheCap) {
    const std::string text(1'000'000, 'a');
    const std::string packed = gzip_compress(text).value();
    EXPECT_TRUE(gzip_decompress(packed, text.size()).ok()) << "exactly the cap is allowed";
    auto over = gzip_decompress(packed, text.size() - 1);
    ASSERT_FALSE(over.ok());
    EXPECT_EQ(over.error().reason, "too_large");
}

TEST(ServerGzip, BombIsRefusedAtTheSyncBodyCap) {
    // 64 MiB of zeros is ~64 KiB compressed: it must not be inflated past kMaxSyncBodyBytes.
    const std::string zeros(limits::kMaxSyncBodyBytes * 8, '\0');
    const std::string packed = gzip_compress(zeros).value();
    EXPECT_LT(packed.size(), limits::kMaxSyncBodyBytes / 64);
    auto r = gzip_decompress(packed, limits::kMaxSyncBodyBytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().reason, "too_large");
}

TEST(ServerGzip, CorruptAndTruncatedInputIsMalformed) {
    const std::string packed = gzip_compress(sample_text(5000)).value();
    auto truncated = gzip_decompress(packed.substr(0, packed.size() / 2), 1 << 20);
    ASSERT_FALSE(truncated.ok());
    EXPECT_EQ(truncated.error().reason, "malformed");

    auto garbage = gzip_decompress("this is not gzip at all", 1 << 20);
    ASSERT_FALSE(garbage.ok());
    EXPECT_EQ(garbage.error().reason, "malformed");

    auto empty = gzip_decompress("", 1 << 20);
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().reason, "malformed");

    std::string flipped = packed;
    flipped[flipped.size() - 6] = static_cast<char>(flipped[flipped.size() - 6] ^ 0x55);  // CRC32 trailer
    auto bad_crc = gzip_decompress(flipped, 1 << 20);
    ASSERT_FALSE(bad_crc.ok());
    EXPECT_EQ(bad_crc.error().reason, "malformed");
}

TEST(ServerGzip, ConcatenatedMembersAreOneBody) {
    const std::string packed = gzip_compress("hello, ").value() + gzip_compress("мир").value();
    EXPECT_EQ(gzip_decompress(packed, 100).value(), "hello, мир");
}

}  // namespace
}  // namespace crm::server
