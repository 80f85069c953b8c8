// Fuzz target: a sync request body as the server receives it, through core's whole path: the bounded JSON
// parser, parse_sync_request and serve_sync's merge into one store shared across runs. The answer must
// encode, and parse back as the client reads it.
#include <string>

#include "core/sync/protocol.hpp"
#include "core/util/json_text.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

constexpr int kPullLimit = 50;  // small pages: more of the paging code per run

// serve_sync unrestricted (no signed-in user): the signature gains the user once accounts land.
template <typename Req>
crm::Result<crm::sync::SyncResponse> serve(crm::Store& store, const Req& request) {
    if constexpr (requires { crm::sync::serve_sync(store, request, kPullLimit, nullptr); })
        return crm::sync::serve_sync(store, request, kPullLimit, nullptr);
    else
        return crm::sync::serve_sync(store, request, kPullLimit);
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
    const auto served = serve(crm::fuzz::store(), *request);
    if (!served) return 0;
    const std::string text = crm::sync::to_json(*served).dump();
    const auto back = crm::parse_json_bounded(text);
    if (!back) crm::fuzz::fail("the server's answer is not JSON the client accepts", back.error().message);
    const auto response = crm::sync::parse_sync_response(*back);
    if (!response) crm::fuzz::fail("the client cannot parse the server's answer", response.error().message);
    return 0;
}
