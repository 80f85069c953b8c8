#pragma once
// The visit panel of a company or contact card: "Начать визит" (check in: the start is saved at once, the
// position is asked for and saved when it comes), then the visit under way with its elapsed time, what
// became of the position ("место определено ±N м", "без геопозиции: доступ запрещён", "не удалось
// определить") and "Завершить визит" (records the end and opens the report: outcome, notes, next step and
// an optional follow-up); "Записать звонок" logs a call made just now in one tap; a customer without
// coordinates gets "Офис здесь". The rules are core's (core/domain/visit.hpp).
#include "core/domain/record.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

// Draws the panel for the card's `customer` (a company or a contact; nothing for other entities). True when
// the card should read its record again (a position saved as its location, a visit written).
bool draw_visit_panel(ViewContext& ctx, const RecordRef& customer, const domain::Record& record);

// The check-out report dialog (opened by the panel); drawn once per frame by the shell through
// draw_visits_and_calls (call_log_prompt.hpp), so it survives the card being redrawn.
void draw_visit_report(ViewContext& ctx);

}  // namespace crm::ui
