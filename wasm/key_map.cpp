#include "wasm/key_map.hpp"

#include <array>
#include <utility>

namespace crm::web {
namespace {

using Entry = std::pair<std::string_view, ImGuiKey>;

// KeyboardEvent.key values of named keys (https://www.w3.org/TR/uievents-key/).
constexpr std::array kNamedKeys = {
    Entry{"Tab", ImGuiKey_Tab},           Entry{"ArrowLeft", ImGuiKey_LeftArrow},
    Entry{"ArrowRight", ImGuiKey_RightArrow}, Entry{"ArrowUp", ImGuiKey_UpArrow},
    Entry{"ArrowDown", ImGuiKey_DownArrow},   Entry{"PageUp", ImGuiKey_PageUp},
    Entry{"PageDown", ImGuiKey_PageDown},     Entry{"Home", ImGuiKey_Home},
    Entry{"End", ImGuiKey_End},           Entry{"Insert", ImGuiKey_Insert},
    Entry{"Delete", ImGuiKey_Delete},     Entry{"Backspace", ImGuiKey_Backspace},
    Entry{"Enter", ImGuiKey_Enter},       Entry{"Escape", ImGuiKey_Escape},
    Entry{"CapsLock", ImGuiKey_CapsLock}, Entry{"ScrollLock", ImGuiKey_ScrollLock},
    Entry{"NumLock", ImGuiKey_NumLock},   Entry{"PrintScreen", ImGuiKey_PrintScreen},
    Entry{"Pause", ImGuiKey_Pause},       Entry{"ContextMenu", ImGuiKey_Menu},
};

// KeyboardEvent.code values: the physical position, independent of the layout.
constexpr std::array kCodes = {
    Entry{"Space", ImGuiKey_Space},
    Entry{"Quote", ImGuiKey_Apostrophe},      Entry{"Comma", ImGuiKey_Comma},
    Entry{"Minus", ImGuiKey_Minus},           Entry{"Period", ImGuiKey_Period},
    Entry{"Slash", ImGuiKey_Slash},           Entry{"Semicolon", ImGuiKey_Semicolon},
    Entry{"Equal", ImGuiKey_Equal},           Entry{"BracketLeft", ImGuiKey_LeftBracket},
    Entry{"Backslash", ImGuiKey_Backslash},   Entry{"BracketRight", ImGuiKey_RightBracket},
    Entry{"Backquote", ImGuiKey_GraveAccent}, Entry{"IntlBackslash", ImGuiKey_Backslash},
    Entry{"ShiftLeft", ImGuiKey_LeftShift},   Entry{"ShiftRight", ImGuiKey_RightShift},
    Entry{"ControlLeft", ImGuiKey_LeftCtrl},  Entry{"ControlRight", ImGuiKey_RightCtrl},
    Entry{"AltLeft", ImGuiKey_LeftAlt},       Entry{"AltRight", ImGuiKey_RightAlt},
    Entry{"MetaLeft", ImGuiKey_LeftSuper},    Entry{"MetaRight", ImGuiKey_RightSuper},
    Entry{"OSLeft", ImGuiKey_LeftSuper},      Entry{"OSRight", ImGuiKey_RightSuper},
    Entry{"NumpadDecimal", ImGuiKey_KeypadDecimal}, Entry{"NumpadDivide", ImGuiKey_KeypadDivide},
    Entry{"NumpadMultiply", ImGuiKey_KeypadMultiply}, Entry{"NumpadSubtract", ImGuiKey_KeypadSubtract},
    Entry{"NumpadAdd", ImGuiKey_KeypadAdd},   Entry{"NumpadEnter", ImGuiKey_KeypadEnter},
    Entry{"NumpadEqual", ImGuiKey_KeypadEqual},
};

ImGuiKey lookup(std::string_view name, const auto& table) {
    for (const auto& [dom, key] : table) {
        if (dom == name) return key;
    }
    return ImGuiKey_None;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "KeyA".."KeyZ", "Digit0".."Digit9", "Numpad0".."Numpad9", "F1".."F24".
ImGuiKey from_code_pattern(std::string_view code) {
    if (code.size() == 4 && code.starts_with("Key") && code[3] >= 'A' && code[3] <= 'Z') {
        return static_cast<ImGuiKey>(ImGuiKey_A + (code[3] - 'A'));
    }
    if (code.size() == 6 && code.starts_with("Digit") && is_digit(code[5])) {
        return static_cast<ImGuiKey>(ImGuiKey_0 + (code[5] - '0'));
    }
    if (code.size() == 7 && code.starts_with("Numpad") && is_digit(code[6])) {
        return static_cast<ImGuiKey>(ImGuiKey_Keypad0 + (code[6] - '0'));
    }
    if ((code.size() == 2 || code.size() == 3) && code[0] == 'F' && is_digit(code[1])) {
        int n = code[1] - '0';
        if (code.size() == 3) {
            if (!is_digit(code[2])) return ImGuiKey_None;
            n = n * 10 + (code[2] - '0');
        }
        if (n >= 1 && n <= 24) return static_cast<ImGuiKey>(ImGuiKey_F1 + (n - 1));
    }
    return ImGuiKey_None;
}

// Some virtual keyboards send an empty `code`: use the letter or digit of `key` then.
ImGuiKey from_key_character(std::string_view key) {
    if (key.size() != 1) return ImGuiKey_None;
    const char c = key[0];
    if (c >= 'a' && c <= 'z') return static_cast<ImGuiKey>(ImGuiKey_A + (c - 'a'));
    if (c >= 'A' && c <= 'Z') return static_cast<ImGuiKey>(ImGuiKey_A + (c - 'A'));
    if (is_digit(c)) return static_cast<ImGuiKey>(ImGuiKey_0 + (c - '0'));
    if (c == ' ') return ImGuiKey_Space;
    return ImGuiKey_None;
}

}  // namespace

ImGuiKey imgui_key_from_dom(std::string_view code, std::string_view key) {
    if (ImGuiKey k = from_code_pattern(code); k != ImGuiKey_None) return k;
    if (ImGuiKey k = lookup(key, kNamedKeys); k != ImGuiKey_None) return k;
    if (ImGuiKey k = lookup(code, kCodes); k != ImGuiKey_None) return k;
    // Named keys by code too ("ArrowLeft" etc. are also valid `code` values).
    if (ImGuiKey k = lookup(code, kNamedKeys); k != ImGuiKey_None) return k;
    return from_key_character(key);
}

bool should_prevent_default(ImGuiKey key, KeyModifiers mods) {
    switch (key) {
        case ImGuiKey_Tab: case ImGuiKey_Enter: case ImGuiKey_KeypadEnter: case ImGuiKey_Backspace:
        case ImGuiKey_Delete: case ImGuiKey_LeftArrow: case ImGuiKey_RightArrow: case ImGuiKey_UpArrow:
        case ImGuiKey_DownArrow: case ImGuiKey_PageUp: case ImGuiKey_PageDown: case ImGuiKey_Home:
        case ImGuiKey_End: case ImGuiKey_Escape:
            return true;
        default:
            break;
    }
    // Ctrl (or Cmd) shortcuts the app owns. AltGr arrives as Ctrl+Alt on Windows and types characters
    // (e.g. Polish letters): never block those.
    if ((mods.ctrl || mods.super) && !mods.alt) {
        switch (key) {
            case ImGuiKey_A: case ImGuiKey_S: case ImGuiKey_Z: case ImGuiKey_Y: case ImGuiKey_F:
            case ImGuiKey_P: case ImGuiKey_D: case ImGuiKey_K: case ImGuiKey_G: case ImGuiKey_H:
            case ImGuiKey_O: case ImGuiKey_B: case ImGuiKey_I: case ImGuiKey_U: case ImGuiKey_E:
                return true;
            default:
                break;
        }
    }
    return false;
}

}  // namespace crm::web
