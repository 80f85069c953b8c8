#include "ui/i18n_labels.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "ui/i18n.hpp"

namespace crm::ui {

namespace {

struct Label {
    std::string_view key;
    const char* ru;
    const char* en;
};

// Sorted by key (checked below), so a lookup is a binary search: cells call label() every frame.
constexpr std::array kLabels{
    Label{"card.activity_report", "Отчёт", "Report"},
    Label{"card.add_contact", "+ Контакт", "+ Contact"},
    Label{"card.add_deal", "+ Сделка", "+ Deal"},
    Label{"card.add_stage", "+ Этап", "+ Stage"},
    Label{"card.add_user", "+ Пользователь", "+ User"},
    Label{"card.contacts", "Контакты ({})", "Contacts ({})"},
    Label{"card.deal_dates", "Даты", "Dates"},
    Label{"card.deal_outcome", "Итог", "Outcome"},
    Label{"card.deals", "Сделки ({})", "Deals ({})"},
    Label{"card.deals_as_person", "Сделки, где он контактное лицо ({})", "Deals as the contact person ({})"},
    Label{"card.record_dates", "Даты", "Dates"},
    Label{"card.stage_history", "История этапов ({})", "Stage history ({})"},
    Label{"card.stages", "Этапы ({})", "Stages ({})"},
    Label{"card.team_users", "Пользователи ({})", "Users ({})"},
    Label{"card.visit", "Визит", "Visit"},
    Label{"entity.activities", "Активности", "Activities"},
    Label{"entity.activity", "Активность", "Activity"},
    Label{"entity.activity.edit", "Изменение активности", "Edit activity"},
    Label{"entity.activity.new", "Новая активность", "New activity"},
    Label{"entity.companies", "Компании", "Companies"},
    Label{"entity.company", "Компания", "Company"},
    Label{"entity.company.edit", "Изменение компании", "Edit company"},
    Label{"entity.company.new", "Новая компания", "New company"},
    Label{"entity.contact", "Контакт", "Contact"},
    Label{"entity.contact.edit", "Изменение контакта", "Edit contact"},
    Label{"entity.contact.new", "Новый контакт", "New contact"},
    Label{"entity.contacts", "Контакты", "Contacts"},
    Label{"entity.deal", "Сделка", "Deal"},
    Label{"entity.deal.edit", "Изменение сделки", "Edit deal"},
    Label{"entity.deal.new", "Новая сделка", "New deal"},
    Label{"entity.deals", "Сделки", "Deals"},
    Label{"entity.enum_option", "Вариант списка", "List option"},
    Label{"entity.enum_option.edit", "Изменение варианта", "Edit option"},
    Label{"entity.enum_option.new", "Новый вариант", "New option"},
    Label{"entity.enum_options", "Варианты списков", "List options"},
    Label{"entity.field_change", "Изменение поля", "Field change"},
    Label{"entity.field_change.edit", "Изменение записи истории", "Edit history entry"},
    Label{"entity.field_change.new", "Новая запись истории", "New history entry"},
    Label{"entity.field_changes", "История изменений", "Change history"},
    Label{"entity.loss_reason", "Причина отказа", "Loss reason"},
    Label{"entity.loss_reason.edit", "Изменение причины отказа", "Edit loss reason"},
    Label{"entity.loss_reason.new", "Новая причина отказа", "New loss reason"},
    Label{"entity.loss_reasons", "Причины отказа", "Loss reasons"},
    Label{"entity.pipeline", "Воронка", "Pipeline"},
    Label{"entity.pipeline.edit", "Изменение воронки", "Edit pipeline"},
    Label{"entity.pipeline.new", "Новая воронка", "New pipeline"},
    Label{"entity.pipelines", "Воронки", "Pipelines"},
    Label{"entity.stage", "Этап воронки", "Pipeline stage"},
    Label{"entity.stage.edit", "Изменение этапа", "Edit stage"},
    Label{"entity.stage.new", "Новый этап", "New stage"},
    Label{"entity.stage_move", "Переход между этапами", "Stage move"},
    Label{"entity.stage_move.edit", "Комментарий к переходу", "Stage move comment"},
    Label{"entity.stage_move.new", "Новый переход", "New stage move"},
    Label{"entity.stage_moves", "История этапов", "Stage history"},
    Label{"entity.stages", "Этапы воронки", "Pipeline stages"},
    Label{"entity.team", "Команда", "Team"},
    Label{"entity.team.edit", "Изменение команды", "Edit team"},
    Label{"entity.team.new", "Новая команда", "New team"},
    Label{"entity.teams", "Команды", "Teams"},
    Label{"entity.user", "Пользователь", "User"},
    Label{"entity.user.edit", "Изменение пользователя", "Edit user"},
    Label{"entity.user.new", "Новый пользователь", "New user"},
    Label{"entity.users", "Пользователи", "Users"},
    Label{"field.activity_result", "Итог", "Outcome"},
    Label{"field.activity_type", "Тип", "Type"},
    Label{"field.address", "Адрес", "Address"},
    Label{"field.all_day", "Весь день", "All day"},
    Label{"field.amount", "Сумма", "Amount"},
    Label{"field.changed_at", "Когда", "When"},
    Label{"field.changed_field", "Поле", "Field"},
    Label{"field.check_in_at", "Начало визита", "Checked in"},
    Label{"field.check_in_geo", "Место отметки", "Check-in position"},
    Label{"field.check_out_at", "Конец визита", "Checked out"},
    Label{"field.closed_at", "Закрыта", "Closed"},
    Label{"field.company_id", "Компания", "Company"},
    Label{"field.company_id.none", "Частное лицо", "Private person"},
    Label{"field.contact_id", "Контакт", "Contact"},
    Label{"field.contact_id.none", "Не выбран", "None"},
    Label{"field.contact_person", "Контактное лицо", "Contact person"},
    Label{"field.created_at", "Создан", "Created"},
    Label{"field.customer_contact", "Клиент — частное лицо", "Customer (private person)"},
    Label{"field.deal_id", "Сделка", "Deal"},
    Label{"field.deal_id.none", "Не выбрана", "None"},
    Label{"field.deal_status", "Статус", "Status"},
    Label{"field.deal_title", "Название сделки", "Deal title"},
    Label{"field.deleted", "Удалён", "Deleted"},
    Label{"field.device", "Устройство", "Device"},
    Label{"field.done_at", "Выполнено", "Done at"},
    Label{"field.due_at", "Срок", "Due"},
    Label{"field.duration_min", "Длительность, мин", "Duration, min"},
    Label{"field.emails", "E-mail", "E-mail"},
    Label{"field.expected_close", "Ожидаемое закрытие", "Expected close"},
    Label{"field.field_change", "Изменение", "Change"},
    Label{"field.from_stage", "Из этапа", "From stage"},
    Label{"field.from_stage.none", "Создание сделки", "Deal created"},
    Label{"field.from_value", "Было", "From"},
    Label{"field.geo_status", "Геопозиция", "Position"},
    Label{"field.geo_status.none", "Нет", "None"},
    Label{"field.idle_days", "Дней без движения до «зависла»", "Idle days before stale"},
    Label{"field.journey_stage", "Этап", "Stage"},
    Label{"field.last_activity_at", "Последняя активность", "Last activity"},
    Label{"field.location", "Местоположение", "Location"},
    Label{"field.login", "Логин", "Login"},
    Label{"field.loss_comment", "Комментарий к отказу", "Loss comment"},
    Label{"field.loss_reason_id", "Причина отказа", "Loss reason"},
    Label{"field.move_comment", "Комментарий", "Comment"},
    Label{"field.moved_at", "Когда", "When"},
    Label{"field.moved_by", "Кто", "By"},
    Label{"field.name", "Название / имя", "Name"},
    Label{"field.next_step", "Следующий шаг", "Next step"},
    Label{"field.notes", "Заметки", "Notes"},
    Label{"field.option_label", "Значение", "Option"},
    Label{"field.option_list", "Список", "List"},
    Label{"field.option_position", "Порядок", "Order"},
    Label{"field.owner", "Ответственный", "Owner"},
    Label{"field.owner.none", "Не назначен", "Unassigned"},
    Label{"field.owner_legacy", "Ответственный (текст)", "Owner (text)"},
    Label{"field.phones", "Телефоны", "Phones"},
    Label{"field.pipeline_id", "Воронка", "Pipeline"},
    Label{"field.position", "Должность", "Position"},
    Label{"field.position_order", "Порядок", "Order"},
    Label{"field.probability_override", "Вероятность, % (вручную)", "Probability, % (override)"},
    Label{"field.probability_override.none", "По этапу", "Stage's"},
    Label{"field.record_entity", "Тип записи", "Record kind"},
    Label{"field.record_id", "Запись", "Record"},
    Label{"field.required_fields", "Обязательные поля сделки", "Required deal fields"},
    Label{"field.role", "Роль", "Role"},
    Label{"field.stage_entered_at", "На этапе с", "In stage since"},
    Label{"field.stage_id", "Этап сделки", "Deal stage"},
    Label{"field.stage_kind", "Тип этапа", "Stage kind"},
    Label{"field.stage_move", "Переход", "Move"},
    Label{"field.subject", "Тема", "Subject"},
    Label{"field.team_id", "Команда", "Team"},
    Label{"field.team_id.none", "Без команды", "No team"},
    Label{"field.team_shares", "Общие клиенты", "Shared customers"},
    Label{"field.territory", "Территория", "Territory"},
    Label{"field.to_stage", "В этап", "To stage"},
    Label{"field.to_value", "Стало", "To"},
    Label{"field.updated_at", "Изменён", "Updated"},
    Label{"field.user_disabled", "Отключён", "Disabled"},
    Label{"field.win_probability", "Вероятность успеха, %", "Win probability, %"},
    Label{"journey.days", "{} дн.", "{} d"},
    Label{"journey.title", "Путь клиента", "Customer journey"},
    Label{"list.counting", "Найдено: {}…", "Found: {}…"},
    Label{"list.searching", "Поиск…", "Searching…"},
    Label{"next_step.cancel", "Отмена", "Cancel"},
    Label{"next_step.due", "Срок: {}", "Due: {}"},
    Label{"next_step.in_days", "Через {} дн.", "In {} days"},
    Label{"next_step.plan", "Запланировать следующий шаг", "Plan the next step"},
    Label{"next_step.result", "Результат", "Result"},
    Label{"next_step.save", "Готово", "Done"},
    Label{"next_step.subject", "Что сделать", "What to do"},
    Label{"next_step.title", "Активность выполнена", "Activity done"},
    Label{"next_step.tomorrow", "Завтра", "Tomorrow"},
    Label{"next_step.type", "Тип", "Type"},
    Label{"option.geo_status.denied", "Доступ запрещён", "Permission denied"},
    Label{"option.geo_status.ok", "Определена", "Found"},
    Label{"option.geo_status.pending", "Определяется", "Locating"},
    Label{"option.geo_status.unavailable", "Не удалось определить", "Not available"},
    Label{"option.kind.lost", "Провал", "Lost"},
    Label{"option.kind.open", "В работе", "Open"},
    Label{"option.kind.won", "Успех", "Won"},
    Label{"option.role.admin", "Администратор", "Administrator"},
    Label{"option.role.manager", "Руководитель", "Manager"},
    Label{"option.role.rep", "Торговый представитель", "Sales rep"},
    Label{"option.status.lost", "Проиграна", "Lost"},
    Label{"option.status.open", "В работе", "Open"},
    Label{"option.status.won", "Выиграна", "Won"},
    Label{"option.type.call", "Звонок", "Call"},
    Label{"option.type.email", "E-mail", "E-mail"},
    Label{"option.type.meeting", "Встреча", "Meeting"},
    Label{"option.type.message", "Сообщение", "Message"},
    Label{"option.type.note", "Заметка", "Note"},
    Label{"option.type.task", "Задача", "Task"},
    Label{"option.type.visit", "Визит", "Visit"},
    Label{"reminder.dismiss", "Скрыть", "Dismiss"},
    Label{"reminder.enable", "Включить уведомления", "Enable notifications"},
    Label{"reminder.more", "и ещё {}", "and {} more"},
    Label{"reminder.open", "Открыть", "Open"},
    Label{"reminder.title", "Напоминание: {}", "Reminder: {}"},
    Label{"timeline.all", "Все", "All"},
    Label{"timeline.deal_created", "Сделка создана", "Deal created"},
    Label{"timeline.deal_lost", "Сделка проиграна", "Deal lost"},
    Label{"timeline.deal_won", "Сделка выиграна", "Deal won"},
    Label{"timeline.empty", "Пока ничего нет", "Nothing yet"},
    Label{"timeline.filter.deal", "Сделки", "Deals"},
    Label{"timeline.filter.journey", "Путь клиента", "Journey"},
    Label{"timeline.journey", "Этап пути", "Journey stage"},
    Label{"timeline.planned", "запланировано", "planned"},
    Label{"timeline.stage", "Этап сделки", "Deal stage"},
    Label{"timeline.title", "Хронология ({})", "Timeline ({})"},
    Label{"today.activities", "Все активности", "All activities"},
    Label{"today.all_day", "весь день", "all day"},
    Label{"today.back", "Сегодня", "Today"},
    Label{"today.badge", "Просрочено: {}", "Overdue: {}"},
    Label{"today.done", "Готово", "Done"},
    Label{"today.empty", "Ничего не запланировано", "Nothing planned"},
    Label{"today.last_contact", "последний контакт {}", "last contact {}"},
    Label{"today.later", "Ближайшие дни ({})", "Coming days ({})"},
    Label{"today.more", "… и ещё {}", "… and {} more"},
    Label{"today.nav", "Сегодня", "Today"},
    Label{"today.new_task", "+ Задача", "+ Task"},
    Label{"today.no_next_step", "Без следующего шага ({})", "No next step ({})"},
    Label{"today.overdue", "Просрочено ({})", "Overdue ({})"},
    Label{"today.plan", "План", "Plan"},
    Label{"today.today", "Сегодня ({})", "Today ({})"},
    Label{"today.visits", "Визиты сегодня ({})", "Today's visits ({})"},
    Label{"visit.call_prompt", "Записать звонок с {} в {}?", "Log the call with {} at {}?"},
    Label{"visit.call_prompt_no", "Не нужно", "No"},
    Label{"visit.call_prompt_title", "Звонок", "Call"},
    Label{"visit.call_prompt_yes", "Записать", "Log it"},
    Label{"visit.call_result", "Результат звонка", "Call result"},
    Label{"visit.call_result_skip", "Пропустить", "Skip"},
    Label{"visit.call_result_title", "Звонок записан", "Call logged"},
    Label{"visit.call_subject", "Звонок: {}", "Call: {}"},
    Label{"visit.check_in", "Начать визит", "Check in"},
    Label{"visit.check_out", "Завершить визит", "Check out"},
    Label{"visit.log_call", "Записать звонок", "Log a call"},
    Label{"visit.office_failed", "Не удалось сохранить место", "Could not save the location"},
    Label{"visit.office_here", "Офис здесь", "The office is here"},
    Label{"visit.planned_at", "Визит запланирован на {}", "Visit planned at {}"},
    Label{"visit.position_denied", "Без геопозиции: доступ запрещён", "No position: access denied"},
    Label{"visit.position_ok", "Место определено ±{} м", "Position found ±{} m"},
    Label{"visit.position_pending", "Определяем место...", "Finding the position..."},
    Label{"visit.position_unavailable", "Без геопозиции: не удалось определить",
          "No position: could not determine"},
    Label{"visit.report_due", "Срок: {}", "Due: {}"},
    Label{"visit.report_in_days", "+{} дн.", "+{} d"},
    Label{"visit.report_later", "Позже", "Later"},
    Label{"visit.report_needs_step", "Назовите следующий шаг, чтобы запланировать его",
          "Name the next step to plan it"},
    Label{"visit.report_next_step", "Следующий шаг", "Next step"},
    Label{"visit.report_notes", "Заметки", "Notes"},
    Label{"visit.report_plan", "Запланировать следующий шаг", "Plan the next step"},
    Label{"visit.report_result", "Итог визита", "Outcome"},
    Label{"visit.report_save", "Сохранить", "Save"},
    Label{"visit.report_title", "Отчёт о визите", "Visit report"},
    Label{"visit.subject", "Визит: {}", "Visit: {}"},
    Label{"visit.under_way", "Визит с {} · идёт {}", "Visit since {} · {} so far"},
    Label{"visit.write_report", "Заполнить отчёт", "Write the report"},
};

constexpr bool sorted_by_key() {
    for (std::size_t i = 1; i < kLabels.size(); ++i)
        if (!(kLabels[i - 1].key < kLabels[i].key)) return false;
    return true;
}
static_assert(sorted_by_key(), "kLabels must be sorted by key, without duplicates");

const Label* find(std::string_view key) {
    const auto it = std::lower_bound(kLabels.begin(), kLabels.end(), key,
                                     [](const Label& l, std::string_view k) { return l.key < k; });
    if (it == kLabels.end() || it->key != key) return nullptr;
    return &*it;
}

// The fallback for an unknown key must outlive the call: keys are string_views into descriptors (static
// storage) or temporaries, so the text is kept in a small set of its own.
const char* unknown(std::string_view key) {
    static std::vector<std::string> kept;
    for (const std::string& k : kept)
        if (k == key) return k.c_str();
    kept.emplace_back(key);
    return kept.back().c_str();
}

}  // namespace

const char* label(std::string_view key) {
    const Label* l = find(key);
    if (l == nullptr) return unknown(key);
    return language() == Language::Ru ? l->ru : l->en;
}

std::string labelf(std::string_view key, std::initializer_list<std::string_view> args) {
    return fill_placeholders(label(key), args);
}

bool has_label(std::string_view key) {
    const Label* l = find(key);
    return l != nullptr && l->ru[0] != '\0' && l->en[0] != '\0';
}

std::string option_key(std::string_view field, std::string_view option) {
    std::string key = "option.";
    key += field;
    key += '.';
    key += option;
    return key;
}

std::string edit_title_key(const domain::EntityDesc& entity) {
    return std::string(entity.label_one) + ".edit";
}

std::string none_key(const domain::FieldDesc& field) {
    return std::string(field.label) + ".none";
}

const char* field_label(const domain::FieldDesc& field) {
    return label(field.label);
}

const char* option_label(const domain::FieldDesc& field, std::string_view option) {
    return label(option_key(field.name, option));
}

}  // namespace crm::ui
