#pragma once
// Calls from the card: a tap on a phone number opens the dialer (tel: through the platform) and is
// remembered here; when the app comes back to the foreground within limits::kCallPromptWindowMs, a prompt
// offers "Записать звонок с X в HH:MM?". One tap logs a done call (core's log_call: done at the call's
// start, the customer filled) and opens a small dialog for its result; "no" forgets the call.
#include <cstdint>
#include <string>

#include "ui/views/view_context.hpp"

namespace crm::ui {

// The dialer opened for `customer` (its title `name`) now.
void note_call_started(ViewContext& ctx, const RecordRef& customer, std::string name);

// Logs a call with `customer` that started at `started_at` and opens the result dialog (the visit panel's
// "Записать звонок", the prompt's "yes").
void log_call_now(ViewContext& ctx, const RecordRef& customer, const std::string& name,
                  std::int64_t started_at);

// Once per frame, from the shell, whatever screen is shown: saves position answers (visit_state.hpp), and
// draws the call prompt, the call's result dialog and the visit report dialog (visit_panel.hpp).
void draw_visits_and_calls(ViewContext& ctx);

}  // namespace crm::ui
