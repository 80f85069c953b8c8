#pragma once
// The UI font: one TTF rasterised at 16 px × devicePixelRatio and drawn at 1/devicePixelRatio scale, so
// glyphs map 1:1 to physical pixels and text is crisp on any screen.
//
// Re-initialisation (the page moved to a screen with another devicePixelRatio, or the user zoomed):
// call load_fonts again BETWEEN frames (never between NewFrame and Render: ImGui locks the atlas then).
// It clears and refills io.Fonts but does not rasterise; the renderer must then drop its font texture and
// make a new one, which rebuilds the atlas: with ImGui's OpenGL3 backend,
//   ImGui_ImplOpenGL3_DestroyFontsTexture(); ImGui_ImplOpenGL3_CreateFontsTexture();
// Headless users (tests) build it with io.Fonts->GetTexDataAsRGBA32 (or Build) before the next NewFrame.
#include "core/util/result.hpp"

namespace crm::ui {

inline constexpr float kBaseFontPixels = 16.0f;  // in CSS/display pixels

// The glyph ranges loaded from the TTF: Latin, Latin-1, Russian/Ukrainian Cyrillic and the punctuation and
// symbols the UI prints (— « » … № ₽ − ← ↑ → ↓ ▲ ▼ ✓ ×). Zero-terminated pairs, static storage.
const unsigned short* ui_glyph_ranges();

// Empty `font_path`: ImGui's built-in font at its native size (tests). A TTF that cannot be loaded also
// falls back to the built-in font, and the error is returned so the caller can log it.
Status load_fonts(const char* font_path, float pixel_ratio);

}  // namespace crm::ui
