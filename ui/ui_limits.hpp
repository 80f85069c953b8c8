#pragma once
// The UI's tuning constants (list paging, layout breakpoints, touch sizes, pickers). They live beside the
// views that own them; the namespace is the product's one `limits`, so every named limit is still found by
// one name.
#include <array>
#include <cstddef>
#include <cstdint>

namespace crm::limits {

// --- UI (ui/) -------------------------------------------------------------------------------------
inline constexpr int kListWindowRows = 200;             // rows fetched around the visible part of a list
inline constexpr int kListNewQueryExtraRows = 10;       // a changed query (typing) first loads the rows on
                                                        // screen plus this many; scrolling loads the window
inline constexpr float kNarrowLayoutMaxWidth = 700.0f;  // display narrower than this: one column, touch sizes
inline constexpr float kListPaneShare = 0.58f;  // of the width, for the list while a card is open beside it
inline constexpr float kListPaneMinWidth = 360.0f;  // CSS px
inline constexpr std::size_t kPerfSamples = 1024;   // newest frame / search timings kept for p50 / p95

// --- list columns (ui/views/record_list.cpp, ui/column_fit.cpp) ------------------------------------
inline constexpr int kColumnMeasureRows = 50;        // fetched rows whose cell texts size the columns
inline constexpr float kColumnMaxNeedEm = 14.0f;     // a column never needs more than this many font sizes,
                                                     // so one long e-mail does not push its column out
inline constexpr int kFilterCombosPerRowWide = 3;    // filter combos side by side above a wide list
inline constexpr int kFilterCombosPerRowNarrow = 2;  // ...and on a phone

// --- record screens (ui/views/record_card.cpp, record_form.cpp, reference_picker.cpp, undo_bar.cpp) -----
inline constexpr int kCardRelatedRows = 200;     // child records listed per related list on a card
inline constexpr int kReferencePickerRows = 50;  // records a reference picker lists per search
inline constexpr int kEnumOptionRows = 500;      // options of one user-defined list offered in a combo
inline constexpr std::int64_t kUndoBarVisibleMs = 15'000;  // the "Undo" bar after a delete stays this long
inline constexpr float kTouchTargetMinPx = 44.0f;  // CSS px: height of the form's Save/Cancel on phones
inline constexpr float kLongTextLines = 4.0f;      // visible lines of a multi-line field in the form
inline constexpr std::size_t kConflictDeviceChars = 8;  // of a device id, shown as "who" won a conflict

// --- deals board (ui/views/deal_board.cpp, stage_move_dialog.cpp) ----------------------------------
inline constexpr int kBoardPageRows = 30;            // cards one column fetches at a time, on demand
inline constexpr int kBoardCachedPages = 6;          // pages a column keeps; the farthest from view go first
inline constexpr float kBoardColumnWidthEm = 17.0f;  // a column's width on a wide screen, in font sizes
inline constexpr float kBoardColumnShareNarrow = 0.8f;  // ...on a phone, of the board's width: the next
                                                        // column peeks in, so the rep sees there is more
inline constexpr float kBoardCardLines = 4.0f;      // text lines of a card (title, customer, amount, days)
inline constexpr float kBoardCardGapPx = 6.0f;      // between two cards of a column
inline constexpr float kBoardStaleBarPx = 4.0f;     // the red left edge of a stale card
inline constexpr float kBoardEdgeZonePx = 48.0f;    // dragging this close to the board's side scrolls it...
inline constexpr float kBoardEdgeSpeedPx = 900.0f;  // ...at up to this many px per second (at the very edge)
inline constexpr double kBoardEdgeMaxStepMs = 100.0;  // one edge-scroll step covers at most this much time
inline constexpr int kLossReasonRows = 200;         // loss reasons the "lost" dialog offers
inline constexpr float kStageMoveDialogWidthEm = 24.0f;  // the move dialog on a wide screen

// --- sections (ui/views/nav_bar.cpp) ----------------------------------------------------------------
inline constexpr float kNavBarPaddingEm = 0.3f;  // side padding of a phone's section buttons, in font sizes

// --- pipeline settings (ui/views/pipeline_settings.cpp) ------------------------------------------------
inline constexpr int kSettingsMaxRows = 500;  // pipelines, stages of one pipeline, loss reasons listed
inline constexpr float kSettingsStagesShare = 0.64f;  // of a wide screen, for the stages beside the reasons

// --- visits and calls (ui/views/visit_panel.cpp, ui/views/call_log_prompt.cpp) -------------------------
inline constexpr std::array<int, 4> kFollowUpDays{1, 2, 3, 7};  // the report's "plan a follow-up in N days"
inline constexpr int kFollowUpHour = 10;                        // ...at this local hour
inline constexpr float kReportDialogWidthEm = 26.0f;            // the report on a wide screen


// --- the rep's day: Today, the next step, reminders -----------------------------------------------
inline constexpr std::int64_t kTodayRecomputeMs = 60'000;  // Today and the overdue badge are read again
                                                           // this often with no write (a due time passes)
inline constexpr float kTodayRowLines = 2.0f;              // text lines of a Today row (when, what)
inline constexpr float kTodayRowLinesNarrow = 3.0f;        // ...on a phone: the customer on a line of its own
inline constexpr float kTodayMarkerPx = 4.0f;              // the group's colored bar left of a row
inline constexpr int kNextStepDayChoices[] = {1, 3, 7};    // "when" buttons of the next step: days ahead
inline constexpr float kNextStepDialogWidthEm = 26.0f;     // the next-step dialog on a wide screen
inline constexpr std::size_t kNextStepSubjectBytes = 300;  // the follow-up's subject as typed
inline constexpr std::size_t kNextStepResultBytes = 4000;  // the result text as typed
}  // namespace crm::limits
