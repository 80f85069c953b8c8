#include "ui/views/account_menu.hpp"

#include <imgui.h>

#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/views/users_view.hpp"
#include "ui/widgets/confirm_modal.hpp"

namespace crm::ui {

namespace {

constexpr const char* kMenuPopup = "##account_menu";
constexpr const char* kConfirmPopup = "###confirm_sign_out";

// The first letters of the first two words of a name ("Иван Петров" → "ИП"), UTF-8 aware: a phone's top bar
// has room for little more.
std::string initials(const std::string& name) {
    std::string out;
    bool word_start = true;
    int taken = 0;
    for (std::size_t i = 0; i < name.size() && taken < 2;) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        if (c == ' ') {
            word_start = true;
        } else if (word_start) {
            out.append(name, i, len);
            ++taken;
            word_start = false;
        }
        i += len;
    }
    return out;
}

}  // namespace

const char* role_text(const std::string& role) {
    if (role == "admin") return tr(Str::AccountRoleAdmin);
    if (role == "manager") return tr(Str::AccountRoleManager);
    return tr(Str::AccountRoleRep);
}

std::string AccountMenuView::label(const ViewContext& ctx, const Session& session) const {
    if (!session.user) return tr(Str::AccountSignIn);
    const std::string& name = session.user->name.empty() ? session.user->login : session.user->name;
    return ctx.narrow ? initials(name) : name;
}

float AccountMenuView::button_width(const ViewContext& ctx, const Session& session) const {
    if (!session.user) return 0.0f;
    const std::string text = label(ctx, session);
    return ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

bool AccountMenuView::draw(ViewContext& ctx, const Session& session) {
    // Nobody ever signed in here: the page's sign-in form covers the app (and a platform without accounts,
    // the tests' and tools', shows no button).
    if (!session.user) return false;
    bool users = false;
    const std::string text = label(ctx, session) + "###account";
    // An ended session reads in the warning colour: sync waits for the password.
    if (!session.active) ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
    const bool open = ImGui::Button(text.c_str());
    if (!session.active) ImGui::PopStyleColor();
    ctx.automation.tag_last_item("topbar.account");
    if (open) ImGui::OpenPopup(kMenuPopup);
    if (ImGui::BeginPopup(kMenuPopup)) {
        ctx.automation.publish("account.menu", true);
        if (session.user) {
            const SignedInUser& u = *session.user;
            ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
            ImGui::TextUnformatted(u.name.empty() ? u.login.c_str() : u.name.c_str());
            ImGui::PopStyleColor();
            ctx.automation.tag_last_item("account.name");
            ImGui::TextDisabled("%s", u.login.c_str());
            ImGui::TextUnformatted(trf(Str::AccountRole, {role_text(u.role)}).c_str());
        }
        if (!session.active) {
            ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.warning);
            ImGui::TextUnformatted(tr(Str::AccountSessionEnded));
            ImGui::PopStyleColor();
            if (ImGui::Button((std::string(tr(Str::AccountSignIn)) + "###account_sign_in").c_str())) {
                ImGui::CloseCurrentPopup();
                ctx.platform.show_sign_in();
            }
            ctx.automation.tag_last_item("account.sign_in");
        }
        if (ctx.narrow && session.admin() && ctx.registry.find(domain::entity::kUser) != nullptr) {
            if (ImGui::Button((std::string(tr(Str::NavUsers)) + "###account_users").c_str())) {
                ImGui::CloseCurrentPopup();
                users = true;
            }
            ctx.automation.tag_last_item("account.users");
        }
        ImGui::Separator();
        if (ImGui::Button((std::string(tr(Str::AccountSignOut)) + "###account_sign_out").c_str())) {
            ImGui::CloseCurrentPopup();
            // Nothing unsent: nothing to lose but what the server holds anyway.
            if (ctx.platform.sync_status().pending > 0)
                confirm_ = true;
            else
                ctx.platform.sign_out();
        }
        ctx.automation.tag_last_item("account.sign_out");
        ImGui::EndPopup();
    }
    draw_confirmation(ctx);
    return users;
}

void AccountMenuView::draw_confirmation(ViewContext& ctx) {
    if (confirm_) {
        ImGui::OpenPopup(kConfirmPopup);
        confirm_ = false;
    }
    float max_w = 0.0f;
    if (!begin_confirm_modal(std::string(tr(Str::SignOutTitle)) + kConfirmPopup, max_w)) return;
    const std::int64_t pending = ctx.platform.sync_status().pending;
    ImGui::PushTextWrapPos(max_w - ImGui::GetStyle().WindowPadding.x * 2.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.error);
    ImGui::TextUnformatted(trf(Str::SignOutUnsent, {format_count(pending)}).c_str());
    ImGui::PopStyleColor();
    ctx.automation.tag_last_item("signout.warning");
    ImGui::TextUnformatted(tr(Str::SignOutNote));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ctx.automation.publish("signout.pending", pending);
    if (confirm_buttons(ctx, tr(Str::SignOutConfirm)).yes) ctx.platform.sign_out();
    ImGui::EndPopup();
}

void AccountMenuView::publish(ViewContext& ctx, const Session& session) const {
    nlohmann::json account = {{"active", session.active}};
    if (session.user) {
        account["id"] = session.user->id;
        account["login"] = session.user->login;
        account["name"] = session.user->name;
        account["role"] = session.user->role;
    }
    ctx.automation.publish("account", std::move(account));
}

}  // namespace crm::ui
