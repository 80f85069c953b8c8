#include "core/store.hpp"

#include <utility>

#include "core/storage/meta.hpp"
#include "core/storage/migrations.hpp"

namespace crm {

namespace {
constexpr std::string_view kDeviceIdKey = "device_id";

Result<std::int64_t> newest_logged_hlc(storage::Database& db) {
    auto stmt = db.prepare("SELECT coalesce(max(hlc), 0) FROM changes");
    if (!stmt) return stmt.error();
    auto row = stmt->step();
    if (!row) return row.error();
    return *row ? stmt->column_int(0) : 0;
}
}  // namespace

Store::Store(storage::Database db, sync::HlcClock clock, std::string device, std::uint64_t id_seed)
    : db_(std::move(db)),
      clock_(std::move(clock)),
      ids_(id_seed == 0 ? UuidGenerator() : UuidGenerator(id_seed)),
      log_(db_, clock_, std::move(device)) {}

Result<std::unique_ptr<Store>> Store::open(const std::string& path, StoreOptions options) {
    auto db = storage::Database::open(path, options.db);
    if (!db) return db.error();
    CRM_TRY(storage::migrate(*db));

    std::string device = options.device_id;
    auto saved = storage::get_meta(*db, kDeviceIdKey);
    if (!saved) return saved.error();
    if (device.empty()) {
        if (*saved) {
            device = **saved;
        } else {
            UuidGenerator fresh = options.id_seed == 0 ? UuidGenerator() : UuidGenerator(options.id_seed ^ 0x5DEECE66DULL);
            device = fresh.make(options.now());
        }
    }
    if (!*saved) CRM_TRY(storage::set_meta(*db, kDeviceIdKey, device));

    // The clock resumes after the newest change we ever logged, so a restart never goes backwards
    // even when the wall clock did.
    auto newest = newest_logged_hlc(*db);
    if (!newest) return newest.error();
    sync::HlcClock clock(options.now, sync::Hlc::unpack(*newest));
    return std::make_unique<Store>(std::move(db).value(), std::move(clock), std::move(device), options.id_seed);
}

}  // namespace crm
