// Which columns a list keeps at a width: the least useful go first, until every shown one gets what it needs.
#include <gtest/gtest.h>

#include <vector>

#include "ui/column_fit.hpp"

namespace crm::ui {
namespace {

// name (never dropped), phone, stage, e-mail: equal weights.
std::vector<ColumnNeed> four() {
    return {{100.0f, 1.0f, 0, true}, {80.0f, 1.0f, 1, true}, {60.0f, 1.0f, 2, true}, {90.0f, 1.0f, 3, true}};
}

TEST(UiColumnFit, AWideListKeepsEveryColumn) {
    EXPECT_EQ(fit_columns(four(), 400.0f), (std::vector<bool>{true, true, true, true}));
}

TEST(UiColumnFit, ColumnsGoByPriorityNotByWhichOneIsShort) {
    // At 380 px each gets 95: the name (100) is short, but the e-mail (priority 3) goes, not the name.
    EXPECT_EQ(fit_columns(four(), 380.0f), (std::vector<bool>{true, true, true, false}));
    // At 240 px: three columns get 80 each, the name still needs 100: the stage goes too.
    EXPECT_EQ(fit_columns(four(), 240.0f), (std::vector<bool>{true, true, false, false}));
    EXPECT_EQ(fit_columns(four(), 199.0f), (std::vector<bool>{true, false, false, false}));
}

TEST(UiColumnFit, PriorityZeroStaysEvenWhenNothingFits) {
    EXPECT_EQ(fit_columns(four(), 10.0f), (std::vector<bool>{true, false, false, false}));
}

TEST(UiColumnFit, WeightsDecideEachColumnsShare) {
    auto cols = four();
    cols[0].weight = 3.0f;  // the name takes half of 600 = 300
    EXPECT_EQ(fit_columns(cols, 600.0f), (std::vector<bool>{true, true, true, true}));
    // 480: name 240, others 80 each: the e-mail (90) cannot fit, the rest can after it goes.
    EXPECT_EQ(fit_columns(cols, 480.0f), (std::vector<bool>{true, true, true, false}));
}

TEST(UiColumnFit, ColumnsTheUserHidTakeNoWidthAndStayHidden) {
    auto cols = four();
    cols[3].wanted = false;
    EXPECT_EQ(fit_columns(cols, 1000.0f), (std::vector<bool>{true, true, true, false}));
    EXPECT_EQ(fit_columns(cols, 300.0f), (std::vector<bool>{true, true, true, false}));
}

}  // namespace
}  // namespace crm::ui
