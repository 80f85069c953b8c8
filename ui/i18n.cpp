#include "ui/i18n.hpp"

#include <array>
#include <cassert>

#include "ui/i18n_labels.hpp"

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
    {Str::SearchHint, "Поиск: имя, телефон, e-mail…", "Search: name, phone, e-mail…"},
    {Str::FoundCount, "Найдено: {}", "Found: {}"},
    {Str::EmptyNoMatches, "Ничего не найдено. Измените запрос.", "Nothing matches. Try another search."},
    {Str::EmptyNoRecords, "Записей пока нет.", "No records yet."},
    {Str::ListLoadFailed, "Не удалось загрузить список: {}", "Could not load the list: {}"},
    {Str::Close, "Закрыть", "Close"},
    {Str::Back, "‹ Назад", "‹ Back"},
    {Str::CardMore, "…и ещё {}", "…and {} more"},
    {Str::CardNoRelated, "Пока нет", "None yet"},
    {Str::CardNotFound, "Запись не найдена или удалена.", "The record was not found or was deleted."},
    {Str::SelectRecord, "Выберите запись в списке", "Select a record in the list"},
    {Str::NoValue, "—", "—"},
    {Str::NoneChoice, "Не выбрано", "None"},
    {Str::Yes, "Да", "Yes"},
    {Str::No, "Нет", "No"},
    {Str::SyncOffline, "Нет сети: изменения сохранены на устройстве",
     "Offline: changes are kept on this device"},
    {Str::SyncOfflinePendingOne, "Офлайн · {} правка ждёт отправки", "Offline · {} edit waiting"},
    {Str::SyncOfflinePendingFew, "Офлайн · {} правки ждут отправки", "Offline · {} edits waiting"},
    {Str::SyncOfflinePendingMany, "Офлайн · {} правок ждут отправки", "Offline · {} edits waiting"},
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
    {Str::ErrOutOfRange, "{}: значение вне допустимых пределов", "{}: the value is out of range"},
    {Str::ErrUnknownOption, "{}: такого варианта нет", "{}: no such option"},
    {Str::ErrUnknownReference, "{}: такой записи нет (возможно, она удалена)",
     "{}: no such record (it may have been deleted)"},
    {Str::ErrInvalid, "{}: недопустимое значение", "{}: invalid value"},
    {Str::ErrNotFound, "Запись не найдена или удалена", "The record was not found or was deleted"},
    {Str::ErrConflict, "Запись изменена одновременно в другом месте",
     "The record was changed elsewhere at the same time"},
    {Str::ErrStorage, "Ошибка хранилища: {}", "Storage error: {}"},
    {Str::ErrNetwork, "Ошибка сети: {}", "Network error: {}"},
    {Str::ErrUnsupported, "Эта версия приложения так не умеет", "This version of the app cannot do that"},
    {Str::ErrProtocol, "Сервер ответил непонятно: {}", "Unexpected server answer: {}"},
    // --- record screens ---
    {Str::FilterValue, "{}: {}", "{}: {}"},
    {Str::FilterAll, "все", "all"},
    {Str::Edit, "Изменить", "Edit"},
    {Str::Delete, "Удалить", "Delete"},
    {Str::ConfirmDelete, "Удалить «{}»?", "Delete \"{}\"?"},
    {Str::ConfirmYes, "Да, удалить", "Yes, delete"},
    {Str::ConfirmNo, "Не удалять", "Keep it"},
    {Str::DeletedRecord, "Удалено: {}", "Deleted: {}"},
    {Str::Undo, "Отменить", "Undo"},
    {Str::Save, "Сохранить", "Save"},
    {Str::Cancel, "Отмена", "Cancel"},
    {Str::AddRow, "+ Добавить", "+ Add"},
    {Str::RemoveRow, "Убрать", "Remove"},
    {Str::ReferenceSearchHint, "Найти…", "Find…"},
    {Str::FormKeysHint, "Enter — сохранить, Esc — отмена", "Enter saves, Esc cancels"},
    {Str::SaveFailed, "Не удалось сохранить: {}", "Could not save: {}"},
    {Str::DeleteFailed, "Не удалось удалить: {}", "Could not delete: {}"},
    {Str::DateHint, "ДД.ММ.ГГГГ", "YYYY-MM-DD"},
    {Str::DateTimeHint, "ДД.ММ.ГГГГ ЧЧ:ММ", "YYYY-MM-DD HH:MM"},
    {Str::AmountHint, "0,00", "0.00"},
    {Str::GeoClear, "Очистить", "Clear"},
    {Str::FormGateRequired, "Нужно для этапа «{}»", "Required for stage “{}”"},
    {Str::StorageSaved, "Сохранено", "Saved"},
    {Str::StorageSaving, "Сохранение…", "Saving…"},
    {Str::StorageNotSaved, "Не сохранено", "Not saved"},
    {Str::StorageMemoryOnly, "Только в памяти", "Memory only"},
    {Str::StorageBannerError,
     "Не удаётся сохранить данные в браузере ({}). Изменения держатся в этой вкладке — не закрывайте её. "
     "Повтор через {} с.",
     "Could not save to the browser's storage ({}). Your changes are kept in this tab: keep it open. "
     "Retrying in {} s."},
    {Str::StorageBannerMemory,
     "Хранилище браузера недоступно ({}). Данные есть только в этой вкладке и пропадут при её закрытии: "
     "синхронизируйте их.",
     "The browser's storage is unavailable ({}). The data lives in this tab only and is lost when it closes: "
     "sync it."},
    {Str::StorageQuotaFull, "закончилось место для данных", "no space is left for data"},
    {Str::StorageRetry, "Повторить", "Retry"},
    {Str::ConflictField, "{}: ваше изменение не принято", "{}: your edit was overridden"},
    {Str::ConflictDeleted, "Запись удалена на другом устройстве, пока ваши изменения ждали отправки",
     "Deleted on another device while your edits waited to be sent"},
    {Str::ConflictMine, "Ваше значение", "Your value"},
    {Str::ConflictWinning, "Принято", "Winning value"},
    {Str::ConflictBy, "Кем и когда", "Who and when"},
    {Str::ConflictWho, "устройство …{}, {}", "device …{}, {}"},
    {Str::ConflictApplyMine, "Применить моё снова", "Apply mine again"},
    {Str::ConflictRestore, "Восстановить", "Restore"},
    {Str::ConflictDismiss, "Скрыть", "Dismiss"},
    {Str::ConflictFailed, "Не удалось: {}", "Could not do it: {}"},
    {Str::StatusConflicts, "Конфликты: {}", "Conflicts: {}"},
    {Str::BoardModeBoard, "Доска", "Board"},
    {Str::BoardModeList, "Список", "List"},
    {Str::BoardPipeline, "Воронка: {}", "Pipeline: {}"},
    {Str::BoardOwner, "Ответственный: {}", "Owner: {}"},
    {Str::BoardSearchHint, "Поиск сделок…", "Search deals…"},
    {Str::BoardNoPipelines, "Воронок пока нет.", "No pipelines yet."},
    {Str::BoardLoadFailed, "Не удалось загрузить доску: {}", "Could not load the board: {}"},
    {Str::BoardMoveFailed, "Не удалось перенести сделку: {}", "Could not move the deal: {}"},
    {Str::BoardWeighted, "взвешенно: {}", "weighted: {}"},
    {Str::BoardDaysOne, "{} день", "{} day"},
    {Str::BoardDaysFew, "{} дня", "{} days"},
    {Str::BoardDaysMany, "{} дней", "{} days"},
    {Str::BoardStale, "застряла", "stale"},
    {Str::BoardNoCustomer, "без клиента", "no customer"},
    {Str::MoveTitle, "Перевод на этап «{}»", "Move to “{}”"},
    {Str::MoveFillPrompt, "Для этапа «{}» заполните:", "The stage “{}” needs:"},
    {Str::MoveConfirm, "Перевести", "Move"},
    {Str::MoveStillMissing, "Заполните: {}", "Still empty: {}"},
    {Str::LostTitle, "Сделка проиграна", "Deal lost"},
    {Str::LostReason, "Причина проигрыша", "Loss reason"},
    {Str::LostReasonChoose, "Выберите причину", "Choose a reason"},
    {Str::LostReasonNew, "+ Новая причина", "+ New reason"},
    {Str::LostReasonNewHint, "Название новой причины", "The new reason's name"},
    {Str::LostReasonRequired, "Укажите причину проигрыша.", "Choose a loss reason."},
    {Str::LostConfirm, "Проиграна", "Mark lost"},
    {Str::NavCustomers, "Клиенты", "Customers"},
    {Str::NavCustomersShort, "Клиенты", "Clients"},
    {Str::NavDeals, "Сделки", "Deals"},
    {Str::NavForecast, "Прогноз", "Forecast"},
    {Str::NavSettings, "Настройки воронки", "Pipeline settings"},
    {Str::NavSettingsShort, "Воронки", "Pipelines"},
    {Str::ForecastThisMonth, "Этот месяц", "This month"},
    {Str::ForecastSixMonths, "6 месяцев", "6 months"},
    {Str::ForecastTwelveMonths, "12 месяцев", "12 months"},
    {Str::ForecastOwner, "Ответственный", "Owner"},
    {Str::ForecastTotal, "Всего", "Total"},
    {Str::ForecastWon, "Выиграно", "Won so far"},
    {Str::ForecastWeighted, "Взвешенная воронка", "Weighted pipeline"},
    {Str::ForecastBestCase, "Лучший случай", "Best case"},
    {Str::ForecastEmpty, "Нет открытых или выигранных сделок с суммой",
     "No open or won deals with an amount"},
    {Str::ForecastFailed, "Не удалось посчитать прогноз: {}", "Could not compute the forecast: {}"},
    {Str::SettingsPipelines, "Воронки", "Pipelines"},
    {Str::SettingsAddPipeline, "+ Воронка", "+ Pipeline"},
    {Str::SettingsDeletePipeline, "Удалить воронку", "Delete pipeline"},
    {Str::SettingsNoPipelines, "Воронок нет", "No pipelines"},
    {Str::SettingsName, "Название", "Name"},
    {Str::SettingsNewPipeline, "Новая воронка", "New pipeline"},
    {Str::SettingsStages, "Этапы", "Stages"},
    {Str::SettingsAddStage, "+ Этап", "+ Stage"},
    {Str::SettingsNewStage, "Новый этап", "New stage"},
    {Str::SettingsWonStage, "Успех", "Won"},
    {Str::SettingsLostStage, "Провал", "Lost"},
    {Str::SettingsProbability, "Вероятность, %", "Probability, %"},
    {Str::SettingsIdleDays, "Дней без движения", "Idle days"},
    {Str::SettingsRequired, "Обязательные поля: {}", "Required fields: {}"},
    {Str::SettingsStageDeals, "Сделок: {}", "Deals: {}"},
    {Str::SettingsLossReasons, "Причины проигрыша", "Loss reasons"},
    {Str::SettingsNewReasonHint, "Новая причина", "New reason"},
    {Str::SettingsAddReason, "Добавить", "Add"},
    {Str::SettingsStageHasDeals, "В этапе «{}» сделок: {}. В какой этап их перенести?",
     "Stage “{}” holds {} deals. Which stage should they go to?"},
    {Str::SettingsNoTarget, "Других этапов нет: сначала добавьте этап",
     "There is no other stage: add one first"},
    {Str::SettingsMoveAndDelete, "Перенести и удалить", "Move and delete"},
    {Str::SettingsMoveBlocked, "Сделка «{}» не может перейти в этап «{}»: не заполнено: {}. Этап оставлен.",
     "Deal “{}” cannot enter stage “{}”: missing {}. The stage was kept."},
    {Str::SettingsMoveFailed, "Не удалось перенести сделки: {}. Этап оставлен.",
     "Could not move the deals: {}. The stage was kept."},
    {Str::SettingsPipelineHasDeals, "В воронке есть сделки ({}): сначала перенесите их в другую воронку",
     "The pipeline holds deals ({}): move them to another pipeline first"},
    {Str::SettingsWriteFailed, "Не удалось сохранить: {}", "Could not save: {}"},
    {Str::SettingsLoadFailed, "Не удалось прочитать настройки: {}", "Could not read the settings: {}"},
    {Str::SyncSignIn, "Войдите, чтобы синхронизировать", "Sign in to sync"},
    {Str::SyncSignInPending, "Войдите, чтобы отправить правки: {}", "Sign in to send your edits: {}"},
    {Str::AccountSignOut, "Выйти", "Sign out"},
    {Str::AccountSignIn, "Войти", "Sign in"},
    {Str::AccountRole, "Роль: {}", "Role: {}"},
    {Str::AccountRoleRep, "торговый представитель", "sales rep"},
    {Str::AccountRoleManager, "руководитель", "manager"},
    {Str::AccountRoleAdmin, "администратор", "administrator"},
    {Str::AccountSessionEnded, "Сеанс завершён: войдите, чтобы синхронизировать",
     "Session ended: sign in to sync"},
    {Str::SignOutTitle, "Выйти из приложения?", "Sign out?"},
    {Str::SignOutUnsent, "Неотправленных правок: {}. При выходе они будут потеряны.",
     "Unsent edits: {}. Signing out loses them."},
    {Str::SignOutNote, "Данные будут удалены с этого устройства.",
     "The data will be deleted from this device."},
    {Str::SignOutConfirm, "Выйти и удалить данные", "Sign out and delete data"},
    {Str::SignOutOffline, "Нет сети: {} правок не отправлены. Выйдите, когда сеть появится.",
     "Offline: {} edits not sent. Sign out once online."},
    {Str::NavUsers, "Пользователи", "Users"},
    {Str::NavUsersShort, "Люди", "Users"},
    {Str::UsersSetPassword, "Задать пароль", "Set password"},
    {Str::UsersNewPassword, "Новый пароль", "New password"},
    {Str::UsersPasswordSave, "Сохранить пароль", "Save password"},
    {Str::UsersPasswordSaved, "Пароль изменён", "Password changed"},
    {Str::UsersPasswordFailed, "Пароль не изменён: {}", "Password not changed: {}"},
    {Str::UsersPasswordOffline, "Нет сети: пароль задаётся только онлайн",
     "Offline: a password can be set online only"},
    {Str::UsersPasswordSending, "Отправка…", "Sending…"},
}};

constexpr bool catalogue_in_order() {
    for (std::size_t i = 0; i < kCatalogue.size(); ++i)
        if (static_cast<std::size_t>(kCatalogue[i].id) != i) return false;
    return true;
}
static_assert(catalogue_in_order(), "kCatalogue entries must follow the order of enum Str");

Language g_language = Language::Ru;

// The label of a field core names in an error: from the entity when known, else from the first entity of the
// app that has a field of that name (errors of sync and storage carry no entity).
std::string_view error_field_label(std::string_view field, const domain::EntityDesc* entity) {
    if (entity != nullptr) {
        if (const domain::FieldDesc* f = entity->find(field)) return field_label(*f);
    }
    for (const domain::EntityDesc& e : domain::Registry::app().entities())
        if (const domain::FieldDesc* f = e.find(field)) return field_label(*f);
    return field;  // a field no descriptor knows: its name is still better than nothing
}

bool is_reference(std::string_view field, const domain::EntityDesc* entity) {
    const domain::FieldDesc* f = entity != nullptr ? entity->find(field) : nullptr;
    return f != nullptr && f->type == domain::FieldType::Reference;
}

}  // namespace

std::string_view to_key(Language lang) {
    return lang == Language::Ru ? "ru" : "en";
}

std::optional<Language> language_from_key(std::string_view key) {
    if (key == "ru") return Language::Ru;
    if (key == "en") return Language::En;
    return std::nullopt;
}

Language language() {
    return g_language;
}
void set_language(Language lang) {
    g_language = lang;
}

const char* tr(Str id) {
    const auto index = static_cast<std::size_t>(id);
    assert(index < kCatalogue.size() && "Str id out of range");
    return g_language == Language::Ru ? kCatalogue[index].ru : kCatalogue[index].en;
}

std::string fill_placeholders(std::string_view pattern, std::initializer_list<std::string_view> args) {
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

std::string trf(Str id, std::initializer_list<std::string_view> args) {
    return fill_placeholders(tr(id), args);
}

PluralForm plural_form(Language lang, std::int64_t n) {
    const std::int64_t abs = n < 0 ? -n : n;
    if (lang == Language::En) return abs == 1 ? PluralForm::One : PluralForm::Many;
    const std::int64_t last = abs % 10;
    const std::int64_t last_two = abs % 100;
    if (last == 1 && last_two != 11) return PluralForm::One;
    if (last >= 2 && last <= 4 && (last_two < 12 || last_two > 14)) return PluralForm::Few;
    return PluralForm::Many;
}

std::string trn(Str one, std::int64_t n, std::string_view n_text) {
    const auto offset = static_cast<int>(plural_form(g_language, n));
    return fill_placeholders(tr(static_cast<Str>(static_cast<int>(one) + offset)), {n_text});
}

std::string error_text(const Error& error, const domain::EntityDesc* entity) {
    switch (error.code) {
        case ErrorCode::Invalid: {
            const std::string_view label = error_field_label(error.field, entity);
            const std::string_view reason = error.reason;
            if (reason == "empty") return trf(Str::ErrEmpty, {label});
            if (reason == "too_long") return trf(Str::ErrTooLong, {label});
            if (reason == "malformed") return trf(Str::ErrMalformed, {label});
            if (reason == "too_many") return trf(Str::ErrTooMany, {label});
            if (reason == "bad_utf8") return trf(Str::ErrBadUtf8, {label});
            if (reason == "out_of_range") return trf(Str::ErrOutOfRange, {label});
            if (reason == "unknown_option") return trf(Str::ErrUnknownOption, {label});
            // The local-write check that a referenced record is live: its reason key names the failure,
            // whichever word core uses for it, so any other reason on a reference field reads the same.
            if (reason.starts_with("unknown") || is_reference(error.field, entity))
                return trf(Str::ErrUnknownReference, {label});
            return trf(Str::ErrInvalid, {label});
        }
        case ErrorCode::NotFound:
            return tr(Str::ErrNotFound);
        case ErrorCode::Conflict:
            return tr(Str::ErrConflict);
        case ErrorCode::Storage:
            return trf(Str::ErrStorage, {error.message});
        case ErrorCode::Protocol:
            return trf(Str::ErrProtocol, {error.message});
        case ErrorCode::Io:
            return trf(Str::ErrNetwork, {error.message});
        case ErrorCode::Unsupported:
            return tr(Str::ErrUnsupported);
    }
    return error.message;
}

}  // namespace crm::ui
