#pragma once
// The conflicts of the record a card shows (core/sync/conflicts.hpp), for any entity: per field the rep's
// value, the value that won, which device wrote it and when, with "Apply mine again" (a new edit through the
// repository) and "Dismiss"; a record deleted elsewhere while the rep had unsent edits of it, with "Restore".
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/record.hpp"
#include "core/sync/conflicts.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class ConflictPanelView {
  public:
    // Reads the open conflicts of `ref` again (when the card loads its record).
    void load(ViewContext& ctx, const RecordRef& ref);
    bool empty() const { return conflicts_.empty(); }
    bool has(std::string_view field) const;  // the card marks that field
    bool deleted() const;                    // deleted elsewhere: the card has no live record to show
    // Deleted elsewhere: the record's title as this device last held it, so the rep knows which one it is.
    const std::string& deleted_title() const { return deleted_title_; }

    // Draws the panel; `record` is the card's record (null when it is deleted). Answers true when a button
    // wrote or dismissed something: the card reloads and the shell refreshes the list.
    bool draw(ViewContext& ctx, const RecordRef& ref, const domain::Record* record);
    // `card.conflicts`: the open conflicts as drawn.
    void publish(ViewContext& ctx, const RecordRef& ref, const domain::Record* record) const;

  private:
    // The text of `value` as the card shows `field` (per type and language), read against `record`.
    std::string value_text(ViewContext& ctx, const domain::EntityDesc& entity, const domain::FieldDesc& field,
                           const domain::Record* record, const nlohmann::json& value) const;
    std::string who_and_when(ViewContext& ctx, const sync::Conflict& c) const;

    std::vector<sync::Conflict> conflicts_;
    std::string deleted_title_;
    std::string error_;
};

// The short form of a device id shown as "who" (no user accounts yet): its last characters, the random
// part of a UUIDv7 (its first ones are a timestamp, shared by devices set up the same minute).
std::string short_device(std::string_view device);

}  // namespace crm::ui
