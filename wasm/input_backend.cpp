#include "wasm/input_backend.hpp"

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>
#include <string_view>

#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui_internal.h>  // the input queue's length, for run_tap_frames

#include "wasm/key_map.hpp"
#include "wasm/wasm_limits.hpp"

// The page side of these lives in web/app.js (window.crmGlue).
EM_JS(void, crm_js_set_text_input, (int active), { crmGlue.setTextInput(active !== 0); });
EM_JS(void, crm_js_place_text_input, (float x, float y, float line_height),
      { crmGlue.placeTextInput(x, y, line_height); });
EM_JS(void, crm_js_set_cursor, (const char* css), { crmGlue.setCursor(UTF8ToString(css)); });
EM_JS(void, crm_js_canvas_origin, (float* out), {
    const r = crmGlue.canvasRect();
    HEAPF32[out >> 2] = r.left;
    HEAPF32[(out >> 2) + 1] = r.top;
});
EM_JS(int, crm_js_is_mac, (), { return crmGlue.isMac() ? 1 : 0; });

namespace crm::web {
namespace {

InputBackend* g_backend = nullptr;  // the one backend; the exported text entry point needs it
float g_origin[2] = {0, 0};         // canvas top-left in client coordinates, refreshed every frame

constexpr int kImGuiButtonFromDom[3] = {0, 2, 1};  // DOM: 0 left, 1 middle, 2 right
// Frames a tap needs before ImGui reports a text field active: hover, press, release (+1 for the hover reset).
constexpr int kMaxTapFrames = 5;

const char* css_cursor(ImGuiMouseCursor cursor) {
    switch (cursor) {
        case ImGuiMouseCursor_None: return "none";
        case ImGuiMouseCursor_TextInput: return "text";
        case ImGuiMouseCursor_ResizeAll: return "move";
        case ImGuiMouseCursor_ResizeNS: return "ns-resize";
        case ImGuiMouseCursor_ResizeEW: return "ew-resize";
        case ImGuiMouseCursor_ResizeNESW: return "nesw-resize";
        case ImGuiMouseCursor_ResizeNWSE: return "nwse-resize";
        case ImGuiMouseCursor_Hand: return "pointer";
        case ImGuiMouseCursor_NotAllowed: return "not-allowed";
        default: return "default";
    }
}

EM_BOOL mouse_cb(int type, const EmscriptenMouseEvent* e, void* user) {
    auto* self = static_cast<InputBackend*>(user);
    return self->on_mouse(type, static_cast<float>(e->clientX) - g_origin[0],
                          static_cast<float>(e->clientY) - g_origin[1], e->button, e->ctrlKey, e->shiftKey,
                          e->altKey, e->metaKey);
}

EM_BOOL wheel_cb(int, const EmscriptenWheelEvent* e, void* user) {
    auto* self = static_cast<InputBackend*>(user);
    // The wheel scrolls what is under the pointer: move it there first.
    self->on_mouse(EMSCRIPTEN_EVENT_MOUSEMOVE, static_cast<float>(e->mouse.clientX) - g_origin[0],
                   static_cast<float>(e->mouse.clientY) - g_origin[1], 0, e->mouse.ctrlKey, e->mouse.shiftKey,
                   e->mouse.altKey, e->mouse.metaKey);
    return self->on_wheel(static_cast<float>(e->deltaX), static_cast<float>(e->deltaY), e->deltaMode,
                          e->mouse.ctrlKey);
}

EM_BOOL key_cb(int type, const EmscriptenKeyboardEvent* e, void* user) {
    auto* self = static_cast<InputBackend*>(user);
    return self->on_key(type == EMSCRIPTEN_EVENT_KEYDOWN, e->code, e->key, e->keyCode, e->ctrlKey, e->shiftKey,
                        e->altKey, e->metaKey);
}

EM_BOOL touch_cb(int type, const EmscriptenTouchEvent* e, void* user) {
    auto* self = static_cast<InputBackend*>(user);
    for (int i = 0; i < e->numTouches; ++i) {
        const EmscriptenTouchPoint& t = e->touches[i];
        if (!t.isChanged) continue;
        self->on_touch(type, t.identifier, static_cast<float>(t.clientX) - g_origin[0],
                       static_cast<float>(t.clientY) - g_origin[1], emscripten_get_now());
    }
    // Always take touches on the canvas: no compatibility mouse events, no double-tap zoom, no page pan.
    return EM_TRUE;
}

EM_BOOL resize_cb(int, const EmscriptenUiEvent*, void* user) {
    static_cast<InputBackend*>(user)->note_input(emscripten_get_now());  // render at full rate again
    return EM_FALSE;
}

EM_BOOL focus_cb(int type, const EmscriptenFocusEvent*, void* user) {
    static_cast<InputBackend*>(user)->on_window_focus(type == EMSCRIPTEN_EVENT_FOCUS);
    return EM_FALSE;
}

}  // namespace

void InputBackend::install(const char* canvas_selector, float pixel_ratio) {
    assert(g_backend == nullptr && "one input backend per page");
    g_backend = this;
    canvas_ = canvas_selector;
    display_.pixel_ratio = pixel_ratio;

    ImGuiIO& io = ImGui::GetIO();
    io.BackendPlatformName = "crm_html5";
    io.BackendFlags |= ImGuiBackendFlags_HasMouseCursors;
    io.ConfigMacOSXBehaviors = crm_js_is_mac() != 0;  // Cmd instead of Ctrl for shortcuts on Macs
    io.IniFilename = nullptr;  // window layout is the app's business, not a file in MEMFS
    io.SetPlatformImeDataFn = [](ImGuiViewport*, ImGuiPlatformImeData* data) {
        // Keeps the hidden field at the caret: IME candidate windows and phone keyboards follow it.
        if (data->WantVisible) crm_js_place_text_input(data->InputPos.x, data->InputPos.y, data->InputLineHeight);
    };

    const char* win = EMSCRIPTEN_EVENT_TARGET_WINDOW;
    emscripten_set_mousedown_callback(canvas_, this, EM_TRUE, mouse_cb);
    emscripten_set_mouseleave_callback(canvas_, this, EM_TRUE, mouse_cb);
    // Moves and releases outside the canvas still belong to a drag that started on it.
    emscripten_set_mousemove_callback(win, this, EM_TRUE, mouse_cb);
    emscripten_set_mouseup_callback(win, this, EM_TRUE, mouse_cb);
    emscripten_set_wheel_callback(canvas_, this, EM_TRUE, wheel_cb);
    emscripten_set_keydown_callback(win, this, EM_TRUE, key_cb);
    emscripten_set_keyup_callback(win, this, EM_TRUE, key_cb);
    emscripten_set_touchstart_callback(canvas_, this, EM_TRUE, touch_cb);
    emscripten_set_touchmove_callback(canvas_, this, EM_TRUE, touch_cb);
    emscripten_set_touchend_callback(canvas_, this, EM_TRUE, touch_cb);
    emscripten_set_touchcancel_callback(canvas_, this, EM_TRUE, touch_cb);
    // Not captured: only the window's own focus changes, not those of elements inside it.
    emscripten_set_focus_callback(win, this, EM_FALSE, focus_cb);
    emscripten_set_blur_callback(win, this, EM_FALSE, focus_cb);
    emscripten_set_resize_callback(win, this, EM_FALSE, resize_cb);
}

DisplayInfo InputBackend::begin_frame(double now_ms) {
    crm_js_canvas_origin(g_origin);
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size(canvas_, &css_w, &css_h);
    const float ratio = static_cast<float>(emscripten_get_device_pixel_ratio());
    const int fb_w = static_cast<int>(std::lround(css_w * ratio));
    const int fb_h = static_cast<int>(std::lround(css_h * ratio));

    DisplayInfo next{static_cast<float>(css_w), static_cast<float>(css_h), fb_w, fb_h, ratio, false};
    next.pixel_ratio_changed = ratio != display_.pixel_ratio;
    if (fb_w != display_.fb_w || fb_h != display_.fb_h) {
        // Backing store in device pixels: crisp at any devicePixelRatio.
        emscripten_set_canvas_element_size(canvas_, fb_w, fb_h);
    }
    display_ = next;

    ImGuiIO& io = ImGui::GetIO();
    // Without this ImGui assumes 1/60 s a frame: on a 120 Hz screen a double click would have half its time,
    // on a busy phone drawing 20 frames a second key repeat would crawl.
    if (last_frame_ms_ >= 0)
        io.DeltaTime =
            static_cast<float>(std::clamp(now_ms - last_frame_ms_, 0.1, limits::kMaxFrameDeltaMs) / 1000.0);
    last_frame_ms_ = now_ms;
    io.DisplaySize = ImVec2(next.css_w, next.css_h);
    if (css_w > 0 && css_h > 0) {
        io.DisplayFramebufferScale = ImVec2(static_cast<float>(fb_w / css_w), static_cast<float>(fb_h / css_h));
    }

    flush_held_events();
    if (touch_ == Touch::Pending && now_ms - touch_start_ms_ >= limits::kTouchLongPressMs) {
        // A finger held still: press, so the next moves drag (board cards, sliders, text selection).
        touch_ = Touch::Dragging;
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        io.AddMousePosEvent(touch_start_x_, touch_start_y_);
        io.AddMouseButtonEvent(0, true);
    }
    if (flinging_) {
        const double dt = now_ms - fling_last_ms_;
        fling_last_ms_ = now_ms;
        const float decay = static_cast<float>(std::exp(-dt / limits::kFlingTimeConstantMs));
        velocity_x_ *= decay;
        velocity_y_ *= decay;
        if (std::hypot(velocity_x_, velocity_y_) < limits::kFlingMinSpeed) {
            flinging_ = false;
            io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);  // no hover left behind by a finger
        } else {
            scroll_by(velocity_x_ * static_cast<float>(dt), velocity_y_ * static_cast<float>(dt));
            last_input_ms_ = now_ms;
        }
    }
    return next;
}

void InputBackend::end_frame() {
    ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput != text_input_active_) {
        text_input_active_ = io.WantTextInput;
        crm_js_set_text_input(text_input_active_ ? 1 : 0);
    }
    const ImGuiMouseCursor cursor = io.MouseDrawCursor ? ImGuiMouseCursor_None : ImGui::GetMouseCursor();
    if (cursor != cursor_) {
        cursor_ = cursor;
        crm_js_set_cursor(css_cursor(cursor));
    }
}

void InputBackend::update_modifiers(bool ctrl, bool shift, bool alt, bool meta) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(ImGuiMod_Ctrl, ctrl);
    io.AddKeyEvent(ImGuiMod_Shift, shift);
    io.AddKeyEvent(ImGuiMod_Alt, alt);
    io.AddKeyEvent(ImGuiMod_Super, meta);
}

bool InputBackend::on_mouse(int type, float x, float y, int button, bool ctrl, bool shift, bool alt, bool meta) {
    last_input_ms_ = emscripten_get_now();
    ImGuiIO& io = ImGui::GetIO();
    update_modifiers(ctrl, shift, alt, meta);
    io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
    switch (type) {
        case EMSCRIPTEN_EVENT_MOUSEDOWN:
        case EMSCRIPTEN_EVENT_MOUSEUP:
            add_mouse_pos(x, y);
            if (button >= 0 && button < 3) {
                add_mouse_button(kImGuiButtonFromDom[button], type == EMSCRIPTEN_EVENT_MOUSEDOWN);
            }
            // Down on the canvas: keep focus where it is (the hidden text field) and select no page text.
            return type == EMSCRIPTEN_EVENT_MOUSEDOWN;
        case EMSCRIPTEN_EVENT_MOUSELEAVE:
            if (!ImGui::IsAnyMouseDown() && held_.empty()) add_mouse_pos(-FLT_MAX, -FLT_MAX);
            return false;
        default:
            add_mouse_pos(x, y);
            return false;
    }
}

void InputBackend::add_mouse_pos(float x, float y) {
    if (!held_.empty()) {
        held_.push_back(HeldEvent{.kind = HeldEvent::Kind::MousePos, .x = x, .y = y});
        return;
    }
    if (x != mouse_x_ || y != mouse_y_) mouse_moved_since_frame_ = true;
    mouse_x_ = x;
    mouse_y_ = y;
    ImGui::GetIO().AddMousePosEvent(x, y);
}

void InputBackend::add_mouse_button(int button, bool down) {
    if (!held_.empty() || (down && mouse_moved_since_frame_)) {
        if (held_.empty()) held_waited_ = false;
        held_.push_back(HeldEvent{.kind = HeldEvent::Kind::MouseButton, .button = button, .down = down});
        return;
    }
    ImGui::GetIO().AddMouseButtonEvent(button, down);
}

void InputBackend::on_text(const char* utf8) {
    note_input(emscripten_get_now());
    if (!held_.empty()) {
        held_.push_back(HeldEvent{.kind = HeldEvent::Kind::Text, .text = utf8});
        return;
    }
    ImGui::GetIO().AddInputCharactersUTF8(utf8);
}

void InputBackend::on_backspaces(int count) {
    note_input(emscripten_get_now());
    for (int i = 0; i < count; ++i) {
        for (bool down : {true, false}) {
            if (!held_.empty()) {
                held_.push_back(HeldEvent{.kind = HeldEvent::Kind::Key, .down = down, .key = ImGuiKey_Backspace});
            } else {
                ImGui::GetIO().AddKeyEvent(ImGuiKey_Backspace, down);
            }
        }
    }
}

void InputBackend::flush_held_events() {
    // Called before each frame: the first frame after the hold hovers, the next one gets the press.
    if (!held_.empty()) {
        if (!held_waited_) {
            held_waited_ = true;
        } else {
            std::vector<HeldEvent> events;
            events.swap(held_);
            ImGuiIO& io = ImGui::GetIO();
            io.AddMouseSourceEvent(ImGuiMouseSource_Mouse);
            for (const HeldEvent& e : events) {
                switch (e.kind) {
                    case HeldEvent::Kind::MouseButton: io.AddMouseButtonEvent(e.button, e.down); break;
                    case HeldEvent::Kind::Key: io.AddKeyEvent(e.key, e.down); break;
                    case HeldEvent::Kind::Text: io.AddInputCharactersUTF8(e.text.c_str()); break;
                    case HeldEvent::Kind::MousePos:
                        mouse_x_ = e.x;
                        mouse_y_ = e.y;
                        io.AddMousePosEvent(e.x, e.y);
                        break;
                }
            }
        }
    }
    mouse_moved_since_frame_ = false;
}

bool InputBackend::on_wheel(float dx, float dy, unsigned long delta_mode, bool ctrl) {
    if (ctrl) return false;  // Ctrl+wheel is the browser's zoom; the new devicePixelRatio is picked up
    float step = limits::kWheelPixelsPerStep;
    if (delta_mode == DOM_DELTA_LINE) step = limits::kWheelLinesPerStep;
    if (delta_mode == DOM_DELTA_PAGE) step = 1.0f;
    // DOM deltas are positive when content should move up (scroll down); ImGui's are the opposite.
    ImGui::GetIO().AddMouseWheelEvent(-dx / step, -dy / step);
    return true;
}

bool InputBackend::on_key(bool down, const char* code, const char* key, unsigned long key_code, bool ctrl,
                          bool shift, bool alt, bool meta) {
    last_input_ms_ = emscripten_get_now();
    // 229: the key belongs to an IME composition; its text arrives through the hidden field.
    if (key_code == 229) return false;
    ImGuiIO& io = ImGui::GetIO();
    update_modifiers(ctrl, shift, alt, meta);
    const ImGuiKey imgui_key = imgui_key_from_dom(code, key);
    if (imgui_key == ImGuiKey_None) return false;
    if (!held_.empty()) {
        held_.push_back(HeldEvent{.kind = HeldEvent::Kind::Key, .down = down, .key = imgui_key});
    } else {
        io.AddKeyEvent(imgui_key, down);
    }
    keys_down_[imgui_key - ImGuiKey_NamedKey_BEGIN] = down;
    // Browsers send no keyup for keys released while Cmd is held: release them with Cmd.
    if (!down && (imgui_key == ImGuiKey_LeftSuper || imgui_key == ImGuiKey_RightSuper)) release_all_keys();
    return should_prevent_default(imgui_key, KeyModifiers{ctrl, shift, alt, meta});
}

void InputBackend::release_all_keys() {
    ImGuiIO& io = ImGui::GetIO();
    for (std::size_t i = 0; i < keys_down_.size(); ++i) {
        if (keys_down_[i]) io.AddKeyEvent(static_cast<ImGuiKey>(ImGuiKey_NamedKey_BEGIN + i), false);
    }
    keys_down_.reset();
}

void InputBackend::on_window_focus(bool focused) {
    if (!focused) keys_down_.reset();  // ImGui clears its own key state on focus loss
    ImGui::GetIO().AddFocusEvent(focused);
}

void InputBackend::scroll_by(float dx_px, float dy_px) {
    ImGuiIO& io = ImGui::GetIO();
    const float step = limits::kImGuiFontLinesPerWheelStep * ImGui::GetFontSize();
    if (step <= 0) return;
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    io.AddMousePosEvent(touch_x_, touch_y_);
    // The content follows the finger: a finger moving up (dy < 0) scrolls down (ImGui wheel < 0).
    io.AddMouseWheelEvent(dx_px / step, dy_px / step);
}

void InputBackend::run_tap_frames() {
    // iOS shows the on-screen keyboard only for a focus() made inside the touch handler itself. A tap on a
    // text field activates it a few frames later (ImGui spreads press and release over frames), so those
    // frames run here, now: end_frame() then focuses the hidden field while the tap is still being handled.
    if (!run_frame_) return;
    ImGuiContext* context = ImGui::GetCurrentContext();
    for (int i = 0; i < kMaxTapFrames && (i == 0 || context->InputEventsQueue.Size > 0); ++i) run_frame_();
}

bool InputBackend::on_touch(int type, long id, float x, float y, double now_ms) {
    last_input_ms_ = now_ms;
    ImGuiIO& io = ImGui::GetIO();
    if (type == EMSCRIPTEN_EVENT_TOUCHSTART) {
        if (touch_ != Touch::None) return true;  // a second finger: one pointer is all ImGui has
        flinging_ = false;
        touch_ = Touch::Pending;
        touch_id_ = id;
        touch_start_x_ = touch_x_ = x;
        touch_start_y_ = touch_y_ = y;
        touch_start_ms_ = touch_last_ms_ = now_ms;
        velocity_x_ = velocity_y_ = 0;
        // Hover where the finger is, so the press that may follow lands on the right item.
        io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
        io.AddMousePosEvent(x, y);
        return true;
    }
    if (id != touch_id_ || touch_ == Touch::None) return true;

    if (type == EMSCRIPTEN_EVENT_TOUCHMOVE) {
        const float dx = x - touch_x_, dy = y - touch_y_;
        if (touch_ == Touch::Pending &&
            std::hypot(x - touch_start_x_, y - touch_start_y_) > limits::kTouchSlopPx) {
            touch_ = Touch::Scrolling;
        }
        if (touch_ == Touch::Scrolling) {
            const double dt = now_ms - touch_last_ms_;
            if (dt > 0) {
                // Smoothed finger speed, for the fling after the finger lifts.
                const float k = 0.6f;
                velocity_x_ = k * static_cast<float>(dx / dt) + (1 - k) * velocity_x_;
                velocity_y_ = k * static_cast<float>(dy / dt) + (1 - k) * velocity_y_;
            }
            touch_x_ = x;
            touch_y_ = y;
            scroll_by(dx, dy);
        } else if (touch_ == Touch::Dragging) {
            touch_x_ = x;
            touch_y_ = y;
            io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
            io.AddMousePosEvent(x, y);
        }
        touch_last_ms_ = now_ms;
        return true;
    }

    // touchend / touchcancel
    const bool cancelled = type == EMSCRIPTEN_EVENT_TOUCHCANCEL;
    io.AddMouseSourceEvent(ImGuiMouseSource_TouchScreen);
    if (touch_ == Touch::Pending && !cancelled) {
        // A tap: press and release where the finger went down. ImGui's input queue spreads them over
        // frames, so even a tap shorter than a frame is a click.
        io.AddMousePosEvent(touch_start_x_, touch_start_y_);
        io.AddMouseButtonEvent(0, true);
        io.AddMouseButtonEvent(0, false);
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
        touch_ = Touch::None;
        touch_id_ = -1;
        run_tap_frames();
        return true;
    }
    if (touch_ == Touch::Dragging) {
        io.AddMouseButtonEvent(0, false);
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    } else if (touch_ == Touch::Scrolling) {
        // A finger resting before it lifted means no fling.
        const bool moving = now_ms - touch_last_ms_ < limits::kFlingMaxRestMs;
        flinging_ = !cancelled && moving && std::hypot(velocity_x_, velocity_y_) >= limits::kFlingMinSpeed;
        fling_last_ms_ = now_ms;
        if (!flinging_) io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    }
    touch_ = Touch::None;
    touch_id_ = -1;
    return true;
}

}  // namespace crm::web

// Text typed into the page's hidden field (any keyboard, IME, phone keyboard, Playwright's insertText).
extern "C" EMSCRIPTEN_KEEPALIVE void crm_text_input(const char* utf8) {
    if (utf8 == nullptr || crm::web::g_backend == nullptr) return;
    crm::web::g_backend->on_text(utf8);
}

// Characters the hidden field lost: a phone keyboard's Backspace (it sends no usable keydown, only an
// `input` event deleting text) or an IME rewriting the word it is composing. The queue keeps the order with
// the text that follows.
extern "C" EMSCRIPTEN_KEEPALIVE void crm_text_backspace(int count) {
    if (crm::web::g_backend == nullptr) return;
    crm::web::g_backend->on_backspaces(count);
}
