#include "ui/views/forecast_view.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <imgui.h>

#include "core/util/civil_date.hpp"
#include "ui/format.hpp"
#include "ui/i18n.hpp"

namespace crm::ui {

namespace {

constexpr std::int64_t kMsPerMinute = 60'000;

struct Figure {
    std::string_view key;  // automation: forecast.cell.<row>.<key>
    Str header;
    std::int64_t domain::ForecastFigures::*value;
};
constexpr std::array<Figure, 3> kFigures{
    {{"won", Str::ForecastWon, &domain::ForecastFigures::won},
     {"weighted", Str::ForecastWeighted, &domain::ForecastFigures::weighted},
     {"best_case", Str::ForecastBestCase, &domain::ForecastFigures::best_case}}};

Str period_label(std::size_t index) {
    static constexpr std::array<Str, domain::kForecastPeriods> kLabels{
        Str::ForecastThisMonth, Str::ForecastSixMonths, Str::ForecastTwelveMonths};
    return kLabels[std::min(index, kLabels.size() - 1)];
}

// "01.11.2023 – 30.04.2024": the period's first and last day.
std::string period_range(const domain::ForecastPeriod& p) {
    const civil::Date last = civil::from_days(civil::days_since_epoch(p.end) - 1);
    return format_iso_date(civil::to_iso(p.first)) + " – " + format_iso_date(civil::to_iso(last));
}

std::string owner_text(const domain::ForecastRow& row) {
    return row.owner.empty() ? std::string(tr(Str::ForecastTotal)) : row.owner_name;
}

}  // namespace

void ForecastView::refresh(ViewContext& ctx) {
    const std::int64_t offset_ms = std::int64_t{ctx.platform.utc_offset_minutes()} * kMsPerMinute;
    const civil::Date today = civil::local_date(ctx.platform.now_ms(), offset_ms);
    const std::int64_t writes = ctx.store.db().total_changes();
    if (writes == computed_at_ && today == computed_for_ && (forecast_ || !error_.empty())) return;
    computed_at_ = writes;
    computed_for_ = today;
    ++computations_;
    error_.clear();
    auto deals = domain::load_forecast_deals(ctx.store);
    if (!deals) {
        forecast_.reset();
        error_ = trf(Str::ForecastFailed, {error_text(deals.error())});
        return;
    }
    forecast_ = domain::forecast(*deals, today, offset_ms);
}

void ForecastView::draw(ViewContext& ctx) {
    refresh(ctx);
    draw_periods(ctx);
    if (!error_.empty()) {
        ImGui::TextWrapped("%s", error_.c_str());
    } else if (forecast_ && forecast_->rows.empty()) {
        ImGui::Spacing();
        ImGui::TextDisabled("%s", tr(Str::ForecastEmpty));
    } else if (forecast_) {
        draw_table(ctx);
    }
    publish(ctx);
}

void ForecastView::draw_periods(ViewContext& ctx) {
    for (std::size_t i = 0; i < domain::kForecastPeriods; ++i) {
        if (i > 0) ImGui::SameLine();
        const bool current = i == period_;
        if (current) {
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
        }
        const std::string id = std::string(tr(period_label(i))) + "###period_" + std::to_string(i);
        if (ImGui::Button(id.c_str())) period_ = i;
        if (current) ImGui::PopStyleColor(2);
        ctx.automation.tag_last_item("forecast.period." + std::to_string(i));
    }
    if (forecast_) {
        const std::string range = period_range(forecast_->periods[period_]);
        ImGui::TextDisabled("%s", range.c_str());
        ctx.automation.publish("forecast.range", range);
    }
}

void ForecastView::draw_table(ViewContext& ctx) {
    // Amounts are never cut: the columns fit their texts and a phone scrolls the table sideways, the
    // owner column staying in place.
    constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                       ImGuiTableFlags_BordersOuterH | ImGuiTableFlags_ScrollX |
                                       ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("##forecast", 1 + static_cast<int>(kFigures.size()), kFlags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn(tr(Str::ForecastOwner));
    for (const Figure& f : kFigures) ImGui::TableSetupColumn(tr(f.header));
    ImGui::TableHeadersRow();
    std::string currency;
    for (std::size_t r = 0; r < forecast_->rows.size(); ++r) {
        const domain::ForecastRow& row = forecast_->rows[r];
        const domain::ForecastFigures& figures = row.periods[period_];
        const bool total = row.owner.empty();
        // An owner with no deal of this currency in the period has nothing to show: no row of zeros.
        if (!total && figures.won_deals == 0 && figures.open_deals == 0) continue;
        if (row.currency != currency) {
            // Each currency is its own group: amounts of two currencies are never added up.
            currency = row.currency;
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
            ImGui::TextUnformatted(currency.c_str());
            ImGui::PopStyleColor();
        }
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const std::string tag = "forecast.cell." + std::to_string(r);
        if (total)
            ImGui::TextUnformatted(owner_text(row).c_str());
        else
            ImGui::Text("  %s", row.owner_name.c_str());  // indented under its currency's total
        ctx.automation.tag_last_item(tag + ".owner");
        for (std::size_t c = 0; c < kFigures.size(); ++c) {
            ImGui::TableSetColumnIndex(static_cast<int>(c + 1));
            const std::string text = format_money(figures.*kFigures[c].value, row.currency);
            if (total) ImGui::PushStyleColor(ImGuiCol_Text, ctx.colors.accent);
            ImGui::TextUnformatted(text.c_str());
            if (total) ImGui::PopStyleColor();
            ctx.automation.tag_last_item(tag + "." + std::string(kFigures[c].key));
        }
    }
    ImGui::EndTable();
}

void ForecastView::publish(ViewContext& ctx) const {
    Automation& a = ctx.automation;
    a.publish("forecast.period", period_);
    a.publish("forecast.computations", computations_);
    if (!error_.empty()) a.publish("forecast.error", error_);
    nlohmann::json rows = nlohmann::json::array();
    if (forecast_) {
        for (const domain::ForecastRow& row : forecast_->rows) {
            const domain::ForecastFigures& f = row.periods[period_];
            nlohmann::json r = {{"currency", row.currency}, {"owner", row.owner_name}};
            for (const Figure& fig : kFigures) {
                r[std::string(fig.key)] = f.*fig.value;
                r[std::string(fig.key) + "_text"] = format_money(f.*fig.value, row.currency);
            }
            rows.push_back(std::move(r));
        }
    }
    a.publish("forecast.rows", std::move(rows));
}

}  // namespace crm::ui
