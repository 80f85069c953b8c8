#include "wasm/automation_api.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <nlohmann/json.hpp>

#include "core/demo/demo_data.hpp"
#include "core/demo/demo_deals.hpp"
#include "core/domain/activity.hpp"
#include "core/limits.hpp"
#include "core/domain/repository.hpp"

namespace crm::web {
namespace {

AutomationSources g_sources;
std::string g_answer;  // the last answer; JS copies it before the next call

const char* answer(const nlohmann::json& j) {
    g_answer = j.dump();
    return g_answer.c_str();
}

const char* phase_name(ui::SyncPhase phase) {
    switch (phase) {
        case ui::SyncPhase::Offline: return "offline";
        case ui::SyncPhase::Pending: return "pending";
        case ui::SyncPhase::Syncing: return "syncing";
        case ui::SyncPhase::Synced: return "synced";
        case ui::SyncPhase::Error: return "error";
        case ui::SyncPhase::SignIn: return "sign_in";
    }
    return "unknown";
}

nlohmann::json ms_or_null(std::optional<double> ms) {
    return ms ? nlohmann::json(*ms) : nlohmann::json(nullptr);
}

// Percentiles are computed here, when asked, so frames pay only for adding a sample.
nlohmann::json perf_fact(std::string_view key) {
    const ui::PerfStats& perf = g_sources.automation->perf();
    if (key == "perf.frame_ms_p50") return ms_or_null(perf.frame_ms.percentile(50));
    if (key == "perf.frame_ms_p95") return ms_or_null(perf.frame_ms.percentile(95));
    if (key == "perf.frame_samples") return perf.frame_ms.size();
    if (key == "perf.ui_ms_p50") return ms_or_null(perf.ui_ms.percentile(50));
    if (key == "perf.ui_ms_p95") return ms_or_null(perf.ui_ms.percentile(95));
    if (key == "perf.search_ms_p50") return ms_or_null(perf.search_ms.percentile(50));
    if (key == "perf.search_ms_p95") return ms_or_null(perf.search_ms.percentile(95));
    if (key == "perf.search_samples") return perf.search_ms.size();
    return nullptr;
}

// Facts the platform knows itself; the UI's own published state wins on a name clash.
nlohmann::json platform_fact(std::string_view key) {
    if (key == "frame" && g_sources.frames != nullptr) return *g_sources.frames;
    if (key == "platform.sync" && g_sources.sync != nullptr) {
        const ui::SyncStatus s = g_sources.sync->status();
        return {{"phase", phase_name(s.phase)}, {"pending", s.pending}, {"last_synced_ms", s.last_synced_ms},
                {"progress", s.progress}, {"message", s.message},
                {"first_cycle_done", g_sources.sync->first_cycle_done()},
                {"signed_in", g_sources.sync->signed_in()},
                {"pages_ahead", g_sources.sync->pages_ahead()}};
    }
    if (key == "platform.display" && g_sources.display != nullptr) {
        const DisplayInfo& d = *g_sources.display;
        return {{"css_w", d.css_w}, {"css_h", d.css_h}, {"fb_w", d.fb_w}, {"fb_h", d.fb_h},
                {"pixel_ratio", d.pixel_ratio}};
    }
    if (key == "platform.storage" && g_sources.pages != nullptr) {
        // Straight from the page store, not from a drawn frame: tests and benchmarks poll it between frames.
        const crm::storage::SaveStatus s = g_sources.pages->store().status();
        const ui::StorageStatus ui = g_sources.pages->status(static_cast<std::int64_t>(emscripten_date_now()));
        return {{"phase", ui::to_key(ui.phase)},
                {"committed_seq", s.committed_seq}, {"saved_seq", s.saved_seq}, {"error", ui.error},
                {"failures", s.failures}, {"batches_sent", s.batches_sent}, {"bytes_sent", s.bytes_sent},
                {"compactions", s.compactions}, {"log_bytes", s.log_bytes},
                {"file_bytes", g_sources.pages->store().file_size()}, {"existing", g_sources.pages->existing()}};
    }
    if (key.starts_with("perf.") && g_sources.automation != nullptr) return perf_fact(key);
    return nullptr;
}

}  // namespace

void bind_automation(AutomationSources sources) { g_sources = sources; }

}  // namespace crm::web

using crm::web::answer;
using crm::web::g_sources;

// {"id": {x,y,w,h}, ...}: every item the last complete frame tagged, in CSS pixels relative to the canvas.
extern "C" EMSCRIPTEN_KEEPALIVE const char* crm_automation_items() {
    if (g_sources.automation == nullptr) return answer(nlohmann::json::object());
    return answer(g_sources.automation->items_json());
}

// {x,y,w,h} of one item, or null when the last frame did not show it.
extern "C" EMSCRIPTEN_KEEPALIVE const char* crm_automation_item(const char* id) {
    if (g_sources.automation == nullptr || id == nullptr) return answer(nullptr);
    const auto rect = g_sources.automation->item(id);
    if (!rect) return answer(nullptr);
    return answer({{"x", rect->x}, {"y", rect->y}, {"w", rect->w}, {"h", rect->h}});
}

// One published value (null when unknown); with an empty key, all of them plus the platform facts.
extern "C" EMSCRIPTEN_KEEPALIVE const char* crm_automation_state(const char* key) {
    const std::string_view k = key != nullptr ? key : "";
    if (k.empty()) {
        nlohmann::json all =
            g_sources.automation != nullptr ? g_sources.automation->state_json() : nlohmann::json::object();
        for (const char* fact : {"frame", "platform.sync", "platform.display", "platform.storage", "perf.frame_ms_p50",
                                 "perf.frame_ms_p95", "perf.frame_samples", "perf.ui_ms_p50", "perf.ui_ms_p95",
                                 "perf.search_ms_p50", "perf.search_ms_p95", "perf.search_samples"}) {
            if (!all.contains(fact)) all[fact] = crm::web::platform_fact(fact);
        }
        return answer(all);
    }
    if (g_sources.automation != nullptr) {
        nlohmann::json value = g_sources.automation->state(k);
        if (!value.is_null()) return answer(value);
    }
    return answer(crm::web::platform_fact(k));
}

extern "C" EMSCRIPTEN_KEEPALIVE double crm_automation_frame() {
    return g_sources.frames != nullptr ? static_cast<double>(*g_sources.frames) : 0.0;
}

// Forgets every frame and search timing, so the next perf.* readings cover only what follows.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_automation_perf_reset() {
    if (g_sources.automation != nullptr) g_sources.automation->perf().clear();
}

// Test/bench only: writes `count` demo contacts (plus their companies) into the page's database through the
// repositories, then reloads the views. Answers {"ok": true} or {"ok": false, "error": "..."}.
extern "C" EMSCRIPTEN_KEEPALIVE const char* crm_test_seed_contacts(int count, double seed) {
    if (g_sources.store == nullptr || g_sources.app == nullptr) {
        return answer({{"ok", false}, {"error", "not started"}});
    }
    const crm::Status generated =
        crm::demo::generate_contacts(*g_sources.store, count, static_cast<std::uint64_t>(seed));
    g_sources.app->data_changed();
    if (!generated) return answer({{"ok", false}, {"error", generated.error().message}});
    return answer({{"ok", true}});
}

// Bench only: the demo pipelines, loss reasons and `count` deals (demo::generate_deals: each deal moved
// through its stages by move_deal) on the companies already in the page (seed contacts first), then reloads
// the views. Answers {"ok": true} or {"ok": false, "error"}.
extern "C" EMSCRIPTEN_KEEPALIVE const char* crm_test_seed_deals(int count, double seed) {
    if (g_sources.store == nullptr || g_sources.app == nullptr) {
        return answer({{"ok", false}, {"error", "not started"}});
    }
    crm::demo::DemoCustomers customers;
    crm::domain::Repository companies = g_sources.store->records(crm::domain::entity::kCompany);
    crm::domain::ListQuery q;
    q.limit = crm::limits::kMaxPageSize;
    q.count_total = false;
    for (;;) {
        auto page = companies.list(q);
        if (!page) return answer({{"ok", false}, {"error", page.error().message}});
        for (const crm::domain::Record& c : page->rows)
            customers.companies.push_back({c.id, c.text("name"), c.text("owner"), {}});
        if (!page->next) break;
        q.after = page->next;
    }
    const crm::Status generated =
        crm::demo::generate_deals(*g_sources.store, customers, count, static_cast<std::uint64_t>(seed));
    g_sources.app->data_changed();
    if (!generated) return answer({{"ok", false}, {"error", generated.error().message}});
    return answer({{"ok", true}});
}

// Test/bench only: `count` done activities (calls, meetings, visits with a report, ...) of company
// `company_id`, one every kSeedTimelineStepMs back from now, written through the repository in one
// transaction, then the views reload: a card with a long timeline. Answers {"ok": true} or {"ok": false, "error"}.
extern "C" EMSCRIPTEN_KEEPALIVE const char* crm_test_seed_timeline(const char* company_id, int count) {
    if (g_sources.store == nullptr || g_sources.app == nullptr || company_id == nullptr) {
        return answer({{"ok", false}, {"error", "not started"}});
    }
    constexpr std::int64_t kSeedTimelineStepMs = 37 * 60 * 1000;  // not on the hour: times read apart
    crm::domain::Repository activities = g_sources.store->records(crm::domain::entity::kActivity);
    const auto& types = crm::domain::activity_type_keys();
    const std::int64_t now = g_sources.store->clock().now();
    auto tx = crm::storage::Transaction::begin(g_sources.store->db());
    if (!tx) return answer({{"ok", false}, {"error", tx.error().message}});
    for (int i = 0; i < count; ++i) {
        crm::domain::Record a(activities.entity());
        const std::int64_t at = now - static_cast<std::int64_t>(i + 1) * kSeedTimelineStepMs;
        a.set("type", std::string(types[static_cast<std::size_t>(i) % types.size()]))
            .set("subject", "Activity " + std::to_string(i + 1))
            .set("company_id", std::string(company_id))
            .set("due_at", at)
            .set("done_at", at)
            .set("result", i % 3 == 0 ? "Report " + std::to_string(i + 1) : std::string());
        auto made = activities.create(std::move(a));
        if (!made) return answer({{"ok", false}, {"error", made.error().message}});
    }
    const crm::Status committed = tx->commit();
    g_sources.app->data_changed();
    if (!committed) return answer({{"ok", false}, {"error", committed.error().message}});
    return answer({{"ok", true}});
}

// Test only: one new contact named `name` saved through the repository, as the form would. Answers
// {"ok": true, "id", "seq"} where seq is the page store commit that contains it, or {"ok": false, "error"}.
extern "C" EMSCRIPTEN_KEEPALIVE const char* crm_test_create_contact(const char* name) {
    if (g_sources.store == nullptr || g_sources.app == nullptr || g_sources.pages == nullptr || name == nullptr) {
        return answer({{"ok", false}, {"error", "not started"}});
    }
    crm::domain::Repository contacts = g_sources.store->records(crm::domain::entity::kContact);
    crm::domain::Record draft(contacts.entity());
    draft.set("name", name);
    auto created = contacts.create(std::move(draft));
    if (!created) return answer({{"ok", false}, {"error", created.error().message}});
    g_sources.app->data_changed();
    return answer({{"ok", true}, {"id", created->id},
                   {"seq", g_sources.pages->store().status().committed_seq}});
}

// Test only: a read-only SQL query on the page's database; answers {"ok": true, "rows": [[...], ...]} (every
// value as text or null) or {"ok": false, "error"}. Statements that would write are refused.
extern "C" EMSCRIPTEN_KEEPALIVE const char* crm_test_sql(const char* sql) {
    if (g_sources.store == nullptr || sql == nullptr) return answer({{"ok", false}, {"error", "not started"}});
    auto stmt = g_sources.store->db().prepare(sql);
    if (!stmt) return answer({{"ok", false}, {"error", stmt.error().message}});
    if (!stmt->read_only()) return answer({{"ok", false}, {"error", "only read-only statements"}});
    nlohmann::json rows = nlohmann::json::array();
    for (;;) {
        auto row = stmt->step();
        if (!row) return answer({{"ok", false}, {"error", row.error().message}});
        if (!*row) break;
        nlohmann::json r = nlohmann::json::array();
        for (int c = 0; c < stmt->column_count(); ++c) {
            if (stmt->is_null(c)) r.push_back(nullptr);
            else r.push_back(stmt->column_text(c));
        }
        rows.push_back(std::move(r));
    }
    return answer({{"ok", true}, {"rows", rows}});
}

// Test/bench only: records of `entity` (any entity of the app's registry, e.g. "activity") made from a JSON
// array of {field: value} objects, saved through the repository in one transaction (so they are in the
// outbox and sync), then the views reload. Answers {"ok": true, "ids": [...]} or {"ok": false, "error"}
// (nothing is kept then).
extern "C" EMSCRIPTEN_KEEPALIVE const char* crm_test_create_records(const char* entity, const char* values_json) {
    if (g_sources.store == nullptr || g_sources.app == nullptr || entity == nullptr || values_json == nullptr) {
        return answer({{"ok", false}, {"error", "not started"}});
    }
    const crm::domain::EntityDesc* desc = g_sources.store->registry().find(entity);
    if (desc == nullptr) return answer({{"ok", false}, {"error", "unknown entity"}});
    const nlohmann::json values = nlohmann::json::parse(values_json, nullptr, false);
    if (!values.is_array()) return answer({{"ok", false}, {"error", "values: a JSON array of objects"}});
    auto tx = crm::storage::Transaction::begin(g_sources.store->db());
    if (!tx) return answer({{"ok", false}, {"error", tx.error().message}});
    crm::domain::Repository repo = g_sources.store->records(*desc);
    nlohmann::json ids = nlohmann::json::array();
    for (const nlohmann::json& item : values) {
        if (!item.is_object()) return answer({{"ok", false}, {"error", "values: a JSON array of objects"}});
        crm::domain::Record draft(*desc);
        for (const auto& [field, value] : item.items()) {
            if (desc->find(field) == nullptr) return answer({{"ok", false}, {"error", "unknown field " + field}});
            draft.set(field, value);
        }
        auto created = repo.create(std::move(draft));
        if (!created) return answer({{"ok", false}, {"error", created.error().message}});
        ids.push_back(created->id);
    }
    if (auto committed = tx->commit(); !committed.ok()) return answer({{"ok", false}, {"error", committed.error().message}});
    g_sources.app->data_changed();
    return answer({{"ok", true}, {"ids", std::move(ids)}});
}
