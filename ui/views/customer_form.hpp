#pragma once
// The create/edit form of a company or a contact. Every field is validated by core; the messages show under
// the field they belong to. Enter saves (Ctrl+Enter is a new line in the notes), Escape cancels. Saving goes
// through the repositories, so every change lands in the change log.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/customer.hpp"
#include "ui/views/company_picker.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

// How the form was left: the saved record, or nothing when cancelled.
struct FormResult {
    std::optional<RecordRef> saved;
};

class CustomerFormView {
public:
    // A new contact may start out at a company (created from that company's card).
    void open_new(RecordKind kind, std::string company_id = {}, std::string company_name = {});
    void open_edit(RecordRef ref);  // the record is read on the next draw
    bool is_open() const { return open_; }
    // The record being edited, empty while creating or closed.
    const std::string& edited_id() const { return draft_.id; }

    // Draws into the remaining region of the current window.
    void draw(ViewContext& ctx);
    std::optional<FormResult> take_result() { return std::exchange(result_, std::nullopt); }

private:
    // Both record kinds in one editable shape; `kind` decides which fields show and which repository saves.
    struct Draft {
        RecordKind kind = RecordKind::Company;
        std::string id;  // empty: a new record
        std::string name;
        std::string company_id;
        std::string company_name;
        std::string position;
        std::vector<std::string> phones;
        std::vector<std::string> emails;
        std::string address;
        std::string notes;
        domain::JourneyStage stage = domain::JourneyStage::Awareness;
        std::string owner;
        std::int64_t created_at = 0;
        std::int64_t updated_at = 0;
    };

    void load(ViewContext& ctx);
    void draw_fields(ViewContext& ctx);
    void draw_footer(ViewContext& ctx);
    bool text_field(ViewContext& ctx, const char* key, const char* label, std::string& value,
                    bool multiline = false);
    bool list_field(ViewContext& ctx, const char* key, const char* label, std::vector<std::string>& values,
                    std::size_t max_count, bool (*valid)(std::string_view));
    void draw_stage(ViewContext& ctx);
    bool draw_owner(ViewContext& ctx);
    void error_line(ViewContext& ctx, const std::string& field);
    void revalidate();
    void save(ViewContext& ctx);
    void finish(std::optional<RecordRef> saved);
    domain::Company to_company() const;
    domain::Contact to_contact() const;

    bool open_ = false;
    bool loaded_ = false;
    bool focus_first_ = false;  // put the keyboard focus into the name field on the first frame
    bool show_errors_ = false;  // after the first attempt to save, messages follow every edit
    Draft draft_;
    std::map<std::string, std::string> errors_;  // core field name -> localized message
    std::string general_error_;                  // a failure that belongs to no field (storage, not found)
    std::optional<std::size_t> focus_row_;       // a phone/e-mail row just added: focus it
    std::string focus_list_;                     // ...of this list ("phones" / "emails")
    CompanyPicker picker_;
    std::optional<std::vector<std::string>> owners_;  // owners already in use, offered beside the owner field
    std::optional<FormResult> result_;
};

}  // namespace crm::ui
