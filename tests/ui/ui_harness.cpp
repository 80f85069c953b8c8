#include "tests/ui/ui_harness.hpp"

#include <cassert>

namespace crm::ui::test {

namespace {
constexpr float kFrameSeconds = 1.0f / 60.0f;
}

std::unique_ptr<Store> make_store() {
    StoreOptions options;
    options.device_id = "ui-test-device";
    options.now = [] { return kNowMs; };
    options.id_seed = 11;
    auto store = Store::open(":memory:", options);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(store).value() : nullptr;
}

UiHarness::UiHarness(Store& store, FakePlatform& platform, float width, float height) {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = kFrameSeconds;
    app_ = std::make_unique<App>(store, platform);
    app_->init_style("", 1.0f);
    // What a renderer backend does: rasterise the atlas (the pixels themselves are not needed here).
    unsigned char* pixels = nullptr;
    int w = 0;
    int h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    assert(pixels != nullptr && "the font atlas must build");
    frame(2);  // the first frames lay out windows and tables
}

UiHarness::~UiHarness() {
    app_.reset();
    ImGui::DestroyContext(context_);
}

void UiHarness::frame(int count) {
    for (int i = 0; i < count; ++i) {
        ImGui::GetIO().DeltaTime = kFrameSeconds;
        ImGui::NewFrame();
        app_->frame();
        ImGui::Render();
    }
}

void UiHarness::click_at(float x, float y) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(x, y);
    frame();
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    frame();
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    frame();
    // Well past the double-click time, so the next click is a fresh single click.
    for (int i = 0; i < 30; ++i) frame();
}

bool UiHarness::click(std::string_view tag) {
    const auto rect = item(tag);
    EXPECT_TRUE(rect.has_value()) << "no item tagged " << tag << " on screen";
    if (!rect) return false;
    click_at(rect->x + rect->w * 0.5f, rect->y + rect->h * 0.5f);
    return true;
}

void UiHarness::type(std::string_view utf8) {
    ImGui::GetIO().AddInputCharactersUTF8(std::string(utf8).c_str());
    frame(2);
}

void UiHarness::type_per_char(std::string_view utf8) {
    std::size_t i = 0;
    while (i < utf8.size()) {
        std::size_t len = 1;
        const auto lead = static_cast<unsigned char>(utf8[i]);
        if (lead >= 0xF0) len = 4;
        else if (lead >= 0xE0) len = 3;
        else if (lead >= 0xC0) len = 2;
        type(utf8.substr(i, len));
        i += len;
    }
}

void UiHarness::press(ImGuiKey key) {
    ImGuiIO& io = ImGui::GetIO();
    io.AddKeyEvent(key, true);
    frame();
    io.AddKeyEvent(key, false);
    frame(2);
}

void UiHarness::wheel(std::string_view over_tag, float steps) {
    const auto rect = item(over_tag);
    ASSERT_TRUE(rect.has_value()) << "no item tagged " << over_tag;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMousePosEvent(rect->x + rect->w * 0.5f, rect->y + rect->h * 0.5f);
    frame();
    io.AddMouseWheelEvent(0.0f, -steps);  // ImGui: positive wheel moves content down (scrolls up)
    frame(3);
}

std::vector<std::string> UiHarness::visible_names() const {
    std::vector<std::string> names;
    for (const auto& row : state("customers.visible")) names.push_back(row.at("name").get<std::string>());
    return names;
}

}  // namespace crm::ui::test

namespace crm::ui::test {

std::string add_company(Store& store, std::string name, domain::JourneyStage stage) {
    domain::Company c;
    c.name = std::move(name);
    c.journey_stage = stage;
    c.phones = {"+7 495 123-45-67"};
    c.owner = "ivanova";
    auto created = store.companies().create(c);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.ok() ? created->id : std::string();
}

std::string add_contact(Store& store, std::string name, const std::string& company_id, std::string position) {
    domain::Contact c;
    c.name = std::move(name);
    c.company_id = company_id;
    c.position = std::move(position);
    c.emails = {"person@example.ru"};
    auto created = store.contacts().create(c);
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.ok() ? created->id : std::string();
}

}  // namespace crm::ui::test
