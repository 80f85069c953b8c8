#include "core/domain/journey.hpp"
#include "tests/ui/ui_harness.hpp"

#include <cassert>

#include <set>

#include "core/domain/ddl.hpp"
#include "ui/i18n_labels.hpp"

namespace crm::ui::test {

namespace {
constexpr float kFrameSeconds = 1.0f / 60.0f;
}

std::unique_ptr<Store> make_store(const domain::Registry& registry) {
    StoreOptions options;
    options.device_id = "ui-test-device";
    options.now = [] { return kNowMs; };
    options.id_seed = 11;
    auto store = Store::open(":memory:", options);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    if (!store.ok()) return nullptr;
    for (const domain::EntityDesc& e : registry.entities()) {
        if (domain::Registry::app().find_table(e.table) != nullptr) continue;
        const Status created = (*store)->db().exec(domain::create_table_sql(e));
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    }
    return std::move(store).value();
}

UiHarness::UiHarness(Store& store, FakePlatform& platform, float width, float height,
                     const domain::Registry& registry) {
    context_ = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = kFrameSeconds;
    app_ = std::make_unique<App>(store, platform, registry);
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

bool UiHarness::drag(std::string_view from_tag, float x, float y, int steps, bool release,
                     ImGuiMouseSource source) {
    const auto rect = item(from_tag);
    EXPECT_TRUE(rect.has_value()) << "no item tagged " << from_tag << " on screen";
    if (!rect) return false;
    ImGuiIO& io = ImGui::GetIO();
    const float x0 = rect->x + rect->w * 0.5f;
    const float y0 = rect->y + rect->h * 0.5f;
    io.AddMouseSourceEvent(source);
    io.AddMousePosEvent(x0, y0);
    frame();
    io.AddMouseSourceEvent(source);
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, true);
    frame();
    for (int i = 1; i <= steps; ++i) {
        const float t = static_cast<float>(i) / static_cast<float>(steps);
        io.AddMouseSourceEvent(source);
        io.AddMousePosEvent(x0 + (x - x0) * t, y0 + (y - y0) * t);
        frame();
    }
    if (release) release_mouse();
    return true;
}

void UiHarness::release_mouse() {
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseButtonEvent(ImGuiMouseButton_Left, false);
    frame(3);
}

std::vector<std::string> UiHarness::visible_titles() const {
    std::vector<std::string> titles;
    for (const auto& row : state("list.visible")) titles.push_back(row.at("title").get<std::string>());
    return titles;
}

}  // namespace crm::ui::test

namespace crm::ui::test {

domain::Repository records(Store& store, const domain::EntityDesc& entity, const domain::Registry& registry) {
    return domain::Repository(registry, entity, store.db(), store.changes(), store.ids());
}

std::string add_record(Store& store, const domain::EntityDesc& entity, const nlohmann::json& values,
                       const domain::Registry& registry) {
    domain::Record draft(entity);
    for (const auto& [field, value] : values.items()) draft.set(field, value);
    auto created = records(store, entity, registry).create(std::move(draft));
    EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message);
    return created.ok() ? created->id : std::string();
}

std::string add_company(Store& store, std::string name, std::string stage) {
    nlohmann::json values{
        {"name", std::move(name)}, {"phones", {"+7 495 123-45-67"}}, {"owner_id", user_id(store, "ivanova")}};
    if (auto mapped = domain::journey_id_for_legacy_key(stage)) stage = std::string(*mapped);
    if (!stage.empty()) values["journey_stage"] = std::move(stage);
    return add_record(store, company_entity(), values);
}

std::string journey_stage(std::size_t position) {
    return std::string(domain::journey_stage_keys().at(position));
}

std::string add_contact(Store& store, std::string name, const std::string& company_id, std::string position) {
    return add_record(
        store, contact_entity(),
        {{"name", std::move(name)},
         {"company_id", company_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(company_id)},
         {"position", std::move(position)},
         {"emails", {"person@example.ru"}}});
}

std::string user_id(Store& store, const std::string& login, std::string_view role) {
    const domain::EntityDesc& user = domain::Registry::app().get(domain::entity::kUser);
    domain::ListQuery q;
    q.equals = {{"login", login}};
    q.limit = 1;
    auto found = records(store, user).list(q);
    EXPECT_TRUE(found.ok()) << (found.ok() ? "" : found.error().message);
    if (found.ok() && !found->rows.empty()) return found->rows.front().id;
    return add_record(store, user, {{"login", login}, {"name", login}, {"role", std::string(role)}});
}

domain::Record read_record(Store& store, const domain::EntityDesc& entity, const std::string& id,
                           const domain::Registry& registry) {
    auto record = records(store, entity, registry).get(id);
    EXPECT_TRUE(record.ok()) << (record.ok() ? "" : record.error().message);
    return record.ok() ? std::move(record).value() : domain::Record(entity);
}

void expect_columns_fit(const UiHarness& ui, const domain::EntityDesc& e) {
    const auto shown = ui.state("list.columns");
    ASSERT_FALSE(shown.empty());
    std::set<std::string> names;
    for (const auto& s : shown) names.insert(s.get<std::string>());
    int max_shown = -1;
    int min_dropped = 1 << 30;
    for (const domain::ListColumn& c : e.columns) {
        const std::string tag = "list.col." + std::string(c.field);
        if (names.count(std::string(c.field)) == 0) {
            min_dropped = std::min(min_dropped, c.priority);
            EXPECT_FALSE(ui.item(tag).has_value()) << c.field << " is dropped but drawn";
            continue;
        }
        max_shown = std::max(max_shown, c.priority);
        const auto header = ui.item(tag);
        ASSERT_TRUE(header.has_value()) << c.field;
        EXPECT_GE(header->w, ImGui::CalcTextSize(field_label(*e.find(c.field))).x) << c.field << " is cut";
    }
    EXPECT_LT(max_shown, min_dropped) << "a more useful column was dropped before a less useful one";
}

const domain::EntityDesc& company_entity() {
    return domain::Registry::app().get(domain::entity::kCompany);
}
const domain::EntityDesc& contact_entity() {
    return domain::Registry::app().get(domain::entity::kContact);
}

}  // namespace crm::ui::test
