#include "sync-server/auth_cli.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/demo/demo_data.hpp"
#include "core/sync/scope.hpp"
#include "sync-server/auth_api.hpp"
#include "sync-server/log.hpp"
#include "sync-server/server.hpp"

namespace crm::server {
namespace {

std::int64_t now_ms() {
    return sync::system_now_ms();
}

Status store_password(Store& store, PasswordHasher& hasher, const std::string& user_id,
                      std::string_view password) {
    CRM_TRY(check_new_password(password));
    auto hash = hasher.hash(password);
    if (!hash) return hash.error();
    AuthStore tables(store.db());
    CRM_TRY(tables.create_tables());
    CRM_TRY(tables.set_password_hash(user_id, *hash, now_ms()));
    // A new password ends every session the old one opened.
    return tables.revoke_user(user_id, {}, now_ms());
}

}  // namespace

Result<std::string> read_password_line(std::FILE* in) {
    std::string line;
    for (int c = std::fgetc(in); c != EOF && c != '\n'; c = std::fgetc(in)) {
        if (line.size() > server_limits::kMaxPasswordBytes) break;
        line.push_back(static_cast<char>(c));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) return make_error(ErrorCode::Invalid, "no password on stdin", "password", "empty");
    return line;
}

Status create_admin(Store& store, PasswordHasher& hasher, std::string_view login, std::string_view password) {
    CRM_TRY(check_new_password(password));
    auto existing = sync::find_user_by_login(store, login);
    if (!existing) return existing.error();
    if (existing.value()) {
        return make_error(ErrorCode::Conflict, "the login '" + std::string(login) + "' already exists",
                          "login", "exists");
    }
    auto users = store.records("user");
    domain::Record draft(users.entity());
    draft.set("login", std::string(login)).set("name", std::string(login)).set("role", "admin");
    auto made = users.create(std::move(draft));
    if (!made) return made.error();
    return store_password(store, hasher, made->id, password);
}

Status set_password(Store& store, PasswordHasher& hasher, std::string_view login, std::string_view password) {
    auto existing = sync::find_user_by_login(store, login);
    if (!existing) return existing.error();
    if (!existing.value())
        return make_error(ErrorCode::NotFound, "no user with the login '" + std::string(login) + "'",
                          "login");
    return store_password(store, hasher, existing.value()->user_id, password);
}

Status run_account_command(const ServerOptions& options, std::FILE* in) {
    auto password = read_password_line(in);
    if (!password) return password.error();
    std::error_code ec;
    std::filesystem::create_directories(options.data_dir, ec);
    if (ec)
        return make_error(ErrorCode::Io,
                          "cannot create --data-dir " + options.data_dir + ": " + ec.message());
    auto store = Store::open((std::filesystem::path(options.data_dir) / kDatabaseFileName).string(),
                             StoreOptions{.server = true});
    if (!store) return store.error();
    PasswordHasher hasher;
    const bool create = !options.create_admin.empty();
    const std::string& login = create ? options.create_admin : options.set_password;
    CRM_TRY(create ? create_admin(*store.value(), hasher, login, *password)
                   : set_password(*store.value(), hasher, login, *password));
    log_event(LogLevel::Info, create ? "admin created" : "password set", {{"login", login}});
    return {};
}

Status write_demo_accounts(Store& store, PasswordHasher& hasher, const std::string& path) {
    std::string text;
    for (const demo::DemoAccount& account : demo::demo_accounts()) {
        auto user = sync::find_user_by_login(store, account.login);
        if (!user) return user.error();
        if (!user.value()) continue;  // removed by an admin since
        const std::string password = random_password(server_limits::kDemoPasswordBytes);
        CRM_TRY(store_password(store, hasher, user.value()->user_id, password));
        text += std::string(account.login) + " " + password + " " + std::string(account.role) + " " +
                (account.team.empty() ? std::string("-") : std::string(account.team)) + "\n";
    }
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return make_error(ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno));
    (void)::fchmod(fd, 0600);  // an older file of another mode
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    if (!ok) return make_error(ErrorCode::Io, "cannot write " + path);
    return {};
}

}  // namespace crm::server
