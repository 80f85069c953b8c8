#pragma once
// The string catalogue of the screens: every fixed user-visible text in Russian (the default: our first users
// are Russian-speaking field sales teams) and English, switchable at run time, and the localized texts of
// core errors. What the entity descriptors name (entities, fields, options) is in ui/i18n_labels.hpp; how
// numbers, dates and money read is in ui/format.hpp.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/domain/entity.hpp"
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
    SearchHint,
    FoundCount,  // {} = formatted count
    EmptyNoMatches,
    EmptyNoRecords,
    ListLoadFailed,  // {} = error text
    Close,
    Back,
    CardMore,  // {} = count not shown
    CardNoRelated,
    CardNotFound,
    SelectRecord,
    NoValue,
    NoneChoice,  // an empty reference or enum, when the field's label has no ".none" text
    Yes,
    No,
    SyncOffline,
    // Offline with unsent edits, {} = count; three plural forms in this order (see trn)
    SyncOfflinePendingOne,
    SyncOfflinePendingFew,
    SyncOfflinePendingMany,
    SyncPending,  // {} = count
    SyncSyncing,
    SyncSynced,  // {} = time
    SyncNever,
    SyncError,  // {} = message
    SyncNow,
    ErrEmpty,             // {} = field
    ErrTooLong,           // {} = field
    ErrMalformed,         // {} = field
    ErrTooMany,           // {} = field
    ErrBadUtf8,           // {} = field
    ErrOutOfRange,        // {} = field
    ErrUnknownOption,     // {} = field
    ErrUnknownReference,  // {} = field
    ErrInvalid,           // {} = field
    ErrNotFound,
    ErrConflict,
    ErrStorage,  // {} = message
    ErrNetwork,  // {} = message
    ErrUnsupported,
    ErrProtocol,  // {} = message
    // --- record screens ---
    FilterValue,  // {} = field label, {} = the chosen value or FilterAll
    FilterAll,
    Edit,
    Delete,
    ConfirmDelete,  // {} = record title
    ConfirmYes,
    ConfirmNo,
    DeletedRecord,  // {} = record title
    Undo,
    Save,
    Cancel,
    AddRow,
    RemoveRow,
    ReferenceSearchHint,
    FormKeysHint,
    SaveFailed,    // {} = error text
    DeleteFailed,  // {} = error text
    DateHint,
    DateTimeHint,
    AmountHint,
    GeoClear,
    FormGateRequired,  // {} = stage name
    // --- local storage (the page store) ---
    StorageSaved,
    StorageSaving,
    StorageNotSaved,
    StorageMemoryOnly,
    StorageBannerError,   // {} = reason, {} = seconds to the next attempt
    StorageBannerMemory,  // {} = reason
    StorageQuotaFull,
    StorageRetry,
    // --- conflicts (ui/views/conflict_panel.cpp) ---
    ConflictField,  // {} = field label
    ConflictDeleted,
    ConflictMine,
    ConflictWinning,
    ConflictBy,
    ConflictWho,  // {} = device (short id), {} = date and time
    ConflictApplyMine,
    ConflictRestore,
    ConflictDismiss,
    ConflictFailed,   // {} = error text
    StatusConflicts,  // {} = count
    // --- deals board (ui/views/deal_board.cpp) and stage moves (ui/views/stage_move_dialog.cpp) ---
    BoardModeBoard,
    BoardModeList,
    BoardPipeline,  // {} = pipeline name
    BoardOwner,     // {} = owner or FilterAll
    BoardSearchHint,
    BoardNoPipelines,
    BoardLoadFailed,  // {} = error text
    BoardMoveFailed,  // {} = error text
    BoardWeighted,    // {} = weighted sums
    BoardDaysOne,     // {} = days in stage; three plural forms (see trn)
    BoardDaysFew,
    BoardDaysMany,
    BoardStale,
    BoardNoCustomer,
    MoveTitle,       // {} = stage name
    MoveFillPrompt,  // {} = stage name
    MoveConfirm,
    MoveStillMissing,  // {} = field labels
    LostTitle,
    LostReason,
    LostReasonChoose,
    LostReasonNew,
    LostReasonNewHint,
    LostReasonRequired,
    LostConfirm,
    // --- sections (ui/views/nav_bar.cpp) ---
    NavCustomers,
    NavCustomersShort,  // on a phone's bottom bar when the full label does not fit
    NavDeals,
    NavForecast,
    NavSettings,
    NavSettingsShort,  // on a phone's bottom bar when the full label does not fit
    // --- forecast (ui/views/forecast_view.cpp) ---
    ForecastThisMonth,
    ForecastSixMonths,
    ForecastTwelveMonths,
    ForecastOwner,
    ForecastTotal,
    ForecastWon,
    ForecastWeighted,
    ForecastBestCase,
    ForecastEmpty,
    ForecastFailed,  // {} = error text
    // --- pipeline settings (ui/views/pipeline_settings.cpp) ---
    SettingsPipelines,
    SettingsAddPipeline,
    SettingsDeletePipeline,
    SettingsNoPipelines,
    SettingsName,
    SettingsNewPipeline,
    SettingsStages,
    SettingsAddStage,
    SettingsNewStage,
    SettingsWonStage,
    SettingsLostStage,
    SettingsProbability,
    SettingsIdleDays,
    SettingsRequired,
    SettingsStageDeals,
    SettingsLossReasons,
    SettingsNewReasonHint,
    SettingsAddReason,
    SettingsStageHasDeals,
    SettingsNoTarget,
    SettingsMoveAndDelete,
    SettingsMoveBlocked,
    SettingsMoveFailed,
    SettingsPipelineHasDeals,
    SettingsWriteFailed,
    SettingsLoadFailed,
    // --- the account (ui/views/account_menu.cpp, ui/views/users_view.cpp) ---
    SyncSignIn,         // sync waits for a sign-in; no edits waiting
    SyncSignInPending,  // {} = edits waiting
    AccountSignOut,
    AccountSignIn,
    AccountRole,  // {} = role
    AccountRoleRep,
    AccountRoleManager,
    AccountRoleAdmin,
    AccountSessionEnded,  // the server ended the session: sync waits
    SignOutTitle,
    SignOutUnsent,  // {} = count of unsent edits
    SignOutNote,
    SignOutConfirm,
    SignOutOffline,  // {} = count of unsent edits, no network
    NavUsers,
    NavUsersShort,  // on a phone's bottom bar when the full label does not fit
    UsersSetPassword,
    UsersNewPassword,
    UsersPasswordSave,
    UsersPasswordSaved,
    UsersPasswordFailed,  // {} = reason
    UsersPasswordOffline,
    UsersPasswordSending,
    Count_
};

// The text of `id` in the current language.
const char* tr(Str id);
// The text with each "{}" replaced by the next argument, in order.
std::string trf(Str id, std::initializer_list<std::string_view> args);

// Plural categories: Russian one (1, 21, 101...), few (2-4, 22-24...), many (0, 5-20, 11-14, 25...);
// English one (1) and other, which reads the "many" text.
enum class PluralForm { One, Few, Many };
PluralForm plural_form(Language lang, std::int64_t n);
// `one` is the first of three consecutive ids (the one, few and many texts): the text of the current language
// for `n`, its "{}" replaced by `n_text` (the formatted number).
std::string trn(Str one, std::int64_t n, std::string_view n_text);

// `pattern` with each "{}" replaced by the next argument, in order (arguments are not expanded again).
std::string fill_placeholders(std::string_view pattern, std::initializer_list<std::string_view> args);

// The message a user sees for a core error. Validation errors name the field by its label: the field is
// looked up in `entity` when given, else in any entity of the app's registry.
std::string error_text(const Error& error, const domain::EntityDesc* entity = nullptr);

}  // namespace crm::ui
