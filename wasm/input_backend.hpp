#pragma once
// Our own ImGui platform backend on emscripten/html5.h (Emscripten's GLFW loses IME text, touch positions,
// clipboard and devicePixelRatio; see docs/automation.md). It feeds ImGui's input queue from DOM events, sizes
// the canvas backing store to CSS size x devicePixelRatio, and keeps the page's hidden text field focused
// while ImGui wants text, so keyboards, IMEs and phone keyboards deliver characters through `input` events.
#include <bitset>
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

namespace crm::web {

struct DisplayInfo {
    float css_w = 0, css_h = 0;  // canvas size in CSS pixels (= ImGui display size)
    int fb_w = 0, fb_h = 0;      // backing store in device pixels
    float pixel_ratio = 1;       // devicePixelRatio
    bool pixel_ratio_changed = false;  // fonts must be rasterised again
};

class InputBackend {
public:
    // Registers the DOM callbacks on the canvas (CSS selector) and the window; sets ImGui's backend flags,
    // IME hooks. Call once, after ImGui::CreateContext; `pixel_ratio` is the one the fonts were built for.
    void install(const char* canvas_selector, float pixel_ratio);

    // Before ImGui::NewFrame: display size and scale, touch long-press and fling. `now_ms` is
    // emscripten_get_now() (performance.now), the clock of every time in this class.
    DisplayInfo begin_frame(double now_ms);
    // After the UI submitted its frame: focuses or blurs the hidden text field, sets the CSS cursor.
    void end_frame();

    // Lets a tap run frames inside the touch handler (see on_touch): the main loop's frame function.
    void set_frame_runner(std::function<void()> run_frame) { run_frame_ = std::move(run_frame); }

    // Time of the last user input (or resize); the main loop renders fewer frames when nothing happens.
    double last_input_ms() const { return last_input_ms_; }
    void note_input(double now_ms) { last_input_ms_ = now_ms; }

    // DOM event handlers (called from the html5.h callbacks in input_backend.cpp).
    bool on_mouse(int event_type, float x, float y, int button, bool ctrl, bool shift, bool alt, bool meta);
    bool on_wheel(float dx, float dy, unsigned long delta_mode, bool ctrl);
    bool on_key(bool down, const char* code, const char* key, unsigned long key_code, bool ctrl, bool shift,
                bool alt, bool meta);
    bool on_touch(int event_type, long identifier, float x, float y, double now_ms);
    void on_window_focus(bool focused);
    // Text from the hidden field or a key press outside it (exported entry points), and Backspaces a phone
    // keyboard or an IME reported only as deleted text. Both keep their order with held mouse events.
    void on_text(const char* utf8);
    void on_backspaces(int count);

private:
    enum class Touch { None, Pending, Scrolling, Dragging };

    void update_modifiers(bool ctrl, bool shift, bool alt, bool meta);
    void release_all_keys();
    void scroll_by(float dx_px, float dy_px);
    void run_tap_frames();
    void add_mouse_pos(float x, float y);
    void add_mouse_button(int button, bool down);
    void flush_held_events();

    // A mouse press at a position the previous frame did not hover waits one frame, as if the pointer had
    // rested there first: ImGui hovers overlapping items (tabs) only if they were hovered the frame before,
    // and a scripted click moves and presses at once. Every later event (mouse, keys, text) is held behind it,
    // so text typed right after a click on a field reaches the field instead of arriving before the click.
    struct HeldEvent {
        enum class Kind { MousePos, MouseButton, Key, Text } kind = Kind::MousePos;
        float x = 0, y = 0;
        int button = 0;
        bool down = false;
        ImGuiKey key = ImGuiKey_None;
        std::string text;
    };
    std::vector<HeldEvent> held_;
    bool mouse_moved_since_frame_ = false;
    bool held_waited_ = false;
    float mouse_x_ = -1, mouse_y_ = -1;

    std::function<void()> run_frame_;
    const char* canvas_ = "#canvas";
    DisplayInfo display_;
    double last_input_ms_ = 0;
    double last_frame_ms_ = -1;  // when the previous frame began (io.DeltaTime)
    bool text_input_active_ = false;
    ImGuiMouseCursor cursor_ = ImGuiMouseCursor_COUNT;
    std::bitset<ImGuiKey_NamedKey_COUNT> keys_down_;

    Touch touch_ = Touch::None;
    long touch_id_ = -1;
    float touch_start_x_ = 0, touch_start_y_ = 0, touch_x_ = 0, touch_y_ = 0;
    double touch_start_ms_ = 0, touch_last_ms_ = 0;
    float velocity_x_ = 0, velocity_y_ = 0;  // CSS px per ms of the finger while scrolling
    bool flinging_ = false;
    double fling_last_ms_ = 0;
};

}  // namespace crm::web
