#include "ui/fonts.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

#include <imgui.h>

namespace crm::ui {

namespace {

// ImWchar is 16-bit in this build (IMGUI_USE_WCHAR32 is not defined), which covers every range below.
static_assert(sizeof(ImWchar) == sizeof(unsigned short), "glyph ranges are declared as 16-bit code points");

constexpr ImWchar kRanges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 (includes « » × and the no-break space of "2 400")
    0x0400, 0x045F,  // Cyrillic: Russian, Ukrainian, Belarusian letters incl. Ё/ё
    0x0490, 0x0491,  // Ґ ґ
    0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
    0x2030, 0x203A,  // per mille, primes, single angle quotes
    0x2116, 0x2116,  // №
    0x20BD, 0x20BD,  // ₽
    0x2190, 0x2193,  // ← ↑ → ↓
    0x2212, 0x2212,  // − (minus sign)
    0x25B2, 0x25B2,  // ▲
    0x25BC, 0x25BC,  // ▼
    0x2713, 0x2713,  // ✓
    0,
};

}  // namespace

const unsigned short* ui_glyph_ranges() { return kRanges; }

Status load_fonts(const char* font_path, float pixel_ratio) {
    ImGuiIO& io = ImGui::GetIO();
    const float ratio = std::max(pixel_ratio, 1.0f / 8.0f);  // a zero/negative ratio from a broken display
    io.Fonts->Clear();
    if (font_path == nullptr || font_path[0] == '\0') {
        io.Fonts->AddFontDefault();
        io.FontGlobalScale = 1.0f;  // the built-in bitmap font only looks right at its own size
        return {};
    }
    // ImGui asserts on a missing file; a missing font must not take the app down, so check first.
    if (std::FILE* probe = std::fopen(font_path, "rb")) {
        std::fclose(probe);
    } else {
        io.Fonts->AddFontDefault();
        io.FontGlobalScale = 1.0f;
        return make_error(ErrorCode::Io, std::string("cannot open font ") + font_path);
    }
    ImFontConfig config;
    config.OversampleH = 1;  // rasterised at physical resolution already: oversampling only costs atlas space
    config.OversampleV = 1;
    config.PixelSnapH = true;
    ImFont* font = io.Fonts->AddFontFromFileTTF(font_path, kBaseFontPixels * ratio, &config, kRanges);
    if (font == nullptr) {  // the file vanished between the probe and the load
        io.Fonts->Clear();
        io.Fonts->AddFontDefault();
        io.FontGlobalScale = 1.0f;
        return make_error(ErrorCode::Io, std::string("cannot load font ") + font_path);
    }
    io.FontGlobalScale = 1.0f / ratio;
    return {};
}

}  // namespace crm::ui
