#pragma once
// Translates a DOM KeyboardEvent (its `code` and `key` strings) into an ImGuiKey, and decides which keys the
// page must not see (preventDefault). Pure functions: no browser calls, so the rules are easy to read.
#include <string_view>

#include <imgui.h>

namespace crm::web {

// Letters and digits come from `code` (the physical key), so Ctrl+C copies on a Russian layout too, where
// `key` is "с". Named keys (arrows, Enter...) come from `key`, falling back to `code`. ImGuiKey_None if unknown.
ImGuiKey imgui_key_from_dom(std::string_view code, std::string_view key);

struct KeyModifiers {
    bool ctrl = false, shift = false, alt = false, super = false;
};

// True for keys whose browser default would break the app (focus moves with Tab, Backspace navigates back,
// arrows/PageDown scroll, Ctrl+S saves the page...). Printable characters are never blocked: they must reach
// the hidden text field as `input` events. Ctrl+C/X/V are never blocked: the browser's copy/paste events
// carry the clipboard.
bool should_prevent_default(ImGuiKey key, KeyModifiers mods);

}  // namespace crm::web
