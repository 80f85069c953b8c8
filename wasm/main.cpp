// The browser entry point: a WebGL2 context on the page's canvas, Dear ImGui with our html5.h backend and its
// OpenGL ES 3 renderer, the core Store, the UI and the sync driver, then one ImGui frame per animation frame.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include <GLES3/gl3.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

#include "core/store.hpp"
#include "ui/app.hpp"
#include "wasm/automation_api.hpp"
#include "wasm/browser_platform.hpp"
#include "wasm/input_backend.hpp"
#include "wasm/page_persistence.hpp"
#include "wasm/sync_driver.hpp"
#include "wasm/wasm_limits.hpp"

EM_JS(void, crm_js_fatal, (const char* message), { crmGlue.fatal(UTF8ToString(message)); });
EM_JS(void, crm_js_first_frame, (), { crmGlue.firstFrame(); });
EM_JS(void, crm_js_ready, (), { crmGlue.ready(); });
EM_JS(void, crm_js_data_shown, (), { crmGlue.dataShown(); });
// A step of the start (window.crm.timing.steps, web/timing.js) that began at start_ms and ends now.
EM_JS(void, crm_js_step, (const char* name, double start_ms), { crmGlue.step(UTF8ToString(name), start_ms); });
// The device id the early first request used (web/start_early.js), for a new database: the server binds the
// session to the device that first syncs with it. Malloc'd; empty when none.
EM_JS(char*, crm_js_device_hint, (), {
    const value = crmGlue.deviceHint();
    const size = lengthBytesUTF8(value) + 1;
    const ptr = _malloc(size);
    stringToUTF8(value, ptr, size);
    return ptr;
});
EM_JS(void, crm_js_device_opened, (const char* id), { crmGlue.deviceOpened(UTF8ToString(id)); });

namespace {

constexpr const char* kCanvas = "#canvas";
constexpr const char* kFontPath = "/fonts/ui.ttf";  // packed into crm.data by wasm/CMakeLists.txt

std::string take_js_string(char* text) {
    std::string out = text != nullptr ? text : "";
    std::free(text);
    return out;
}

// Everything the page keeps alive: the main loop never returns, so these live on the heap, never freed.
// Tells the page once, at the end of the first frame that began with a condition holding: that frame has
// drawn what the condition made available (JavaScript measures "shown", not "in memory"). Sampled before the
// frame is built, so data that arrives during a frame (its second sync tick) counts for the next one; the
// frame that first holds it is not made to wait for another (a whole frame on a slow phone).
struct OnceShown {
    bool sent = false;
    void frame_drawn(bool held_when_frame_began, void (*notify)()) {
        if (sent || !held_when_frame_began) return;
        sent = true;
        notify();
    }
};

struct Page {
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
    std::unique_ptr<crm::Store> store;
    std::unique_ptr<crm::web::SyncDriver> sync;
    std::unique_ptr<crm::web::BrowserPlatform> platform;
    std::unique_ptr<crm::ui::App> app;
    crm::web::InputBackend input;
    crm::web::DisplayInfo display;
    std::int64_t frames = 0;
    OnceShown ready;       // the frame that shows the saved data, or the first sync's
    OnceShown data_shown;  // the saved data, or a first sync's first page (the rest still comes)
    int idle_skips = 0;
};

Page* g_page = nullptr;

void render_frame() {
    Page& page = *g_page;
    const double now = emscripten_get_now();
    const auto now_ms = static_cast<std::int64_t>(emscripten_date_now());
    // A new device's first page may be applied right here (the answer start_early.js asked for is handed
    // over at once): this frame then draws it.
    page.sync->tick(now_ms);
    crm::web::PagePersistence::instance().tick(now_ms);
    // Data saved on this device shows at once; a first start waits for the server's data.
    const bool data_here = crm::web::PagePersistence::instance().existing();
    const bool data_before = data_here || page.sync->data_received() || page.sync->first_cycle_done();
    const bool ready_before = data_here || page.sync->first_cycle_done();

    // Nothing happens (no input, no sync, no text caret blinking): draw only every Nth animation frame,
    // which saves a phone's battery. The first frames and the ready frame always run.
    const bool idle = page.ready.sent && !page.sync->busy() && !ImGui::GetIO().WantTextInput &&
                      now - page.input.last_input_ms() > crm::limits::kIdleAfterMs;
    if (idle && ++page.idle_skips % crm::limits::kIdleFrameDivisor != 0) return;

    page.display = page.input.begin_frame(now);
    if (page.display.pixel_ratio_changed) {
        // Moved to a screen with another devicePixelRatio, or zoomed: rasterise the fonts again.
        page.app->init_style(kFontPath, page.display.pixel_ratio);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }

    const double frame_start = emscripten_get_now();  // CPU time of the frame for perf.frame_ms_*
    ImGui_ImplOpenGL3_NewFrame();  // the first one rasterises the font atlas and makes the GL objects
    if (page.frames == 0) crm_js_step("frame.first.atlas", frame_start);
    const double ui_start = emscripten_get_now();
    ImGui::NewFrame();
    page.app->frame();
    if (page.frames == 0) crm_js_step("frame.first.ui", ui_start);
    // A save made in this frame is seen now, not one animation frame later: the push goes out sooner.
    page.sync->tick(now_ms);
    ImGui::Render();
    page.app->automation().perf().ui_ms.add(emscripten_get_now() - frame_start);  // without WebGL submission
    page.input.end_frame();

    glViewport(0, 0, page.display.fb_w, page.display.fb_h);
    glClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    page.app->automation().perf().frame_ms.add(emscripten_get_now() - frame_start);
    if (++page.frames == 1) crm_js_first_frame();  // the loading screen goes away

    page.data_shown.frame_drawn(data_before, crm_js_data_shown);
    page.ready.frame_drawn(ready_before, crm_js_ready);
}

bool create_gl_context(Page& page) {
    // web/loader.js made this canvas's context already, with these same attributes (makeWebGL2Context): this
    // call gets that one.
    EmscriptenWebGLContextAttributes attrs;
    emscripten_webgl_init_context_attributes(&attrs);
    attrs.majorVersion = 2;
    attrs.minorVersion = 0;
    attrs.alpha = EM_FALSE;
    attrs.antialias = EM_FALSE;  // ImGui anti-aliases its own shapes
    attrs.depth = EM_FALSE;
    attrs.stencil = EM_FALSE;
    attrs.premultipliedAlpha = EM_TRUE;
    // ImGui's WebGL 2 renderer uses no extension: asking the browser for each of them (one GPU process round
    // trip each) cost ~0.15 s of a slow phone's start.
    attrs.enableExtensionsByDefault = EM_FALSE;
    page.gl = emscripten_webgl_create_context(kCanvas, &attrs);
    if (page.gl <= 0) return false;
    return emscripten_webgl_make_context_current(page.gl) == EMSCRIPTEN_RESULT_SUCCESS;
}

}  // namespace

int main() {
    g_page = new Page();
    Page& page = *g_page;
    double step_start = emscripten_get_now();
    if (!create_gl_context(page)) {
        crm_js_fatal("webgl2");
        return 1;
    }
    crm_js_step("main.context", step_start);

    // app.js loaded the saved chunks into the page store before calling main (crm_pages_load_many/finish).
    step_start = emscripten_get_now();
    crm::web::PagePersistence& pages = crm::web::PagePersistence::instance();
    crm::StoreOptions options;
    options.db.vfs = pages.store().vfs_name();
    options.db.memory_journal = true;
    if (!pages.existing()) options.device_id = take_js_string(crm_js_device_hint());
    auto store = crm::Store::open(pages.store().file_name(), options);
    if (!store.ok()) {
        // The saved copy stays untouched in IndexedDB (nothing is written to it from here on); the rep can
        // still work and sync from memory.
        pages.finish(false, false, "the saved database could not be opened: " + store.error().message);
        store = crm::Store::open(":memory:");
    }
    if (!store.ok()) {
        crm_js_fatal(("database: " + store.error().message).c_str());
        return 1;
    }
    page.store = std::move(store.value());
    crm_js_device_opened(page.store->device_id().c_str());
    crm_js_step("main.store", step_start);
    step_start = emscripten_get_now();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    const float pixel_ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    page.input.install(kCanvas, pixel_ratio);
    page.input.set_frame_runner(render_frame);

    page.sync = std::make_unique<crm::web::SyncDriver>(*page.store);
    page.platform = std::make_unique<crm::web::BrowserPlatform>(*page.sync, pages);
    page.platform->install_imgui_clipboard();
    page.app = std::make_unique<crm::ui::App>(*page.store, *page.platform);
    crm_js_step("main.app", step_start);
    step_start = emscripten_get_now();
    page.app->init_style(kFontPath, pixel_ratio);
    crm_js_step("main.fonts", step_start);
    step_start = emscripten_get_now();
    page.sync->set_on_pull([&pages](bool applying, bool last) {
        pages.pulled(applying, last, static_cast<std::int64_t>(emscripten_date_now()));
    });
    // New records default their owner to the signed-in user (Store::set_actor).
    const auto identify = [&page](bool) {
        const crm::ui::Session& session = page.platform->refresh_session();
        if (session.user) page.store->set_actor(session.user->id);
    };
    identify(true);
    page.sync->set_on_auth(identify);
    page.sync->set_on_data_changed([&page] {
        page.app->data_changed();
        page.input.note_input(emscripten_get_now());  // show the new data at full frame rate
    });

    if (!ImGui_ImplOpenGL3_Init("#version 300 es")) {
        crm_js_fatal("webgl2");
        return 1;
    }
    crm_js_step("main.gl", step_start);
    crm::web::bind_automation({&page.app->automation(), &page.frames, page.sync.get(), &page.display,
                               page.store.get(), page.app.get(), &pages});
    page.sync->start(static_cast<std::int64_t>(emscripten_date_now()));

    // 0 fps: the browser's animation frame; simulate_infinite_loop keeps main's callers from running on.
    emscripten_set_main_loop(render_frame, 0, 1);
    return 0;
}
