#include "ui/theme.hpp"

#include <cstdint>

#include <imgui.h>

namespace crm::ui {

namespace {

ImVec4 rgb(std::uint32_t hex, float alpha = 1.0f) {
    return ImVec4(static_cast<float>((hex >> 16) & 0xFF) / 255.0f, static_cast<float>((hex >> 8) & 0xFF) / 255.0f,
                  static_cast<float>(hex & 0xFF) / 255.0f, alpha);
}

// One palette describes a theme; ImGui's ~55 colour slots are filled from it so both themes stay consistent.
struct Palette {
    std::uint32_t window, surface, text, text_muted, border, border_light;
    std::uint32_t frame, frame_hover, frame_active;
    std::uint32_t button, button_hover;
    std::uint32_t accent, table_header, row_alt, scroll_grab;
    float row_alt_alpha;
};

constexpr Palette kLight{0xF5F6F8, 0xFFFFFF, 0x1F2328, 0x7A838D, 0xD0D7DE, 0xE4E8ED, 0xFFFFFF, 0xF0F3F6,
                         0xE6EBF1, 0xE9EDF1, 0xDCE2E9, 0x2563EB, 0xEDF0F4, 0x8C9BAB, 0xC3CAD2, 0.10f};
constexpr Palette kDark{0x15171C, 0x1B1E25, 0xE6E8EB, 0x8B949E, 0x343A44, 0x272C34, 0x232730, 0x2A2F39,
                        0x323844, 0x2A2F39, 0x353B47, 0x4A8CF7, 0x20242C, 0xFFFFFF, 0x3D434E, 0.03f};

void apply_palette(ImGuiStyle& style, const Palette& p) {
    ImVec4* c = style.Colors;
    c[ImGuiCol_Text] = rgb(p.text);
    c[ImGuiCol_TextDisabled] = rgb(p.text_muted);
    c[ImGuiCol_WindowBg] = rgb(p.window);
    c[ImGuiCol_ChildBg] = rgb(p.surface);
    c[ImGuiCol_PopupBg] = rgb(p.surface);
    c[ImGuiCol_Border] = rgb(p.border);
    c[ImGuiCol_BorderShadow] = rgb(0, 0.0f);
    c[ImGuiCol_FrameBg] = rgb(p.frame);
    c[ImGuiCol_FrameBgHovered] = rgb(p.frame_hover);
    c[ImGuiCol_FrameBgActive] = rgb(p.frame_active);
    c[ImGuiCol_TitleBg] = rgb(p.window);
    c[ImGuiCol_TitleBgActive] = rgb(p.window);
    c[ImGuiCol_TitleBgCollapsed] = rgb(p.window);
    c[ImGuiCol_MenuBarBg] = rgb(p.window);
    c[ImGuiCol_ScrollbarBg] = rgb(p.window, 0.0f);
    c[ImGuiCol_ScrollbarGrab] = rgb(p.scroll_grab);
    c[ImGuiCol_ScrollbarGrabHovered] = rgb(p.text_muted);
    c[ImGuiCol_ScrollbarGrabActive] = rgb(p.accent);
    c[ImGuiCol_CheckMark] = rgb(p.accent);
    c[ImGuiCol_SliderGrab] = rgb(p.accent);
    c[ImGuiCol_SliderGrabActive] = rgb(p.accent);
    c[ImGuiCol_Button] = rgb(p.button);
    c[ImGuiCol_ButtonHovered] = rgb(p.button_hover);
    c[ImGuiCol_ButtonActive] = rgb(p.accent, 0.45f);
    c[ImGuiCol_Header] = rgb(p.accent, 0.18f);
    c[ImGuiCol_HeaderHovered] = rgb(p.accent, 0.12f);
    c[ImGuiCol_HeaderActive] = rgb(p.accent, 0.28f);
    c[ImGuiCol_Separator] = rgb(p.border_light);
    c[ImGuiCol_SeparatorHovered] = rgb(p.accent, 0.6f);
    c[ImGuiCol_SeparatorActive] = rgb(p.accent);
    c[ImGuiCol_ResizeGrip] = rgb(p.accent, 0.0f);
    c[ImGuiCol_ResizeGripHovered] = rgb(p.accent, 0.5f);
    c[ImGuiCol_ResizeGripActive] = rgb(p.accent);
    c[ImGuiCol_Tab] = rgb(p.button);
    c[ImGuiCol_TabHovered] = rgb(p.accent, 0.25f);
    c[ImGuiCol_TabActive] = rgb(p.accent, 0.30f);  // a tint, so the theme's text colour stays readable on it
    c[ImGuiCol_TabUnfocused] = rgb(p.button);
    c[ImGuiCol_TabUnfocusedActive] = rgb(p.accent, 0.30f);
    c[ImGuiCol_PlotLines] = rgb(p.accent);
    c[ImGuiCol_PlotLinesHovered] = rgb(p.accent);
    c[ImGuiCol_PlotHistogram] = rgb(p.accent, 0.55f);  // the progress bar carries text: keep it readable
    c[ImGuiCol_PlotHistogramHovered] = rgb(p.accent);
    c[ImGuiCol_TableHeaderBg] = rgb(p.table_header);
    c[ImGuiCol_TableBorderStrong] = rgb(p.border);
    c[ImGuiCol_TableBorderLight] = rgb(p.border_light);
    c[ImGuiCol_TableRowBg] = rgb(p.surface, 0.0f);
    c[ImGuiCol_TableRowBgAlt] = rgb(p.row_alt, p.row_alt_alpha);
    c[ImGuiCol_TextSelectedBg] = rgb(p.accent, 0.30f);
    c[ImGuiCol_DragDropTarget] = rgb(p.accent);
    c[ImGuiCol_NavHighlight] = rgb(p.accent);
    c[ImGuiCol_NavWindowingHighlight] = rgb(p.accent, 0.7f);
    c[ImGuiCol_NavWindowingDimBg] = rgb(0, 0.2f);
    c[ImGuiCol_ModalWindowDimBg] = rgb(0, 0.35f);
}

}  // namespace

std::string_view to_key(Theme theme) { return theme == Theme::Dark ? "dark" : "light"; }

std::optional<Theme> theme_from_key(std::string_view key) {
    if (key == "light") return Theme::Light;
    if (key == "dark") return Theme::Dark;
    return std::nullopt;
}

void apply_style(Theme theme, Density density) {
    ImGuiStyle style;  // fresh defaults, so switching density never compounds paddings
    style.WindowRounding = 0.0f;  // the one window fills the viewport
    style.ChildRounding = 8.0f;
    style.FrameRounding = 6.0f;
    style.PopupRounding = 8.0f;
    style.ScrollbarRounding = 8.0f;
    style.GrabRounding = 6.0f;
    style.TabRounding = 6.0f;
    style.WindowBorderSize = 0.0f;
    style.ChildBorderSize = 1.0f;
    style.FrameBorderSize = 1.0f;
    style.TabBorderSize = 0.0f;
    style.WindowPadding = ImVec2(14.0f, 10.0f);
    style.SelectableTextAlign = ImVec2(0.0f, 0.5f);
    if (density == Density::Touch) {
        style.FramePadding = ImVec2(14.0f, 11.0f);
        style.ItemSpacing = ImVec2(12.0f, 10.0f);
        style.ItemInnerSpacing = ImVec2(10.0f, 8.0f);
        style.CellPadding = ImVec2(8.0f, 8.0f);
        style.ScrollbarSize = 18.0f;
        style.GrabMinSize = 24.0f;
        style.TouchExtraPadding = ImVec2(4.0f, 4.0f);
    } else {
        style.FramePadding = ImVec2(10.0f, 6.0f);
        style.ItemSpacing = ImVec2(10.0f, 8.0f);
        style.ItemInnerSpacing = ImVec2(8.0f, 6.0f);
        style.CellPadding = ImVec2(8.0f, 5.0f);
        style.ScrollbarSize = 14.0f;
        style.GrabMinSize = 12.0f;
    }
    apply_palette(style, theme == Theme::Dark ? kDark : kLight);
    ImGui::GetStyle() = style;
}

Accents accents(Theme theme) {
    auto u32 = [](std::uint32_t hex) { return static_cast<unsigned>(ImGui::ColorConvertFloat4ToU32(rgb(hex))); };
    if (theme == Theme::Dark) return {u32(0x3FB950), u32(0xD29922), u32(0xF85149), u32(0x8B949E), u32(kDark.accent)};
    return {u32(0x1A7F37), u32(0x9A6700), u32(0xCF222E), u32(0x656D76), u32(kLight.accent)};
}

}  // namespace crm::ui
