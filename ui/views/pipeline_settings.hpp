#pragma once
// The pipeline settings: choose, add, rename and delete pipelines; add, rename, reorder and delete a
// pipeline's stages and set each one's kind, win probability, idle days and required deal fields (the
// gate); keep the loss-reason list (add, rename, reorder, delete). Deleting a stage that holds deals asks
// which stage they go to and moves them through domain::move_deal (history rows, gates): if a gate stops
// one, nothing moves and the stage stays. Every write goes through the generic repository, so it syncs.
// The view reads its records again whenever the database changed (Database::total_changes).
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/record.hpp"
#include "core/limits.hpp"
#include "ui/views/view_context.hpp"

namespace crm::ui {

class PipelineSettingsView {
  public:
    void draw(ViewContext& ctx);
    void invalidate() { loaded_at_ = -1; }

  private:
    using NameBuffer = std::array<char, limits::kMaxNameBytes + 1>;
    struct Row {
        domain::Record record;
        NameBuffer name{};
        int probability = 0;     // stages only
        int idle_days = 0;       // stages only
        std::int64_t deals = 0;  // stages only: live deals in it
    };
    // What the delete confirmation is about.
    struct Deleting {
        const domain::EntityDesc* entity = nullptr;
        std::string id;
        std::string title;
        std::int64_t deals = 0;            // a stage's deals, which must go to another stage first
        std::size_t target = 0;            // index into targets
        std::vector<std::size_t> targets;  // indexes of stages_ the deals may go to
    };

    void load(ViewContext& ctx);
    void draw_pipeline_bar(ViewContext& ctx);
    void draw_stages(ViewContext& ctx);
    void draw_stage(ViewContext& ctx, std::size_t i);
    void draw_required(ViewContext& ctx, std::size_t i);
    void draw_reasons(ViewContext& ctx);
    void draw_delete_dialog(ViewContext& ctx);
    void publish(ViewContext& ctx) const;

    // Writes; each reports its failure in error_.
    // A write that failed: its message shown above the settings; answers false (for `return failed(...)`).
    bool failed(const Error& error, const domain::EntityDesc* entity = nullptr);
    // Runs `body` in one transaction, committed when it answers true (error_ cleared), else rolled back.
    bool in_transaction(ViewContext& ctx, const std::function<bool()>& body);
    bool update(ViewContext& ctx, const domain::Record& record);
    void rename(ViewContext& ctx, Row& row);
    void draw_ordered_row(ViewContext& ctx, const domain::EntityDesc& entity, std::vector<Row>& rows,
                          std::size_t i, const std::string& tag, std::int64_t deals);
    void reorder(ViewContext& ctx, std::vector<Row>& rows, std::size_t from, std::size_t to);
    void add_pipeline(ViewContext& ctx);
    void add_stage(ViewContext& ctx);
    void add_reason(ViewContext& ctx);
    void ask_delete(const domain::EntityDesc& entity, const Row& row, std::int64_t deals);
    void delete_confirmed(ViewContext& ctx);
    bool move_deals(ViewContext& ctx, const std::string& from, const std::string& to,
                    const std::string& to_name);

    std::vector<Row> pipelines_;
    std::vector<Row> stages_;
    std::vector<Row> reasons_;
    std::string pipeline_id_;   // the chosen pipeline
    std::string reveal_stage_;  // a stage just added: scrolled into view when drawn
    NameBuffer new_reason_{};
    std::int64_t loaded_at_ = -1;  // Database::total_changes() when read
    std::string error_;
    std::optional<Deleting> deleting_;
    bool open_delete_ = false;  // the confirmation opens this frame
};

}  // namespace crm::ui
