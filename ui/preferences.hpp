#pragma once
// The user's UI choices (language, theme), remembered through Platform settings rather than the
// database: they are per device, not replicated, and must be known before the database is open.
#include "ui/i18n.hpp"
#include "ui/platform.hpp"
#include "ui/theme.hpp"

namespace crm::ui {

inline constexpr std::string_view kLanguageSetting = "ui.language";
inline constexpr std::string_view kThemeSetting = "ui.theme";

struct Preferences {
    Language language = Language::Ru;  // our first users are Russian-speaking
    Theme theme = Theme::Light;
};

// Unknown or missing values fall back to the defaults.
Preferences load_preferences(Platform& platform);
void save_preferences(Platform& platform, const Preferences& prefs);

}  // namespace crm::ui
