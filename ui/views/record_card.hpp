#pragma once
// The card of one record of any entity: its descriptor's sections of fields, each formatted per type (phones
// and e-mails as tel:/mailto: links, references as links to the referenced card), then its related lists (a
// company's contacts) with a "new child" button. Links push onto a small history, so Back returns to the
// previous card. "Edit" asks the shell for the form; "Delete" asks for confirmation, then tombstones the
// record through its repository. A record with open sync conflicts shows them first (conflict_panel.hpp) and
// marks each conflicted field. A company's or contact's card also shows the customer journey as a strip
// (journey_strip.hpp) and, last, its timeline (customer_timeline.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/domain/record.hpp"
#include "ui/views/conflict_panel.hpp"
#include "ui/views/customer_timeline.hpp"
#include "ui/views/journey_strip.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

// What the card asks of the shell after a frame.
struct CardEvent {
    enum class Type { Edit, Deleted, NewRelated, Changed };  // Changed: a conflict was resolved
    Type type = Type::Edit;
    RecordRef ref;                                 // the card's record
    std::string title;                             // its title (undo bar, the new child's reference)
    const domain::RelatedList* related = nullptr;  // NewRelated: which list of the card's entity
};

class RecordCardView {
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
    struct Related {
        std::string key;  // the child entity's name; "<entity>.<via>" for a second list of that entity
        const domain::RelatedList* list = nullptr;
        const domain::EntityDesc* entity = nullptr;  // the child entity
        std::vector<domain::Record> rows;
        std::int64_t total = 0;
    };

    void load(ViewContext& ctx);
    void draw_header(ViewContext& ctx);
    void draw_fields(ViewContext& ctx);
    void draw_field(ViewContext& ctx, const domain::FieldDesc& field);
    void draw_related(ViewContext& ctx, const Related& related);
    void navigate(RecordRef ref);  // opens a linked record, remembering the current one for Back
    void draw_delete_confirmation(ViewContext& ctx);
    void publish(ViewContext& ctx);
    std::string title() const;

    std::optional<RecordRef> current_;
    std::vector<RecordRef> history_;
    std::optional<RecordRef> pending_;  // navigation requested while drawing, applied after
    bool pending_back_ = false;
    bool pending_close_ = false;
    bool loaded_ = false;
    std::optional<domain::Record> record_;
    std::vector<Related> related_;
    ConflictPanelView conflicts_;
    JourneyStripView journey_;      // companies and contacts: the journey's stages
    CustomerTimelineView timeline_;  // ...and their timeline, after the related lists
    std::string error_;
    bool confirm_delete_ = false;  // the confirmation popup should open this frame
    std::optional<CardEvent> event_;
};

}  // namespace crm::ui
