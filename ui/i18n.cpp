#include "ui/i18n.hpp"

#include <array>
#include <cassert>
#include <cstdio>

namespace crm::ui {

namespace {

struct Entry {
    Str id;
    const char* ru;
    const char* en;
};

constexpr std::size_t kCount = static_cast<std::size_t>(Str::Count_);

// Ordered like the enum; checked at compile time below so an insertion in one place cannot shift texts.
constexpr std::array<Entry, kCount> kCatalogue{{
    {Str::AppTitle, "Полевая CRM", "Field CRM"},
    {Str::ThemeToDark, "Тёмная тема", "Dark theme"},
    {Str::ThemeToLight, "Светлая тема", "Light theme"},
    {Str::TabCompanies, "Компании", "Companies"},
    {Str::TabContacts, "Контакты", "Contacts"},
    {Str::SearchHint, "Поиск: имя, телефон, e-mail…", "Search: name, phone, e-mail…"},
    {Str::FoundCount, "Найдено: {}", "Found: {}"},
    {Str::ColName, "Название / имя", "Name"},
    {Str::ColCompany, "Компания", "Company"},
    {Str::ColPosition, "Должность", "Position"},
    {Str::ColPhone, "Телефон", "Phone"},
    {Str::ColEmail, "E-mail", "E-mail"},
    {Str::ColStage, "Этап", "Stage"},
    {Str::ColOwner, "Ответственный", "Owner"},
    {Str::ColUpdated, "Изменён", "Updated"},
    {Str::EmptyNoMatches, "Ничего не найдено. Измените запрос.", "Nothing matches. Try another search."},
    {Str::EmptyNoCustomers, "Клиентов пока нет.", "No customers yet."},
    {Str::ListLoadFailed, "Не удалось загрузить список: {}", "Could not load the list: {}"},
    {Str::KindCompany, "Компания", "Company"},
    {Str::KindContact, "Контакт", "Contact"},
    {Str::Close, "Закрыть", "Close"},
    {Str::Back, "‹ Назад", "‹ Back"},
    {Str::FieldPhones, "Телефоны", "Phones"},
    {Str::FieldEmails, "E-mail", "E-mails"},
    {Str::FieldAddress, "Адрес", "Address"},
    {Str::FieldNotes, "Заметки", "Notes"},
    {Str::FieldStage, "Этап пути клиента", "Journey stage"},
    {Str::FieldOwner, "Ответственный", "Owner"},
    {Str::FieldCreated, "Создан", "Created"},
    {Str::FieldUpdated, "Изменён", "Updated"},
    {Str::FieldPosition, "Должность", "Position"},
    {Str::FieldCompany, "Компания", "Company"},
    {Str::FieldName, "Название / имя", "Name"},
    {Str::CardContacts, "Контакты ({})", "Contacts ({})"},
    {Str::CardMoreContacts, "…и ещё {}", "…and {} more"},
    {Str::CardNoContacts, "Контактов нет", "No contacts"},
    {Str::PrivatePerson, "Частное лицо", "Private person"},
    {Str::CardNotFound, "Запись не найдена или удалена.", "The record was not found or was deleted."},
    {Str::SelectCustomer, "Выберите клиента в списке", "Select a customer in the list"},
    {Str::NoValue, "—", "—"},
    {Str::SyncOffline, "Нет сети: изменения сохранены на устройстве", "Offline: changes are kept on this device"},
    {Str::SyncPending, "Ждут отправки: {}", "Pending changes: {}"},
    {Str::SyncSyncing, "Синхронизация…", "Syncing…"},
    {Str::SyncSynced, "Синхронизировано в {}", "Synced at {}"},
    {Str::SyncNever, "Ещё не синхронизировано", "Not synced yet"},
    {Str::SyncError, "Ошибка синхронизации: {}", "Sync error: {}"},
    {Str::SyncNow, "Синхронизировать", "Sync now"},
    {Str::ErrEmpty, "{}: заполните поле", "{}: this field is required"},
    {Str::ErrTooLong, "{}: слишком длинное значение", "{}: the value is too long"},
    {Str::ErrMalformed, "{}: неверный формат", "{}: the format is wrong"},
    {Str::ErrTooMany, "{}: слишком много значений", "{}: too many values"},
    {Str::ErrBadUtf8, "{}: недопустимые символы", "{}: invalid characters"},
    {Str::ErrInvalid, "{}: недопустимое значение", "{}: invalid value"},
    {Str::ErrUnknownCompany, "Такой компании нет (возможно, она удалена)", "No such company (it may have been deleted)"},
    {Str::ErrNotFound, "Запись не найдена или удалена", "The record was not found or was deleted"},
    {Str::ErrConflict, "Запись изменена одновременно в другом месте", "The record was changed elsewhere at the same time"},
    {Str::ErrStorage, "Ошибка хранилища: {}", "Storage error: {}"},
    {Str::ErrNetwork, "Ошибка сети: {}", "Network error: {}"},
    {Str::ErrUnsupported, "Эта версия приложения так не умеет", "This version of the app cannot do that"},
    {Str::ErrProtocol, "Сервер ответил непонятно: {}", "Unexpected server answer: {}"},
    // --- customer screens ---
    {Str::FilterStage, "Этап: {}", "Stage: {}"},
    {Str::FilterOwner, "Ответственный: {}", "Owner: {}"},
    {Str::FilterAll, "все", "all"},
    {Str::NewCompany, "Новая компания", "New company"},
    {Str::NewContact, "Новый контакт", "New contact"},
    {Str::Edit, "Изменить", "Edit"},
    {Str::Delete, "Удалить", "Delete"},
    {Str::ConfirmDelete, "Удалить «{}»?", "Delete \"{}\"?"},
    {Str::ConfirmYes, "Да, удалить", "Yes, delete"},
    {Str::ConfirmNo, "Не удалять", "Keep it"},
    {Str::DeletedRecord, "Удалено: {}", "Deleted: {}"},
    {Str::Undo, "Отменить", "Undo"},
    {Str::FormNewCompany, "Новая компания", "New company"},
    {Str::FormNewContact, "Новый контакт", "New contact"},
    {Str::FormEditCompany, "Изменение компании", "Edit company"},
    {Str::FormEditContact, "Изменение контакта", "Edit contact"},
    {Str::Save, "Сохранить", "Save"},
    {Str::Cancel, "Отмена", "Cancel"},
    {Str::AddPhone, "+ Телефон", "+ Phone"},
    {Str::AddEmail, "+ E-mail", "+ E-mail"},
    {Str::RemoveRow, "Убрать", "Remove"},
    {Str::CompanySearchHint, "Найти компанию…", "Find a company…"},
    {Str::FormKeysHint, "Enter — сохранить, Esc — отмена", "Enter saves, Esc cancels"},
    {Str::SaveFailed, "Не удалось сохранить: {}", "Could not save: {}"},
    {Str::DeleteFailed, "Не удалось удалить: {}", "Could not delete: {}"},
    {Str::AddContact, "+ Контакт", "+ Contact"},
    {Str::StorageSaved, "Сохранено", "Saved"},
    {Str::StorageSaving, "Сохранение…", "Saving…"},
    {Str::StorageNotSaved, "Не сохранено", "Not saved"},
    {Str::StorageMemoryOnly, "Только в памяти", "Memory only"},
    {Str::StorageBannerError,
     "Не удаётся сохранить данные в браузере ({}). Изменения держатся в этой вкладке — не закрывайте её. Повтор через {} с.",
     "Could not save to the browser's storage ({}). Your changes are kept in this tab: keep it open. Retrying in {} s."},
    {Str::StorageBannerMemory,
     "Хранилище браузера недоступно ({}). Данные есть только в этой вкладке и пропадут при её закрытии: синхронизируйте их.",
     "The browser's storage is unavailable ({}). The data lives in this tab only and is lost when it closes: sync it."},
    {Str::StorageQuotaFull, "закончилось место для данных", "no space is left for data"},
    {Str::StorageRetry, "Повторить", "Retry"},
}};

constexpr bool catalogue_in_order() {
    for (std::size_t i = 0; i < kCatalogue.size(); ++i)
        if (static_cast<std::size_t>(kCatalogue[i].id) != i) return false;
    return true;
}
static_assert(catalogue_in_order(), "kCatalogue entries must follow the order of enum Str");

struct Pair {
    const char* ru;
    const char* en;
};

constexpr std::array<Pair, domain::kJourneyStages.size()> kStageNames{{
    {"Знакомство", "Awareness"},
    {"Интерес", "Interest"},
    {"Решение", "Decision"},
    {"Покупка", "Purchase"},
    {"Удержание", "Retention"},
    {"Рекомендации", "Advocacy"},
}};

struct FieldName {
    std::string_view field;
    const char* ru;
    const char* en;
};

constexpr std::array<FieldName, 10> kFieldNames{{
    {"name", "Название / имя", "Name"},
    {"phones", "Телефон", "Phone"},
    {"emails", "E-mail", "E-mail"},
    {"address", "Адрес", "Address"},
    {"notes", "Заметки", "Notes"},
    {"journey_stage", "Этап пути клиента", "Journey stage"},
    {"owner", "Ответственный", "Owner"},
    {"position", "Должность", "Position"},
    {"company_id", "Компания", "Company"},
    {"sort_field", "Сортировка", "Sorting"},
}};

Language g_language = Language::Ru;

const char* pick(const char* ru, const char* en) { return g_language == Language::Ru ? ru : en; }

// Days since 1970-01-01 → proleptic Gregorian date, by counting 400-year eras of 146097 days.
struct CivilDate {
    int year;
    int month;
    int day;
};

CivilDate civil_from_days(std::int64_t days) {
    days += 719468;  // shift the epoch to 0000-03-01 so leap days fall at the end of a year
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const auto day_of_era = static_cast<std::int64_t>(days - era * 146097);
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t month_index = (5 * day_of_year + 2) / 153;  // 0 = March
    const auto day = static_cast<int>(day_of_year - (153 * month_index + 2) / 5 + 1);
    const auto month = static_cast<int>(month_index < 10 ? month_index + 3 : month_index - 9);
    const auto year = static_cast<int>(year_of_era + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

constexpr std::int64_t kMsPerMinute = 60'000;
constexpr std::int64_t kMinutesPerDay = 24 * 60;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);
}

// Local minutes since the epoch, floored so instants before 1970 still split into day and minute correctly.
std::int64_t local_minutes(std::int64_t unix_ms, int utc_offset_minutes) {
    return floor_div(unix_ms, kMsPerMinute) + utc_offset_minutes;
}

}  // namespace

std::string_view to_key(Language lang) { return lang == Language::Ru ? "ru" : "en"; }

std::optional<Language> language_from_key(std::string_view key) {
    if (key == "ru") return Language::Ru;
    if (key == "en") return Language::En;
    return std::nullopt;
}

Language language() { return g_language; }
void set_language(Language lang) { g_language = lang; }

const char* tr(Str id) {
    const auto index = static_cast<std::size_t>(id);
    assert(index < kCatalogue.size() && "Str id out of range");
    return pick(kCatalogue[index].ru, kCatalogue[index].en);
}

std::string trf(Str id, std::initializer_list<std::string_view> args) {
    const std::string_view pattern = tr(id);
    std::string out;
    out.reserve(pattern.size() + 16);
    auto arg = args.begin();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '{' && i + 1 < pattern.size() && pattern[i + 1] == '}' && arg != args.end()) {
            out += *arg++;
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

std::string_view stage_name(domain::JourneyStage stage) {
    const auto index = static_cast<std::size_t>(stage);
    assert(index < kStageNames.size() && "journey stage without a name");
    return pick(kStageNames[index].ru, kStageNames[index].en);
}

std::string_view field_label(std::string_view field) {
    for (const auto& f : kFieldNames)
        if (f.field == field) return pick(f.ru, f.en);
    return field;  // a field the catalogue does not know yet: its key is still better than nothing
}

std::string error_text(const Error& error) {
    switch (error.code) {
        case ErrorCode::Invalid: {
            const std::string_view label = field_label(error.field);
            if (error.reason == "empty") return trf(Str::ErrEmpty, {label});
            if (error.reason == "too_long") return trf(Str::ErrTooLong, {label});
            if (error.reason == "malformed") return trf(Str::ErrMalformed, {label});
            if (error.reason == "too_many") return trf(Str::ErrTooMany, {label});
            if (error.reason == "bad_utf8") return trf(Str::ErrBadUtf8, {label});
            if (error.reason == "unknown_company") return tr(Str::ErrUnknownCompany);
            return trf(Str::ErrInvalid, {label});
        }
        case ErrorCode::NotFound: return tr(Str::ErrNotFound);
        case ErrorCode::Conflict: return tr(Str::ErrConflict);
        case ErrorCode::Storage: return trf(Str::ErrStorage, {error.message});
        case ErrorCode::Protocol: return trf(Str::ErrProtocol, {error.message});
        case ErrorCode::Io: return trf(Str::ErrNetwork, {error.message});
        case ErrorCode::Unsupported: return tr(Str::ErrUnsupported);
    }
    return error.message;
}

std::string format_count(std::int64_t value) {
    const std::string digits = std::to_string(value < 0 ? -static_cast<std::uint64_t>(value) : value);
    // RU groups with a no-break space (U+00A0) so "2 400" never wraps; EN with a comma.
    const std::string_view sep = g_language == Language::Ru ? "\xC2\xA0" : ",";
    std::string out = value < 0 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return out;
}

namespace {

struct LocalTime {
    CivilDate date;
    int minute_of_day;
};

LocalTime to_local(std::int64_t unix_ms, int utc_offset_minutes) {
    const std::int64_t minutes = local_minutes(unix_ms, utc_offset_minutes);
    const std::int64_t days = floor_div(minutes, kMinutesPerDay);
    return {civil_from_days(days), static_cast<int>(minutes - days * kMinutesPerDay)};
}

}  // namespace

std::string format_datetime(std::int64_t unix_ms, int utc_offset_minutes) {
    const LocalTime t = to_local(unix_ms, utc_offset_minutes);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d %02d:%02d", t.date.day, t.date.month, t.date.year,
                  t.minute_of_day / 60, t.minute_of_day % 60);
    return buf;
}

std::string format_date(std::int64_t unix_ms, int utc_offset_minutes) {
    const LocalTime t = to_local(unix_ms, utc_offset_minutes);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d.%02d.%04d", t.date.day, t.date.month, t.date.year);
    return buf;
}

std::string format_time(std::int64_t unix_ms, int utc_offset_minutes) {
    const LocalTime t = to_local(unix_ms, utc_offset_minutes);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", t.minute_of_day / 60, t.minute_of_day % 60);
    return buf;
}

bool same_local_day(std::int64_t a_ms, std::int64_t b_ms, int utc_offset_minutes) {
    return floor_div(local_minutes(a_ms, utc_offset_minutes), kMinutesPerDay) ==
           floor_div(local_minutes(b_ms, utc_offset_minutes), kMinutesPerDay);
}

}  // namespace crm::ui
