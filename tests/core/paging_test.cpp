// Paging in every sort order of every entity: for each sortable field and direction, offset paging and
// keyset paging (ListQuery::after / Page::next) at several page sizes give the one full order, with ties
// and empty values (NULL or '') among the rows, and nothing repeated or skipped.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/limits.hpp"
#include "core/util/text.hpp"
#include "tests/core/test_entities.hpp"
#include "tests/core/test_support.hpp"

namespace crm::domain {
namespace {

using nlohmann::json;
using test::EntityCase;
using test::message_of;

struct SortCase {
    EntityCase entity;
    std::string_view field;
};
std::string sort_case_name(const SortCase& c) {
    return test::case_name(c.entity) + "_" + std::string(c.field);
}
void PrintTo(const SortCase& c, std::ostream* os) {
    *os << sort_case_name(c);
}
std::string sort_param_name(const ::testing::TestParamInfo<SortCase>& p) {
    return sort_case_name(p.param);
}

std::vector<SortCase> sort_cases() {
    std::vector<SortCase> out;
    for (const EntityCase& c : test::every_entity())
        for (const FieldDesc& f : c.desc().fields)
            if (f.sortable) out.push_back({c, f.name});
    return out;
}

// The order the list promises, written independently of the SQL: empty (NULL) first, then by type.
int compare_values(const FieldDesc& f, const json& a, const json& b) {
    if (a.is_null() || b.is_null()) return (a.is_null() ? 0 : 1) - (b.is_null() ? 0 : 1);
    auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (f.type) {
        case FieldType::Text:
        case FieldType::LongText: {
            const int c = text::compare_folded(a.get<std::string>(), b.get<std::string>());
            return sign(c, 0);
        }
        case FieldType::Enum:
            if (f.option_list.empty()) {
                // Position in the options; no value before the first option.
                auto rank = [&f](const json& v) {
                    const auto it = std::find(f.options.begin(), f.options.end(), v.get<std::string>());
                    return it == f.options.end() ? -1 : static_cast<int>(it - f.options.begin());
                };
                return sign(rank(a), rank(b));
            }
            return sign(a.get<std::string>(), b.get<std::string>());
        case FieldType::Money:
            return sign(a["minor"].get<std::int64_t>(), b["minor"].get<std::int64_t>());
        case FieldType::Boolean:
            return sign(a.get<bool>(), b.get<bool>());
        case FieldType::Integer:
        case FieldType::DateTime:
            return sign(a.get<std::int64_t>(), b.get<std::int64_t>());
        default:
            return sign(a.get<std::string>(), b.get<std::string>());
    }
}

// Values from a small pool, so many rows tie; every fifth optional one empty.
json pool_value(test::Drafts& drafts, const EntityDesc& e, const FieldDesc& f, int i) {
    if (i % 5 == 4 && !f.required) return empty_value(f);
    if (f.type == FieldType::Text && f.format == TextFormat::Plain) {
        // Case and ё variants of the same words, Latin beside Cyrillic.
        static const char* const kWords[] = {"Арбуз", "арбуз", "ёжик",   "Ель",
                                             "apple", "Zebra", "яблоко", "Ёлка"};
        return kWords[i % 8];
    }
    return drafts.value(e, f, i % 4);
}

class PagingSuite : public ::testing::TestWithParam<SortCase> {
  protected:
    static constexpr int kRows = 29;

    void SetUp() override {
        env_ = test::Env::open(*GetParam().entity.registry, clock_);
        ASSERT_TRUE(env_);
        test::Drafts drafts(*env_);
        const EntityDesc& e = entity();
        const FieldDesc& f = field();
        Repository repo = env_->repo(e);
        std::vector<Record> made;
        for (int i = 0; i < kRows; ++i) {
            Record draft = drafts.draft(e, i);
            if (!test::is_system(f)) draft.set(f.name, pool_value(drafts, e, f, i));
            clock_.advance(i % 3 == 0 ? 0 : 7);  // created_at ties too
            auto r = repo.create(draft);
            ASSERT_TRUE(r.ok()) << i << ": " << message_of(r);
            made.push_back(*r);
        }
        // Later edits move updated_at (in steps that tie), two deletes leave holes.
        for (int i = 0; i < kRows; i += 4) {
            Record edited = made[static_cast<std::size_t>(i)];
            const FieldDesc& title = e.title();
            edited.set(title.name, drafts.value(e, title, 100 + i));
            clock_.advance(i % 8 == 0 ? 0 : 3);
            ASSERT_TRUE(repo.update(edited).ok());
        }
        ASSERT_TRUE(repo.remove(made[3].id).ok());
        ASSERT_TRUE(repo.remove(made[10].id).ok());
        // Counted apart from the list: references may have made records of this entity as targets.
        auto count =
            env_->db().prepare("SELECT count(*) FROM " + std::string(e.table) + " WHERE deleted = 0");
        ASSERT_TRUE(count.ok() && count->step().value_or(false));
        live_ = static_cast<int>(count->column_int(0));
        ASSERT_GE(live_, kRows - 2);
    }

    const EntityDesc& entity() const { return GetParam().entity.desc(); }
    const FieldDesc& field() const { return *entity().find(GetParam().field); }

    ListQuery query(bool descending, int limit) const {
        ListQuery q;
        q.sort_field = std::string(GetParam().field);
        q.descending = descending;
        q.limit = limit;
        return q;
    }

    std::vector<Record> full(bool descending) {
        auto page = env_->repo(entity()).list(query(descending, limits::kMaxPageSize));
        EXPECT_TRUE(page.ok()) << message_of(page);
        if (!page.ok()) return {};
        EXPECT_EQ(page->total, live_);
        EXPECT_FALSE(page->next.has_value());  // fewer rows than the limit: the end
        return page->rows;
    }

    std::vector<std::string> by_offset(bool descending, int size) {
        std::vector<std::string> ids;
        ListQuery q = query(descending, size);
        for (q.offset = 0; q.offset < live_ + size; q.offset += size) {
            auto page = env_->repo(entity()).list(q);
            EXPECT_TRUE(page.ok()) << message_of(page);
            if (!page.ok()) break;
            EXPECT_EQ(page->total, live_);
            for (const Record& r : page->rows) ids.push_back(r.id);
        }
        return ids;
    }

    std::vector<std::string> by_keyset(bool descending, int size) {
        std::vector<std::string> ids;
        ListQuery q = query(descending, size);
        q.count_total = false;
        for (int pages = 0; pages <= live_ + 1; ++pages) {
            auto page = env_->repo(entity()).list(q);
            EXPECT_TRUE(page.ok()) << message_of(page);
            if (!page.ok()) break;
            EXPECT_LE(page->rows.size(), static_cast<std::size_t>(size));
            for (const Record& r : page->rows) ids.push_back(r.id);
            if (!page->next) return ids;
            q.after = page->next;
            q.offset = 12345;  // ignored once a key is given
        }
        ADD_FAILURE() << "keyset paging did not end";
        return ids;
    }

    test::FakeClock clock_;
    std::unique_ptr<test::Env> env_;
    int live_ = 0;
};

std::vector<std::string> ids_of(const std::vector<Record>& rows) {
    std::vector<std::string> out;
    for (const Record& r : rows) out.push_back(r.id);
    return out;
}

std::string show(const FieldDesc& f, const std::vector<Record>& rows) {
    std::string out;
    for (const Record& r : rows) out += r.get(f.name).dump() + " #" + std::to_string(r.rowid) + "\n";
    return out;
}

TEST_P(PagingSuite, TheFullListIsInTheFieldsOrderTiesByInsertion) {
    const FieldDesc& f = field();
    const std::vector<Record> asc = full(false);
    ASSERT_EQ(asc.size(), static_cast<std::size_t>(live_));
    int ties = 0;
    for (std::size_t i = 1; i < asc.size(); ++i) {
        const int c = compare_values(f, asc[i - 1].get(f.name), asc[i].get(f.name));
        ties += c == 0 ? 1 : 0;
        EXPECT_TRUE(c < 0 || (c == 0 && asc[i - 1].rowid < asc[i].rowid)) << "at " << i << "\n"
                                                                          << show(f, asc);
    }
    EXPECT_GT(ties, 0) << "the rows must include ties";
    std::vector<Record> desc = full(true);
    std::reverse(desc.begin(), desc.end());
    EXPECT_EQ(ids_of(desc), ids_of(asc)) << "descending is the exact reverse\n" << show(f, desc);
}

TEST_P(PagingSuite, OffsetAndKeysetPagesGiveTheFullOrder) {
    for (const bool descending : {false, true}) {
        const std::vector<std::string> expected = ids_of(full(descending));
        ASSERT_EQ(expected.size(), static_cast<std::size_t>(live_));
        for (const int size : {1, 4, 7, live_}) {
            EXPECT_EQ(by_offset(descending, size), expected)
                << "offset, size " << size << ", desc " << descending;
            EXPECT_EQ(by_keyset(descending, size), expected)
                << "keyset, size " << size << ", desc " << descending;
        }
    }
}

// A list that scrolls by offset can continue by key from any row, and a key survives edits elsewhere.
TEST_P(PagingSuite, KeysetContinuesFromAnyOffsetPage) {
    for (const bool descending : {false, true}) {
        const std::vector<std::string> expected = ids_of(full(descending));
        for (int start = 1; start < live_; start += 5) {
            ListQuery q = query(descending, start);
            auto head = env_->repo(entity()).list(q);
            ASSERT_TRUE(head.ok());
            ASSERT_TRUE(head->next.has_value());
            q.after = head->next;
            q.limit = limits::kMaxPageSize;
            auto rest = env_->repo(entity()).list(q);
            ASSERT_TRUE(rest.ok()) << message_of(rest);
            std::vector<std::string> ids = ids_of(head->rows);
            for (const Record& r : rest->rows) ids.push_back(r.id);
            EXPECT_EQ(ids, expected) << "from " << start << ", desc " << descending;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Sortable, PagingSuite, ::testing::ValuesIn(sort_cases()), sort_param_name);

}  // namespace
}  // namespace crm::domain
