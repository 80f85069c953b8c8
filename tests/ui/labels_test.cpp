// The label catalogue against the app's registry: every key a descriptor names, or the views derive from one,
// has a Russian and an English text, so no label ever shows as its key.
#include <gtest/gtest.h>

#include <string>

#include "core/domain/entity.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"

namespace crm::ui {
namespace {

class UiLabels : public ::testing::Test {
  protected:
    void TearDown() override { set_language(Language::Ru); }
};

TEST_F(UiLabels, EveryKeyOfTheAppsRegistryHasRussianAndEnglish) {
    int checked = 0;
    auto expect_label = [&](std::string_view key, const std::string& where) {
        ++checked;
        EXPECT_TRUE(has_label(key)) << where << ": no RU/EN label \"" << key << "\"";
    };
    for (const domain::EntityDesc& e : domain::Registry::app().entities()) {
        const std::string where(e.name);
        expect_label(e.label_one, where + " label_one");
        expect_label(e.label_many, where + " label_many");
        expect_label(e.label_new, where + " label_new");
        expect_label(edit_title_key(e), where + " form title while editing");
        for (const domain::FieldDesc& f : e.fields) {
            expect_label(f.label, where + "." + std::string(f.name));
            for (std::string_view option : f.options)
                expect_label(option_key(f.name, option), where + "." + std::string(f.name) + " option");
        }
        for (const domain::CardSection& s : e.card)
            if (!s.label.empty()) expect_label(s.label, where + " card section");
        for (const domain::RelatedList& r : e.related) {
            expect_label(r.label, where + " related " + std::string(r.entity));
            if (!r.add_label.empty())
                expect_label(r.add_label, where + " related " + std::string(r.entity) + " add");
        }
    }
    EXPECT_GT(checked, 40);  // the walk reached the fields, not only the entities
}

TEST_F(UiLabels, LabelsFollowTheLanguageAndFillCounts) {
    EXPECT_STREQ(label("entity.companies"), "Компании");
    EXPECT_EQ(labelf("card.contacts", {"3"}), "Контакты (3)");
    set_language(Language::En);
    EXPECT_STREQ(label("entity.companies"), "Companies");
    EXPECT_STREQ(label(option_key("type", "call")), "Call");
}

TEST_F(UiLabels, AnUnknownKeyReadsAsItselfAndIsNotALabel) {
    EXPECT_FALSE(has_label("field.no_such_field"));
    EXPECT_STREQ(label("field.no_such_field"), "field.no_such_field");
    EXPECT_FALSE(has_label(""));
    // Optional keys: a reference may name its empty value; the contact's company does.
    const domain::FieldDesc* company =
        domain::Registry::app().get(domain::entity::kContact).find("company_id");
    ASSERT_NE(company, nullptr);
    EXPECT_STREQ(label(none_key(*company)), "Частное лицо");
}

}  // namespace
}  // namespace crm::ui
