#pragma once
// Who is signed in, in the top bar: a button with the user's name (initials on a phone) opening a menu with
// the name, login and role, "Sign in" while the server has ended the session, and "Sign out". Signing out
// deletes this device's data (the platform does it), so unsent edits are named in a confirmation first.
#include <string>

#include "ui/views/view_context.hpp"

namespace crm::ui {

class AccountMenuView {
  public:
    // The width the button takes for `session` (the top bar reserves it); 0 when nobody ever signed in (no
    // button).
    float button_width(const ViewContext& ctx, const Session& session) const;
    // The button at the cursor, its menu and the sign-out confirmation. Returns true when an admin on a phone
    // chose "Users" in the menu (the bottom bar has no room for that section).
    bool draw(ViewContext& ctx, const Session& session);
    // Published once per frame: `account` {id, login, name, role, active}.
    void publish(ViewContext& ctx, const Session& session) const;

  private:
    std::string label(const ViewContext& ctx, const Session& session) const;
    void draw_confirmation(ViewContext& ctx);

    bool confirm_ = false;  // open the confirmation next frame
};

// The role's name as the UI shows it.
const char* role_text(const std::string& role);

}  // namespace crm::ui
