#include "ui/views/users_view.hpp"

#include <algorithm>

#include <imgui.h>

#include "ui/i18n.hpp"

namespace crm::ui {

bool PasswordPanelView::is_user(ViewContext& ctx, const std::string& record_id) {
    if (record_id != checked_id_) {
        // Another card: the panel starts closed, and the password typed for the last user is gone.
        checked_id_ = record_id;
        open_ = false;
        password_.clear();
        message_.clear();
        request_ = 0;
        const domain::EntityDesc* users = ctx.registry.find(domain::entity::kUser);
        checked_user_ = users != nullptr && !record_id.empty() && ctx.records(*users).get(record_id).ok();
    }
    return checked_user_;
}

void PasswordPanelView::draw(ViewContext& ctx, const std::string& record_id) {
    if (!is_user(ctx, record_id)) return;
    if (request_ != 0) {
        const ApiAnswer answer = ctx.platform.poll_api(request_);
        if (answer.state != ApiState::Pending) {
            request_ = 0;
            failed_ = answer.state != ApiState::Ok;
            if (!failed_) {
                message_ = tr(Str::UsersPasswordSaved);
                open_ = false;
                password_.clear();
            } else if (answer.status == 0) {
                message_ = tr(Str::UsersPasswordOffline);
            } else {
                message_ =
                    trf(Str::UsersPasswordFailed,
                        {answer.message.empty() ? "HTTP " + std::to_string(answer.status) : answer.message});
            }
        }
    }
    if (!open_) {
        if (ImGui::Button((std::string(tr(Str::UsersSetPassword)) + "###users_set_password").c_str())) {
            open_ = true;
            message_.clear();
        }
        ctx.automation.tag_last_item("users.set_password");
    } else {
        char buffer[256];
        const std::size_t n = std::min(password_.size(), sizeof(buffer) - 1);
        password_.copy(buffer, n);
        buffer[n] = '\0';
        ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, ImGui::GetFontSize() * 16.0f));
        if (ImGui::InputTextWithHint("##users_password", tr(Str::UsersNewPassword), buffer, sizeof(buffer),
                                     ImGuiInputTextFlags_Password))
            password_ = buffer;
        ctx.automation.tag_last_item("users.password");
        ImGui::BeginDisabled(request_ != 0 || password_.empty());
        const bool save = ImGui::Button(
            (std::string(request_ != 0 ? tr(Str::UsersPasswordSending) : tr(Str::UsersPasswordSave)) +
             "###users_password_save")
                .c_str());
        ImGui::EndDisabled();
        ctx.automation.tag_last_item("users.password_save");
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr(Str::Cancel)) + "###users_password_cancel").c_str())) {
            open_ = false;
            password_.clear();
            message_.clear();
        }
        ctx.automation.tag_last_item("users.password_cancel");
        if (save) {
            // The server tells offline from refused; the page answers at once when the browser knows it is
            // offline.
            request_ = ctx.platform.set_password(record_id, password_);
            message_.clear();
        }
    }
    if (!message_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, failed_ ? ctx.colors.error : ctx.colors.ok);
        ImGui::TextWrapped("%s", message_.c_str());
        ImGui::PopStyleColor();
        ctx.automation.tag_last_item("users.password_message");
    }
    ctx.automation.publish(
        "users.password",
        nlohmann::json{
            {"open", open_}, {"sending", request_ != 0}, {"message", message_}, {"failed", failed_}});
    ImGui::Separator();
}

}  // namespace crm::ui
