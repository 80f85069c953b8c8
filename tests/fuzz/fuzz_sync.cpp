// Fuzz target: a sync request body as the server receives it, through core's whole path: the bounded JSON
// parser, parse_sync_request and serve_sync's merge into one store shared across runs, unrestricted and as a
// signed-in rep. The answer must
// encode, and parse back as the client reads it.
#include <string>

#include "core/domain/record.hpp"
#include "core/sync/protocol.hpp"
#include "core/sync/scope.hpp"
#include "core/util/json_text.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

constexpr int kPullLimit = 50;  // small pages: more of the paging code per run

// A rep of the store (made when the store is new or was reset): every input is served once unrestricted
// and once as this rep, so the scope's pull filter and push checks (sync/scope.hpp) are fuzzed too.
crm::sync::Principal rep(crm::Store& store) {
    constexpr std::string_view kLogin = "fuzz.rep";
    auto found = crm::sync::find_user_by_login(store, kLogin);
    if (!found) crm::fuzz::fail("cannot look the rep up", found.error().message);
    if (!*found) {
        crm::domain::Repository users = store.records(crm::domain::entity::kUser);
        crm::domain::Record r(users.entity());
        r.set("login", std::string(kLogin))
            .set("name", "Fuzz Rep")
            .set("role", std::string(crm::domain::role::kRep));
        if (auto made = users.create(std::move(r)); !made)
            crm::fuzz::fail("cannot make the rep", made.error().message);
        found = crm::sync::find_user_by_login(store, kLogin);
        if (!found || !*found) crm::fuzz::fail("the rep made is not found");
    }
    return **found;
}

void check_answer(const crm::Result<crm::sync::SyncResponse>& served) {
    if (!served) return;
    const std::string text = crm::sync::to_json(*served).dump();
    const auto back = crm::parse_json_bounded(text);
    if (!back) crm::fuzz::fail("the server's answer is not JSON the client accepts", back.error().message);
    const auto response = crm::sync::parse_sync_response(*back);
    if (!response) crm::fuzz::fail("the client cannot parse the server's answer", response.error().message);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    (void)crm::fuzz::store();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto json = crm::parse_json_bounded(crm::fuzz::as_text(data, size));
    if (!json) return 0;
    const auto request = crm::sync::parse_sync_request(*json);
    if (!request) return 0;
    crm::Store& store = crm::fuzz::store();
    check_answer(crm::sync::serve_sync(store, *request, kPullLimit, nullptr));
    crm::sync::Principal who = rep(store);
    who.device =
        request->device;  // the session's device: the request's own, so its pushes get the scope checks
    check_answer(crm::sync::serve_sync(store, *request, kPullLimit, &who));
    return 0;
}
