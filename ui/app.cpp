// The application shell: one window covering the viewport with a top bar, the section switcher (nav_bar.hpp),
// the section's views (the record lists with the card and form beside them: generic views driven by the
// entity registry; the forecast; the pipeline settings), the undo bar and a status bar with the sync
// indicator.
// Automation ids and published state keys, of the shell and of every view, are listed once in
// docs/automation.md.
#include "ui/app.hpp"

#include <algorithm>
#include <string>

#include <imgui.h>

#include "core/domain/today.hpp"
#include "ui/fonts.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"
#include "ui/option_lists.hpp"
#include "ui/preferences.hpp"
#include "ui/reminders.hpp"
#include "ui/theme.hpp"
#include "ui/ui_limits.hpp"
#include "ui/views/account_menu.hpp"
#include "ui/views/call_log_prompt.hpp"
#include "ui/views/deal_board.hpp"
#include "ui/views/forecast_view.hpp"
#include "ui/views/nav_bar.hpp"
#include "ui/views/pipeline_settings.hpp"
#include "ui/views/record_card.hpp"
#include "ui/views/record_form.hpp"
#include "ui/views/record_list.hpp"
#include "ui/views/reminder_banner.hpp"
#include "ui/views/storage_status.hpp"
#include "ui/views/today_view.hpp"
#include "ui/views/undo_bar.hpp"
#include "ui/views/users_view.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

namespace {

const char* phase_key(SyncPhase phase) {
    switch (phase) {
        case SyncPhase::Offline:
            return "offline";
        case SyncPhase::Pending:
            return "pending";
        case SyncPhase::Syncing:
            return "syncing";
        case SyncPhase::Synced:
            return "synced";
        case SyncPhase::Error:
            return "error";
        case SyncPhase::SignIn:
            return "sign_in";
    }
    return "unknown";
}

// The setting keeping the section shown, so a reload (or the next start) opens where the rep was.
constexpr std::string_view kSectionSetting = "ui.section";

// The remembered section when it still exists for this registry, else the home section (Today).
Section start_section(Platform& platform, const domain::Registry& registry) {
    const Section home = NavBarView::home(registry);
    const auto saved = platform.load_setting(kSectionSetting);
    if (!saved) return home;
    for (Section s : {Section::Today, Section::Customers, Section::Deals, Section::Forecast,
                      Section::PipelineSettings, Section::Users})
        if (section_key(s) == *saved && (s != Section::Today || home == Section::Today)) return s;
    return home;
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

}  // namespace

class AppImpl {
  public:
    AppImpl(Store& store, Platform& platform, const domain::Registry& registry)
        : store_(store),
          registry_(registry),
          platform_(platform),
          prefs_(load_preferences(platform)),
          section_(start_section(platform, registry)) {
        set_language(prefs_.language);
    }

    void init_style(const char* font_path, float pixel_ratio) {
        // Settings live in Platform, never in an imgui.ini next to the page or the test binary.
        ImGui::GetIO().IniFilename = nullptr;
        // Every control is reachable without a mouse: Tab walks the form, arrows move, Space/Enter activate.
        ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
        font_status_ = load_fonts(font_path, pixel_ratio);
        styled_ = false;
    }

    void frame();
    void data_changed() {
        options_.invalidate();
        invalidate_lists();
        card_.invalidate();
        forecast_.invalidate();
        settings_.invalidate();
        overdue_counted_at_ = -1;
    }
    Automation& automation() { return automation_; }

  private:
    void apply_style_if_needed(Density density);
    void draw_top_bar(ViewContext& ctx);
    void draw_main(ViewContext& ctx, float height);
    // A record list (or the deals board) with the card and form beside it (or instead of it, on a phone).
    template <class List>
    void draw_records(ViewContext& ctx, List& list);
    void draw_side_pane(ViewContext& ctx);
    bool has_side_pane() const {
        return section_ == Section::Customers || section_ == Section::Deals || section_ == Section::Today ||
               section_ == Section::Users;
    }
    void invalidate_lists() {
        customers_.invalidate();
        users_.invalidate();
        deals_.invalidate();
        today_.invalidate();
    }
    void draw_overdue_badge(ViewContext& ctx);
    // A record to show from outside the lists (a reminder): in a section with the card pane.
    void open_record(RecordRef ref) {
        if (!has_side_pane()) {
            section_ = NavBarView::home(registry_);
            section_changed();
        }
        form_.close();
        card_.open(std::move(ref));
    }
    void apply_view_requests(ViewContext& ctx);
    void section_changed();
    void draw_status_bar(ViewContext& ctx);
    void open_newest_conflict(ViewContext& ctx);
    std::string sync_text(const SyncStatus& status);
    void set_prefs(Preferences prefs) {
        prefs_ = prefs;
        set_language(prefs_.language);
        save_preferences(platform_, prefs_);
    }

    Store& store_;
    const domain::Registry& registry_;
    Platform& platform_;
    Preferences prefs_;
    Automation automation_;
    OptionLists options_;
    NavBarView nav_;
    Section section_;
    RecordListView customers_{
        [](const domain::EntityDesc& e) { return shows_entity(Section::Customers, e); }};
    DealBoardView deals_;  // the board, or (its toggle) the list of deals
    TodayView today_;      // the rep's home; or (its toggle) the list of activities
    Reminders reminders_;
    ReminderBannerView reminder_banner_;
    std::int64_t overdue_ = 0;                // the top bar's badge
    std::int64_t overdue_counted_at_ = -1;    // Database::total_changes() when counted
    std::int64_t overdue_counted_slot_ = -1;  // now / kTodayRecomputeMs then: time makes things overdue
    ForecastView forecast_;
    PipelineSettingsView settings_;
    RecordListView users_{[](const domain::EntityDesc& e) { return shows_entity(Section::Users, e); }};
    PasswordPanelView password_;
    AccountMenuView account_;
    Session session_;  // read from the platform once per frame
    RecordCardView card_;
    RecordFormView form_;
    UndoBarView undo_;
    StorageStatusView storage_;
    Status font_status_;
    std::int64_t conflicts_ = 0;              // open sync conflicts, for the status bar
    std::int64_t conflicts_counted_at_ = -1;  // Database::total_changes() when they were counted
    bool styled_ = false;
    Theme styled_theme_ = Theme::Light;
    Density styled_density_ = Density::Comfortable;
    std::int64_t frame_ = 0;
};

void AppImpl::apply_style_if_needed(Density density) {
    if (styled_ && styled_theme_ == prefs_.theme && styled_density_ == density) return;
    apply_style(prefs_.theme, density);
    styled_ = true;
    styled_theme_ = prefs_.theme;
    styled_density_ = density;
}

void AppImpl::frame() {
    automation_.begin_frame();
    // Another App (tests) or a reload may have changed the process-wide language: ours wins while we draw.
    set_language(prefs_.language);
    const ImGuiIO& io = ImGui::GetIO();
    ViewContext ctx{store_,
                    registry_,
                    platform_,
                    automation_,
                    options_,
                    io.DisplaySize.x < limits::kNarrowLayoutMaxWidth,
                    accents(prefs_.theme)};
    apply_style_if_needed(ctx.narrow ? Density::Touch : Density::Comfortable);
    session_ = platform_.session();
    nav_.set_admin(session_.admin());
    if (section_ == Section::Users && !session_.admin()) {
        // Signed in as someone else now (or the section was remembered from an admin's session).
        section_ = NavBarView::home(registry_);
        section_changed();
    }

    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    constexpr ImGuiWindowFlags kRootFlags =
        ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
        ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse;
    // Escape closes the card, unless it is editing text (then Escape belongs to the text field).
    // The form and the delete confirmation handle their own Escape.
    if (has_side_pane() && card_.is_open() && !form_.is_open() &&
        !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId) && !io.WantTextInput &&
        ImGui::IsKeyPressed(ImGuiKey_Escape, false))
        card_.close();
    if (ImGui::Begin("##crm_root", nullptr, kRootFlags)) {
        draw_top_bar(ctx);
        reminders_.tick(ctx);
        if (auto opened = reminder_banner_.draw(ctx, reminders_)) open_record(std::move(*opened));
        storage_.update(ctx);
        storage_.draw_banner(ctx);
        const ImGuiStyle& style = ImGui::GetStyle();
        // On a phone the status bar has two rows (sync text; save indicator and button), so neither is cut.
        const float rows = ctx.narrow ? 2.0f : 1.0f;
        const float status_h = ImGui::GetFrameHeight() * rows + style.ItemSpacing.y * (rows + 1.0f) + 1.0f;
        // A phone's sections are a bar above the status bar, in the thumb's reach.
        const float nav_h = ctx.narrow ? nav_.bottom_height() : 0.0f;
        draw_main(ctx, std::max(ImGui::GetContentRegionAvail().y - status_h - nav_h, 1.0f));
        if (ctx.narrow) {
            ImGui::Separator();
            if (nav_.draw_bottom(ctx, section_)) section_changed();
        }
        draw_status_bar(ctx);
        draw_visits_and_calls(ctx);  // positions of check-ins, the call prompt, the visit report
    }
    ImGui::End();

    ++frame_;
    automation_.publish("frame", frame_);
    automation_.publish("lang", to_key(prefs_.language));
    automation_.publish("theme", to_key(prefs_.theme));
    automation_.publish("layout", ctx.narrow ? "narrow" : "wide");
    nav_.publish(ctx, section_);
    account_.publish(ctx, session_);
    reminders_.publish(ctx);
    if (!font_status_.ok()) automation_.publish("font.error", font_status_.error().message);
    automation_.end_frame();
}

void AppImpl::draw_top_bar(ViewContext& ctx) {
    ImGui::AlignTextToFramePadding();
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
    ImGui::TextUnformatted(tr(Str::AppTitle));
    ImGui::PopStyleColor();
    automation_.publish("topbar.title", tr(Str::AppTitle));
    draw_overdue_badge(ctx);

    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string theme_label =
        std::string(tr(prefs_.theme == Theme::Light ? Str::ThemeToDark : Str::ThemeToLight)) + "###theme";
    const float account_w = account_.button_width(ctx, session_);
    const float right_w = (account_w > 0.0f ? account_w + style.ItemSpacing.x : 0.0f) + button_width("RU") +
                          button_width("EN") + button_width(theme_label.c_str()) + style.ItemSpacing.x * 2.0f;
    if (!ctx.narrow) {
        // The sections between the title and the language buttons.
        ImGui::SameLine(0.0f, style.ItemSpacing.x * 4.0f);
        const float nav_w =
            ImGui::GetContentRegionMax().x - right_w - ImGui::GetCursorPosX() - style.ItemSpacing.x;
        if (nav_.draw_row(ctx, section_, nav_w)) section_changed();
    }
    ImGui::SameLine(std::max(ImGui::GetContentRegionMax().x - right_w, ImGui::GetCursorPosX()));
    if (account_w > 0.0f) {
        if (account_.draw(ctx, session_) && section_ != Section::Users) {
            section_ = Section::Users;
            section_changed();
        }
        ImGui::SameLine();
    }

    struct LangButton {
        Language lang;
        const char* label;
        const char* tag;
    };
    static constexpr LangButton kLangs[] = {{Language::Ru, "RU", "topbar.lang.ru"},
                                            {Language::En, "EN", "topbar.lang.en"}};
    for (const LangButton& b : kLangs) {
        const bool current = prefs_.language == b.lang;
        if (current) {
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        }
        if (ImGui::Button(b.label) && !current) {
            Preferences p = prefs_;
            p.language = b.lang;
            set_prefs(p);
        }
        if (current) ImGui::PopStyleColor(2);
        ctx.automation.tag_last_item(b.tag);
        ImGui::SameLine();
    }
    if (ImGui::Button(theme_label.c_str())) {
        Preferences p = prefs_;
        p.theme = prefs_.theme == Theme::Light ? Theme::Dark : Theme::Light;
        set_prefs(p);
    }
    ctx.automation.tag_last_item("topbar.theme");
    ImGui::Separator();
}

// Overdue activities: a red button after the title, counted again when the database changed or
// kTodayRecomputeMs passed; a tap shows Today. Hidden at zero.
void AppImpl::draw_overdue_badge(ViewContext& ctx) {
    const std::int64_t writes = store_.db().total_changes();
    const std::int64_t now = platform_.now_ms();
    const std::int64_t slot = now / limits::kTodayRecomputeMs;
    if (writes != overdue_counted_at_ || slot != overdue_counted_slot_) {
        overdue_counted_at_ = writes;
        overdue_counted_slot_ = slot;
        overdue_ = domain::count_overdue(store_, {{}, now, platform_.utc_offset_minutes() * 60'000LL}).value_or(0);
    }
    automation_.publish("topbar.overdue", overdue_);
    if (overdue_ <= 0) return;
    ImGui::SameLine();
    // A phone's top bar has room for the number alone: the red counter the phone's own apps use.
    const std::string count = format_count(overdue_);
    const std::string text = (ctx.narrow ? count : labelf("today.badge", {count})) + "###overdue";
    ImGui::PushStyleColor(ImGuiCol_Button, ctx.colors.error);
    ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(255, 255, 255, 255));
    const bool tapped = ImGui::Button(text.c_str());
    ImGui::PopStyleColor(2);
    ctx.automation.tag_last_item("topbar.overdue");
    if (tapped && section_ != Section::Today && NavBarView::home(registry_) == Section::Today) {
        section_ = Section::Today;
        section_changed();
    }
}

void AppImpl::draw_main(ViewContext& ctx, float height) {
    // The undo bar sits under the views while it shows, so it never covers a row or a form button.
    const bool undo_bar = undo_.visible(platform_.now_ms());
    const float undo_h = undo_bar ? ImGui::GetFrameHeightWithSpacing() : 0.0f;
    if (ImGui::BeginChild("##main", ImVec2(0, std::max(height - undo_h, 1.0f)), ImGuiChildFlags_None)) {
        // Each section's own ImGui ids (a list's selected tab and scroll), so switching keeps them.
        ImGui::PushID(section_key(section_).data(),
                      section_key(section_).data() + section_key(section_).size());
        switch (section_) {
            case Section::Today:
                draw_records(ctx, today_);
                break;
            case Section::Customers:
                draw_records(ctx, customers_);
                break;
            case Section::Deals:
                draw_records(ctx, deals_);
                break;
            case Section::Forecast:
                forecast_.draw(ctx);
                break;
            case Section::PipelineSettings:
                settings_.draw(ctx);
                break;
            case Section::Users:
                draw_records(ctx, users_);
                break;
        }
        ImGui::PopID();
    }
    ImGui::EndChild();
    if (undo_bar) {
        if (auto restored = undo_.draw(ctx)) {
            invalidate_lists();
            card_.open(std::move(*restored));
        }
    }
    apply_view_requests(ctx);
}

template <class List>
void AppImpl::draw_records(ViewContext& ctx, List& list) {
    const std::string& selected = form_.is_open() ? form_.edited_id() : card_.current_id();
    const bool side_open = card_.is_open() || form_.is_open();
    if (ctx.narrow && side_open) {
        // One column: the form or the card, when open, replaces the list; the card's close reads "Back".
        draw_side_pane(ctx);
    } else if (ctx.narrow || !side_open) {
        // Nothing to show beside the list: it takes the whole width, so every column is readable. The
        // same child as in the split layout keeps the list's ImGui ids (selected tab, scroll, columns).
        ImGui::BeginChild("##list_pane", ImVec2(0, 0), ImGuiChildFlags_None);
        if (auto opened = list.draw(ctx, selected)) card_.open(std::move(*opened));
        ImGui::EndChild();
    } else {
        const float list_w =
            std::max(ImGui::GetContentRegionAvail().x * limits::kListPaneShare, limits::kListPaneMinWidth);
        ImGui::BeginChild("##list_pane", ImVec2(list_w, 0), ImGuiChildFlags_None);
        if (auto opened = list.draw(ctx, selected)) {
            // A click in the list while editing: the list wins and the edit is dropped.
            form_.close();
            card_.open(std::move(*opened));
        }
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("##card_pane", ImVec2(0, 0), ImGuiChildFlags_Border);
        draw_side_pane(ctx);
        ImGui::EndChild();
    }
}

// Another section shows its own records: the card closes (on a phone it would cover the new section's
// list). An open form stays, edit and all, and shows again in the list sections.
void AppImpl::section_changed() {
    if (!form_.is_open()) card_.close();
    platform_.save_setting(kSectionSetting, section_key(section_));
}

void AppImpl::draw_side_pane(ViewContext& ctx) {
    if (form_.is_open()) {
        form_.draw(ctx);
        return;
    }
    // A user's password is the server's, never a field: its action sits over the user's card.
    if (section_ == Section::Users && card_.is_open() && session_.active)
        password_.draw(ctx, card_.current_id());
    card_.draw(ctx);
}

// What the views asked for while drawing, applied once the frame's widgets are all drawn.
void AppImpl::apply_view_requests(ViewContext& ctx) {
    if (auto entity = customers_.take_create_request()) form_.open_new(**entity);
    if (auto entity = deals_.take_create_request()) form_.open_new(**entity);
    if (auto entity = users_.take_create_request()) form_.open_new(**entity);
    if (auto request = today_.take_create_request()) form_.open_new(*request->entity, std::move(request->prefill));
    if (auto done = today_.take_completed()) {
        invalidate_lists();
        overdue_counted_at_ = -1;
        // The follow-up is what the rep looks at next; without one, the activity just done.
        if (const domain::EntityDesc* activity = ctx.registry.find(domain::entity::kActivity))
            card_.open(RecordRef{activity, done->follow_up.value_or(done->done_id)});
    }
    if (auto event = card_.take_event()) {
        if (event->type == CardEvent::Type::Edit) {
            form_.open_edit(event->ref);
        } else if (event->type == CardEvent::Type::NewRelated) {
            // The child starts out pointing at the card's record.
            const domain::RelatedList& related = *event->related;
            if (const domain::EntityDesc* child = ctx.registry.find(related.entity))
                form_.open_new(*child, {Prefill{std::string(related.via), event->ref.id, event->title}});
        } else if (event->type == CardEvent::Type::Changed) {
            invalidate_lists();  // a restored record is listed again, a re-applied value shows
        } else {
            undo_.deleted(event->ref, event->title, ctx.platform.now_ms());
            invalidate_lists();
        }
    }
    if (auto result = form_.take_result()) {
        if (result->saved) {
            options_.invalidate();  // the saved record may be an option of a user-defined list
            invalidate_lists();
            card_.open(std::move(*result->saved));
        }
    }
}

void AppImpl::open_newest_conflict(ViewContext& ctx) {
    auto newest = store_.conflicts().all(1);
    if (!newest || newest->empty()) return;
    const sync::Conflict& c = newest->front();
    const domain::EntityDesc* entity = ctx.registry.find_table(c.table);
    if (entity == nullptr) return;  // a table of another registry than the views show
    form_.close();                  // as a click in the list: the card wins over an open form
    card_.open(RecordRef{entity, c.row_id});
}

std::string AppImpl::sync_text(const SyncStatus& status) {
    switch (status.phase) {
        case SyncPhase::Offline:
            // The rep should know what has not reached the server yet, not only that it is kept.
            if (status.pending > 0)
                return trn(Str::SyncOfflinePendingOne, status.pending, format_count(status.pending));
            return tr(Str::SyncOffline);
        case SyncPhase::Pending:
            return trf(Str::SyncPending, {format_count(status.pending)});
        case SyncPhase::Syncing:
            return tr(Str::SyncSyncing);
        case SyncPhase::Synced: {
            if (status.last_synced_ms <= 0) return tr(Str::SyncNever);
            const int utc = platform_.utc_offset_minutes();
            // Older than today: the time alone would mislead, so show the date too.
            const bool today = same_local_day(status.last_synced_ms, platform_.now_ms(), utc);
            return trf(Str::SyncSynced, {today ? format_time(status.last_synced_ms, utc)
                                               : format_datetime(status.last_synced_ms, utc)});
        }
        case SyncPhase::Error:
            return trf(Str::SyncError, {status.message});
        case SyncPhase::SignIn:
            if (status.pending > 0) return trf(Str::SyncSignInPending, {format_count(status.pending)});
            return tr(Str::SyncSignIn);
    }
    return {};
}

void AppImpl::draw_status_bar(ViewContext& ctx) {
    ImGui::Separator();
    const SyncStatus status = platform_.sync_status();
    const std::string text = sync_text(status);
    const Accents& colors = ctx.colors;
    ImU32 color = colors.muted;
    if (status.phase == SyncPhase::Synced) color = colors.ok;
    if (status.phase == SyncPhase::Pending || status.phase == SyncPhase::Offline) color = colors.warning;
    if (status.phase == SyncPhase::Error) color = colors.error;
    if (status.phase == SyncPhase::SignIn) color = colors.warning;

    // Signed out: the button asks for the password instead (the platform shows the sign-in form).
    const std::string button_label =
        std::string(tr(status.phase == SyncPhase::SignIn ? Str::AccountSignIn : Str::SyncNow)) +
        "###sync_now";
    const float button_w = button_width(button_label.c_str());
    const float row_start = ImGui::GetCursorPosX();
    const float right = ImGui::GetContentRegionMax().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float storage_w = storage_.indicator_width();
    // Open sync conflicts: a button that opens the newest one's card. Counted again only after the database
    // changed (a merge, a resolution), not every frame.
    if (const std::int64_t writes = store_.db().total_changes(); writes != conflicts_counted_at_) {
        conflicts_counted_at_ = writes;
        conflicts_ = store_.conflicts().count().value_or(0);
    }
    const std::int64_t conflicts = conflicts_;
    const std::string conflicts_label =
        conflicts > 0 ? trf(Str::StatusConflicts, {format_count(conflicts)}) + "###conflicts" : std::string();
    const float conflicts_w = conflicts > 0 ? button_width(conflicts_label.c_str()) + spacing : 0.0f;
    const bool two_rows = ctx.narrow;
    const float text_w =
        two_rows ? std::max(right - row_start, 1.0f)
                 : std::max(right - row_start - button_w - storage_w - conflicts_w - spacing * 2.0f, 1.0f);
    const bool show_progress = status.phase == SyncPhase::Syncing && status.progress >= 0.0f;

    if (show_progress) {
        // The bar takes the text's place and carries the text, so it fits a phone's width too.
        const float progress = std::clamp(status.progress, 0.0f, 1.0f);
        const std::string overlay =
            text + " " + std::to_string(static_cast<int>(progress * 100.0f + 0.5f)) + "%";
        ImGui::ProgressBar(progress, ImVec2(text_w, 0.0f), overlay.c_str());
        ctx.automation.tag_last_item("status.progress");
    } else {
        // A long message (an error text) is cut at the available width; the tooltip shows all of it.
        ImGui::AlignTextToFramePadding();
        const ImVec2 text_pos = ImGui::GetCursorScreenPos();
        ImGui::PushClipRect(text_pos, ImVec2(text_pos.x + text_w, text_pos.y + ImGui::GetFrameHeight()),
                            true);
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopStyleColor();
        ImGui::PopClipRect();
        if (ImGui::IsItemHovered() && ImGui::CalcTextSize(text.c_str()).x > text_w)
            ImGui::SetTooltip("%s", text.c_str());
    }
    ctx.automation.tag_last_item("status.sync");
    if (!two_rows) ImGui::SameLine(std::max(right - button_w - storage_w - conflicts_w - spacing, row_start));
    if (conflicts > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, colors.warning);
        const bool open = ImGui::Button(conflicts_label.c_str());
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("status.conflicts");
        if (open) open_newest_conflict(ctx);
        ImGui::SameLine();
    }
    storage_.draw_indicator(ctx);
    ImGui::SameLine(std::max(right - button_w, row_start));
    ImGui::BeginDisabled(status.phase == SyncPhase::Syncing);
    if (ImGui::Button(button_label.c_str())) platform_.request_sync();
    ImGui::EndDisabled();
    ctx.automation.tag_last_item("status.sync_now");

    ctx.automation.publish("status.sync", text);
    ctx.automation.publish("status.conflicts", conflicts);
    ctx.automation.publish("status.phase", phase_key(status.phase));
    if (show_progress) ctx.automation.publish("status.progress", status.progress);
}

App::App(Store& store, Platform& platform, const domain::Registry& registry)
    : impl_(std::make_unique<AppImpl>(store, platform, registry)) {}
App::~App() = default;
void App::init_style(const char* font_path, float pixel_ratio) {
    impl_->init_style(font_path, pixel_ratio);
}
void App::frame() {
    impl_->frame();
}
void App::data_changed() {
    impl_->data_changed();
}
Automation& App::automation() {
    return impl_->automation();
}

}  // namespace crm::ui
