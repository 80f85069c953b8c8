#pragma once
// The card of one company (all fields and its contacts) or one contact (all fields and its company). Links
// between them push onto a small history, so Back returns to the previous card. "Edit" asks the shell for the
// form; "Delete" asks for confirmation, then tombstones the record through its repository.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/customer.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

// What the card asks of the shell after a frame.
struct CardEvent {
    enum class Type { Edit, Deleted, NewContact };  // NewContact: of the company `ref`
    Type type = Type::Edit;
    RecordRef ref;
    std::string name;  // the record's name (undo bar, the new contact's company)
};

class CustomerCardView {
public:
    // Shows `ref`, forgetting the history (opened from the list).
    void open(RecordRef ref);
    void close();
    bool is_open() const { return current_.has_value(); }
    // The id of the record shown, empty when closed.
    const std::string& current_id() const;
    // The data changed underneath (sync): read the record again before the next draw.
    void invalidate() { loaded_ = false; }

    // Draws into the remaining region of the current window.
    void draw(ViewContext& ctx);
    std::optional<CardEvent> take_event() { return std::exchange(event_, std::nullopt); }

private:
    void load(ViewContext& ctx);
    void draw_header(ViewContext& ctx);
    void draw_company(ViewContext& ctx, const domain::Company& company);
    void draw_contact(ViewContext& ctx, const domain::Contact& contact);
    void navigate(RecordRef ref);  // opens a linked record, remembering the current one for Back
    void draw_delete_confirmation(ViewContext& ctx);

    std::optional<RecordRef> current_;
    std::vector<RecordRef> history_;
    std::optional<RecordRef> pending_;  // navigation requested while drawing, applied after
    bool pending_back_ = false;
    bool pending_close_ = false;
    bool loaded_ = false;
    std::optional<domain::Company> company_;
    std::optional<domain::Contact> contact_;
    std::vector<domain::Contact> company_contacts_;
    std::int64_t company_contacts_total_ = 0;
    std::string error_;
    bool confirm_delete_ = false;  // the confirmation popup should open this frame
    std::optional<CardEvent> event_;
};

}  // namespace crm::ui
