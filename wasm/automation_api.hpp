#pragma once
// The JS automation API's C side (docs/automation.md): exported functions answering JSON strings from the
// UI's Automation registry plus a few platform facts (frame count, sync status, display). web/app.js wraps
// them as window.crm.
#include <cstdint>

#include "core/store.hpp"
#include "ui/app.hpp"
#include "ui/automation.hpp"
#include "wasm/input_backend.hpp"
#include "wasm/page_persistence.hpp"
#include "wasm/sync_driver.hpp"

namespace crm::web {

struct AutomationSources {
    ui::Automation* automation = nullptr;
    const std::int64_t* frames = nullptr;  // frames rendered so far
    const SyncDriver* sync = nullptr;
    const DisplayInfo* display = nullptr;
    Store* store = nullptr;   // the page's database: test/bench seeding writes into it
    ui::App* app = nullptr;   // ...and then makes the views reload
    PagePersistence* pages = nullptr;
};

// Called once by main before the first frame; the pointers stay valid for the page's life.
void bind_automation(AutomationSources sources);

}  // namespace crm::web
