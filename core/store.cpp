#include "core/store.hpp"

#include <charconv>
#include <utility>

#include "core/domain/ddl.hpp"
#include "core/limits.hpp"
#include "core/storage/meta.hpp"
#include "core/storage/migrations.hpp"
#include "core/sync/client.hpp"

namespace crm {

namespace {
constexpr std::string_view kDeviceIdKey = "device_id";
}  // namespace

Store::Store(storage::Database db, sync::HlcClock clock, std::string device, std::uint64_t id_seed)
    : db_(std::move(db)),
      clock_(std::move(clock)),
      ids_(id_seed == 0 ? UuidGenerator() : UuidGenerator(id_seed)),
      log_(db_, clock_, std::move(device)) {}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, StoreOptions options) {
    if (options.server) {
        options.db.wal = true;
        options.db.cache_kib = limits::kServerPageCacheKiB;
    }
    auto db = storage::Database::open(path, options.db);
    if (!db) return db.error();
    auto before = storage::schema_version(*db);
    if (!before) return before.error();
    CRM_TRY(storage::migrate(*db));
    if (options.server) CRM_TRY(db->exec(domain::server_profile_sql(domain::Registry::app())));
    // The change log of schemas 1 and 2 is gone: give its pages back, once (the page store then saves the
    // smaller file). A new database has nothing to give back.
    if (*before >= 1 && *before < 3) CRM_TRY(db->exec("VACUUM"));

    std::string device = options.device_id;
    auto saved = storage::get_meta(*db, kDeviceIdKey);
    if (!saved) return saved.error();
    if (device.empty()) {
        if (*saved) {
            device = **saved;
        } else {
            UuidGenerator fresh =
                options.id_seed == 0 ? UuidGenerator() : UuidGenerator(options.id_seed ^ 0x5DEECE66DULL);
            device = fresh.make(options.now());
        }
    }
    if (!*saved) CRM_TRY(storage::set_meta(*db, kDeviceIdKey, device));

    sync::HlcClock clock(options.now);
    // The correction of this device's clock learnt from the server (sync::SyncClient), decimal text.
    auto offset = storage::get_meta(*db, sync::SyncClient::kClockOffsetKey);
    if (!offset) return offset.error();
    if (*offset) {
        std::int64_t ms = 0;
        const std::string& text = **offset;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
        if (ec == std::errc() && end == text.data() + text.size()) clock.set_offset_ms(ms);
    }
    auto store =
        std::make_unique<Store>(std::move(db).value(), std::move(clock), std::move(device), options.id_seed);
    CRM_TRY(store->log_.open());
    // The clock resumes after the newest clock ever written, so a restart never goes backwards even when
    // the wall clock did.
    auto newest = store->log_.newest();
    if (!newest) return newest.error();
    store->clock_.restart_at(std::max(store->clock_.last(), *newest));
    return store;
}

}  // namespace crm
