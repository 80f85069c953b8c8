#include "ui/preferences.hpp"

#include <string>

namespace crm::ui {

Preferences load_preferences(Platform& platform) {
    Preferences prefs;
    if (auto value = platform.load_setting(kLanguageSetting))
        prefs.language = language_from_key(*value).value_or(prefs.language);
    if (auto value = platform.load_setting(kThemeSetting)) prefs.theme = theme_from_key(*value).value_or(prefs.theme);
    return prefs;
}

void save_preferences(Platform& platform, const Preferences& prefs) {
    platform.save_setting(kLanguageSetting, to_key(prefs.language));
    platform.save_setting(kThemeSetting, to_key(prefs.theme));
}

}  // namespace crm::ui
