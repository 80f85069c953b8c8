#pragma once
// What the visit panel and the call prompt keep between frames: position requests in flight (a check-in's,
// "the office is here"'s), the call started from a tap on a phone number, and the dialogs they open. It
// lives beside the ImGui context (one per app; a test's harness makes its own and it goes with it), so a
// position that arrives after the card was closed is still saved, and the card needs no new member.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/record.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

struct PositionRequest {
    enum class Purpose { CheckIn, Office };
    Purpose purpose = Purpose::CheckIn;
    std::int64_t request = 0;   // Platform::request_position's id
    std::int64_t asked_at = 0;  // Unix ms: given up after limits::kGeoGiveUpMs
    std::string record_id;      // the visit (CheckIn) or the customer (Office)
    RecordRef customer;
};

// A tap on a phone number: the dialer opened for this customer at this time.
struct StartedCall {
    RecordRef customer;
    std::string name;                 // the customer's title, for the prompt
    std::int64_t started_at = 0;      // Unix ms
    std::int64_t returns_at_tap = 0;  // Platform::foreground_returns() when tapped
};

// The check-out report being written.
struct ReportDraft {
    std::string visit_id;
    std::string result;
    std::string notes;
    std::string next_step;
    bool plan_follow_up = false;
    int follow_up_choice = 0;  // index into the follow-up delays (ui_limits.hpp)
    std::string error;
    bool open_requested = false;  // the popup opens on the next draw
};

// A logged call's result being written.
struct CallResultDraft {
    std::string call_id;
    std::string name;
    std::string result;
    bool open_requested = false;
};

struct VisitUiState {
    std::vector<PositionRequest> positions;
    std::optional<StartedCall> call;
    std::optional<ReportDraft> report;
    std::optional<CallResultDraft> call_result;
    std::string office_message;  // the last "office here" that found no position, by customer id
    std::string office_customer;
    std::int64_t writes = 0;       // bumped on every write made here: the card reloads when it moved
    std::int64_t card_writes = 0;  // `writes` when the card last read its record
    // The visits of the customer on the card, read again only when the database changed.
    struct Panel {
        std::string customer_id;
        std::int64_t read_at_change = -1;
        std::optional<domain::Record> open;        // checked in, not out
        std::optional<domain::Record> unreported;  // checked out, report not saved
        std::optional<domain::Record> planned;     // planned for today, not started
        std::string error;
    } panel;
};

// A modal of the visits' screens: centred, as wide as a phone's screen (or limits::kReportDialogWidthEm font
// sizes), as tall as its content up to the screen's height (then it scrolls).
bool begin_visit_dialog(ViewContext& ctx, const std::string& title);
// Text inputs editing a std::string: `lines` visible lines (a multi-line field), or one line.
void text_area(const char* id, std::string& value, float lines);
void text_line(const char* id, std::string& value);

// This ImGui context's state.
VisitUiState& visit_state();

// Whether a position request of `purpose` for `record_id` is in flight.
bool position_pending(const VisitUiState& state, PositionRequest::Purpose purpose,
                      const std::string& record_id);

// Saves the answers that arrived (a check-in's position, the office's location) and gives up on requests
// unanswered for limits::kGeoGiveUpMs. Called every frame, whatever screen is shown.
void apply_position_answers(ViewContext& ctx);

}  // namespace crm::ui
