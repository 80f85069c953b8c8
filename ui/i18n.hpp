#pragma once
// The one string catalogue of the UI: every user-visible text in Russian (the default: our first users are
// Russian-speaking field sales teams) and English, switchable at run time. Also the number and date
// formats of the current language, and the localized texts of core errors.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/customer.hpp"
#include "core/util/result.hpp"

namespace crm::ui {

enum class Language { Ru, En };

std::string_view to_key(Language lang);  // "ru", "en"
std::optional<Language> language_from_key(std::string_view key);

// The UI language is process-wide, like ImGui's own context: every view reads it while drawing.
Language language();
void set_language(Language lang);

enum class Str {
    AppTitle,
    ThemeToDark,
    ThemeToLight,
    TabCompanies,
    TabContacts,
    SearchHint,
    FoundCount,  // {} = formatted count
    ColName,
    ColCompany,
    ColPosition,
    ColPhone,
    ColEmail,
    ColStage,
    ColOwner,
    ColUpdated,
    EmptyNoMatches,
    EmptyNoCustomers,
    ListLoadFailed,  // {} = error text
    KindCompany,
    KindContact,
    Close,
    Back,
    FieldPhones,
    FieldEmails,
    FieldAddress,
    FieldNotes,
    FieldStage,
    FieldOwner,
    FieldCreated,
    FieldUpdated,
    FieldPosition,
    FieldCompany,
    FieldName,
    CardContacts,      // {} = count
    CardMoreContacts,  // {} = count not shown
    CardNoContacts,
    PrivatePerson,
    CardNotFound,
    SelectCustomer,
    NoValue,
    SyncOffline,
    SyncPending,  // {} = count
    SyncSyncing,
    SyncSynced,  // {} = time
    SyncNever,
    SyncError,  // {} = message
    SyncNow,
    ErrEmpty,       // {} = field
    ErrTooLong,     // {} = field
    ErrMalformed,   // {} = field
    ErrTooMany,     // {} = field
    ErrBadUtf8,     // {} = field
    ErrInvalid,     // {} = field
    ErrUnknownCompany,
    ErrNotFound,
    ErrConflict,
    ErrStorage,      // {} = message
    ErrNetwork,      // {} = message
    ErrUnsupported,
    ErrProtocol,  // {} = message
    // --- customer screens ---
    FilterStage,  // {} = stage name or FilterAll
    FilterOwner,  // {} = owner or FilterAll
    FilterAll,
    NewCompany,
    NewContact,
    Edit,
    Delete,
    ConfirmDelete,  // {} = record name
    ConfirmYes,
    ConfirmNo,
    DeletedRecord,  // {} = record name
    Undo,
    FormNewCompany,
    FormNewContact,
    FormEditCompany,
    FormEditContact,
    Save,
    Cancel,
    AddPhone,
    AddEmail,
    RemoveRow,
    CompanySearchHint,
    FormKeysHint,
    SaveFailed,    // {} = error text
    DeleteFailed,  // {} = error text
    AddContact,
    // --- local storage (the page store) ---
    StorageSaved,
    StorageSaving,
    StorageNotSaved,
    StorageMemoryOnly,
    StorageBannerError,   // {} = reason, {} = seconds to the next attempt
    StorageBannerMemory,  // {} = reason
    StorageQuotaFull,
    StorageRetry,
    Count_
};

// The text of `id` in the current language.
const char* tr(Str id);
// The text with each "{}" replaced by the next argument, in order.
std::string trf(Str id, std::initializer_list<std::string_view> args);

std::string_view stage_name(domain::JourneyStage stage);
// Localized label of a record field name as core reports it in Error::field ("name", "phones", ...).
std::string_view field_label(std::string_view field);
// The message a user sees for a core error (validation errors by field and reason).
std::string error_text(const Error& error);

// 2400 → "2 400" (RU, no-break space) or "2,400" (EN).
std::string format_count(std::int64_t value);
// Unix ms → "DD.MM.YYYY HH:MM" in local time (`utc_offset_minutes` from the platform).
std::string format_datetime(std::int64_t unix_ms, int utc_offset_minutes);
// Unix ms → "DD.MM.YYYY" in local time.
std::string format_date(std::int64_t unix_ms, int utc_offset_minutes);
// Unix ms → "HH:MM" in local time.
std::string format_time(std::int64_t unix_ms, int utc_offset_minutes);
// Whether two instants fall on the same local calendar day.
bool same_local_day(std::int64_t a_ms, std::int64_t b_ms, int utc_offset_minutes);

}  // namespace crm::ui
