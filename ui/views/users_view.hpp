#pragma once
// The admin's Users section: the generic record list, card and form of the entities `user` and `team` (the
// shell draws them like the customers' section), plus "Set password" over a user's card: the password goes to
// the server (Platform::set_password), online only; it is never a field of the record.
#include <cstdint>
#include <string>

#include "ui/views/view_context.hpp"

namespace crm::ui {

class PasswordPanelView {
  public:
    // Above the card of `record_id` when it is a user (nothing otherwise).
    void draw(ViewContext& ctx, const std::string& record_id);

  private:
    bool is_user(ViewContext& ctx, const std::string& record_id);

    std::string checked_id_;     // the record last looked up
    bool checked_user_ = false;  // whether it is a user
    bool open_ = false;          // the password field shows
    std::string password_;
    std::int64_t request_ = 0;  // the call in flight, 0: none
    std::string message_;
    bool failed_ = false;
};

}  // namespace crm::ui
