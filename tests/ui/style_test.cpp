// Fonts, themes, preferences and the automation registry, each on its own.
#include <gtest/gtest.h>
#include <imgui.h>

#include <string_view>
#include <vector>

#include "tests/ui/ui_harness.hpp"
#include "ui/automation.hpp"
#include "ui/fonts.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/preferences.hpp"
#include "ui/theme.hpp"

namespace crm::ui {
namespace {

// A bare ImGui context for tests that do not need the App.
class ImGuiContextScope {
public:
    ImGuiContextScope() : ctx_(ImGui::CreateContext()) {}
    ~ImGuiContextScope() { ImGui::DestroyContext(ctx_); }

private:
    ImGuiContext* ctx_;
};

TEST(UiFonts, RealFontIsRasterisedAtThePixelRatioWithCyrillicAndSymbols) {
    ImGuiContextScope scope;
    ASSERT_TRUE(load_fonts(CRM_TEST_FONT_FILE, 2.0f).ok());
    ImGuiIO& io = ImGui::GetIO();
    EXPECT_FLOAT_EQ(io.FontGlobalScale, 0.5f);
    ASSERT_TRUE(io.Fonts->Build());
    ImFont* font = io.Fonts->Fonts[0];
    EXPECT_FLOAT_EQ(font->FontSize, 32.0f);
    for (ImWchar c : {ImWchar(u'Ж'), ImWchar(u'ё'), ImWchar(u'Ґ'), ImWchar(u'№'), ImWchar(u'₽'), ImWchar(u'—'),
                      ImWchar(u'«'), ImWchar(u'…'), ImWchar(u'‹'), ImWchar(u'×'), ImWchar(0x00A0)}) {
        EXPECT_NE(font->FindGlyphNoFallback(c), nullptr) << "missing glyph U+" << std::hex << int(c);
    }
    EXPECT_EQ(font->FindGlyphNoFallback(ImWchar(0x4E2D)), nullptr);  // CJK is not loaded: atlas stays small
}

// Every code point of a UTF-8 string (the catalogue is valid UTF-8; checked by the decoder's asserts).
std::vector<unsigned> code_points(std::string_view s) {
    std::vector<unsigned> out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        unsigned cp = len == 1 ? b : b & (0x3Fu >> (len - 1));
        for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
        out.push_back(cp);
        i += static_cast<std::size_t>(len);
    }
    return out;
}

// A glyph missing from the shipped font draws as '?': every text the UI prints must be covered.
TEST(UiFonts, TheShippedFontHasEveryGlyphOfTheCatalogue) {
    ImGuiContextScope scope;
    ASSERT_TRUE(load_fonts(CRM_TEST_FONT_FILE, 1.0f).ok());
    ASSERT_TRUE(ImGui::GetIO().Fonts->Build());
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    auto check = [&](std::string_view text) {
        for (unsigned cp : code_points(text)) {
            if (cp == '\n') continue;
            EXPECT_NE(font->FindGlyphNoFallback(static_cast<ImWchar>(cp)), nullptr)
                << "U+" << std::hex << cp << " of \"" << text << "\"";
        }
    };
    for (Language lang : {Language::Ru, Language::En}) {
        set_language(lang);
        for (int i = 0; i < static_cast<int>(Str::Count_); ++i) check(tr(static_cast<Str>(i)));
        // Every label the app's registry names, and how each currency of the form reads.
        for (const domain::EntityDesc& e : domain::Registry::app().entities()) {
            for (std::string_view key : {e.label_one, e.label_many, e.label_new}) check(label(key));
            check(label(edit_title_key(e)));
            for (const domain::FieldDesc& f : e.fields) {
                check(field_label(f));
                for (std::string_view option : f.options) check(option_label(f, option));
            }
            for (const domain::RelatedList& r : e.related) {
                check(label(r.label));
                check(label(r.add_label));
            }
        }
        check(format_count(-1234567));
        for (const Currency& c : currencies()) check(format_money(-123'456'789, c.code));
        check(format_geo(55.7558, 37.6173, 12.0));
    }
    set_language(Language::Ru);
}

TEST(UiFonts, ReloadingAtAnotherRatioReplacesTheFont) {
    ImGuiContextScope scope;
    ASSERT_TRUE(load_fonts(CRM_TEST_FONT_FILE, 1.0f).ok());
    ASSERT_TRUE(load_fonts(CRM_TEST_FONT_FILE, 3.0f).ok());
    ImGuiIO& io = ImGui::GetIO();
    ASSERT_EQ(io.Fonts->ConfigData.Size, 1);  // cleared, not accumulated
    EXPECT_FLOAT_EQ(io.Fonts->ConfigData[0].SizePixels, 48.0f);
    EXPECT_NEAR(io.FontGlobalScale, 1.0f / 3.0f, 1e-6);
}

TEST(UiFonts, MissingFileFallsBackToTheBuiltInFont) {
    ImGuiContextScope scope;
    const Status status = load_fonts("no/such/font.ttf", 2.0f);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::Io);
    ImGuiIO& io = ImGui::GetIO();
    EXPECT_EQ(io.Fonts->ConfigData.Size, 1);
    EXPECT_FLOAT_EQ(io.FontGlobalScale, 1.0f);
    EXPECT_TRUE(io.Fonts->Build());
}

TEST(UiTheme, LightAndDarkDifferAndTouchIsRoomier) {
    ImGuiContextScope scope;
    apply_style(Theme::Light, Density::Comfortable);
    const ImGuiStyle light = ImGui::GetStyle();
    apply_style(Theme::Dark, Density::Touch);
    const ImGuiStyle dark_touch = ImGui::GetStyle();
    auto luminance = [](const ImVec4& c) { return 0.2126f * c.x + 0.7152f * c.y + 0.0722f * c.z; };
    EXPECT_GT(luminance(light.Colors[ImGuiCol_WindowBg]), 0.8f);
    EXPECT_LT(luminance(dark_touch.Colors[ImGuiCol_WindowBg]), 0.2f);
    EXPECT_GT(luminance(dark_touch.Colors[ImGuiCol_Text]), 0.8f);
    EXPECT_GT(light.FrameRounding, 0.0f);
    EXPECT_GT(dark_touch.FramePadding.y, light.FramePadding.y);
    EXPECT_GT(dark_touch.ItemSpacing.y, light.ItemSpacing.y);
    apply_style(Theme::Light, Density::Comfortable);  // re-applying does not compound
    EXPECT_FLOAT_EQ(ImGui::GetStyle().FramePadding.y, light.FramePadding.y);
}

TEST(UiPreferences, DefaultsAreRussianLightAndChoicesRoundTrip) {
    test::FakePlatform platform;
    Preferences prefs = load_preferences(platform);
    EXPECT_EQ(prefs.language, Language::Ru);
    EXPECT_EQ(prefs.theme, Theme::Light);
    save_preferences(platform, {Language::En, Theme::Dark});
    EXPECT_EQ(platform.settings.at(std::string(kLanguageSetting)), "en");
    EXPECT_EQ(platform.settings.at(std::string(kThemeSetting)), "dark");
    prefs = load_preferences(platform);
    EXPECT_EQ(prefs.language, Language::En);
    EXPECT_EQ(prefs.theme, Theme::Dark);
    platform.settings[std::string(kThemeSetting)] = "purple";  // junk from an older or newer version
    EXPECT_EQ(load_preferences(platform).theme, Theme::Light);
}

TEST(UiAutomation, ReadersSeeTheLastCompleteFrameOnly) {
    Automation a;
    a.begin_frame();
    a.tag("x", ItemRect{1, 2, 3, 4});
    a.publish("k", 1);
    EXPECT_FALSE(a.item("x").has_value());  // still being built
    EXPECT_TRUE(a.state("k").is_null());
    a.end_frame();
    ASSERT_TRUE(a.item("x").has_value());
    EXPECT_FLOAT_EQ(a.item("x")->w, 3.0f);
    EXPECT_EQ(a.state("k"), 1);

    a.begin_frame();
    a.publish("k", 2);
    EXPECT_EQ(a.state("k"), 1);  // the previous frame stays readable until this one ends
    ASSERT_TRUE(a.item("x").has_value());
    a.end_frame();
    EXPECT_FALSE(a.item("x").has_value());  // not tagged this frame: gone
    EXPECT_EQ(a.state("k"), 2);
    EXPECT_EQ(a.state_json(), (nlohmann::json{{"k", 2}}));
    EXPECT_TRUE(a.items_json().empty());
}

TEST(UiAutomation, TagLastItemRecordsTheImGuiItemRectangleOnceTheWindowIsShown) {
    ImGuiContextScope scope;
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60.0f;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    Automation a;
    // A new auto-sized window spends its first frame measuring itself, hidden and not where it will be drawn
    // (a centred popup moves once its size is known): an item there must not be offered to a click yet.
    for (int frame = 0; frame < 2; ++frame) {
        ImGui::NewFrame();
        a.begin_frame();
        ImGui::SetNextWindowPos(ImVec2(400, 300), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
        ImGui::Begin("w", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize);
        ImGui::Button("Press", ImVec2(120, 40));
        a.tag_last_item("b");
        ImGui::End();
        a.end_frame();
        ImGui::Render();
        if (frame == 0) {
            EXPECT_FALSE(a.item("b").has_value()) << "tagged while the window was hidden";
        }
    }
    const auto r = a.item("b");
    ASSERT_TRUE(r.has_value());
    EXPECT_FLOAT_EQ(r->w, 120.0f);
    EXPECT_FLOAT_EQ(r->h, 40.0f);
    // Centred: the button's middle is the display's middle once the window has its size.
    EXPECT_NEAR(r->x + r->w / 2, 400.0f, 1.0f);
    EXPECT_NEAR(r->y + r->h / 2, 300.0f, 1.0f);
    EXPECT_EQ(a.items_json()["b"]["w"], 120.0f);
}

}  // namespace
}  // namespace crm::ui
