// The deal entity's hooks (EntityDesc::prefill / save): what a new deal starts with, and saving a deal from
// the generic form through the pipeline's rules, so the form and the board cannot disagree.
#include "core/domain/pipeline.hpp"
#include "core/domain/repository.hpp"
#include "core/storage/sqlite.hpp"
#include "core/store.hpp"

namespace crm::domain {

namespace {

bool is_set(const nlohmann::json& value) {
    return value.is_string() && !value.get_ref<const std::string&>().empty();
}

// The first live record of `entity` by position with the given equalities, if any.
Result<std::optional<Record>> first_by_position(Store& store, std::string_view entity,
                                                std::vector<std::pair<std::string, std::string>> equals) {
    ListQuery q;
    q.sort_field = "position";
    q.equals = std::move(equals);
    q.limit = 1;
    q.count_total = false;
    auto page = store.records(entity).list(q);
    if (!page) return page.error();
    if (page->rows.empty()) return std::optional<Record>();
    return std::optional<Record>(std::move(page->rows.front()));
}

// The name of the stage `deal` is going to, for the gate's messages.
std::string stage_name(Store& store, const Record& deal) {
    auto stage = store.records(entity::kStage).get(deal.text("stage_id"));
    return stage ? stage->text("name") : std::string();
}

}  // namespace

Status prefill_deal(Store& store, Record& draft) {
    // The customer's owner takes the deal, as the demo data and the team's habit have it.
    if (draft.text("owner_id").empty()) {
        for (auto [field, entity] :
             {std::pair{"company_id", entity::kCompany}, std::pair{"contact_id", entity::kContact}}) {
            if (!is_set(draft.get(field))) continue;
            auto customer = store.records(entity).get(draft.text(field));
            if (customer && !customer->text("owner_id").empty()) {
                draft.set("owner_id", customer->text("owner_id"));
                draft.ref_titles["owner_id"] = customer->ref_title("owner_id");
                break;
            }
        }
    }
    if (!is_set(draft.get("pipeline_id"))) {
        auto pipeline = first_by_position(store, entity::kPipeline, {});
        if (!pipeline) return pipeline.error();
        if (!*pipeline) return {};  // no pipeline yet: the form asks for one
        draft.set("pipeline_id", (*pipeline)->id);
        draft.ref_titles["pipeline_id"] = (*pipeline)->text("name");
    }
    if (!is_set(draft.get("stage_id"))) {
        auto stage = first_by_position(
            store, entity::kStage,
            {{"pipeline_id", draft.text("pipeline_id")}, {"kind", std::string(outcome::kOpen)}});
        if (!stage) return stage.error();
        if (*stage) {
            draft.set("stage_id", (*stage)->id);
            draft.ref_titles["stage_id"] = (*stage)->text("name");
        }
    }
    return {};
}

Result<SaveOutcome> save_deal(Store& store, const Record& edited) {
    MoveOptions options;
    options.loss_reason_id = edited.text("loss_reason_id");
    if (edited.id.empty()) {
        auto created = create_deal(store, edited, options);
        if (!created) return created.error();
        return SaveOutcome{std::move(created->deal), std::move(created->missing), stage_name(store, edited)};
    }
    Repository deals = store.records(entity::kDeal);
    auto stored = deals.get(edited.id);
    if (!stored) return stored.error();
    const std::string to_stage = edited.text("stage_id");
    if (to_stage == stored->text("stage_id")) {
        // The stage decides the pipeline: a pipeline changed without a stage of it is not a move.
        if (edited.text("pipeline_id") != stored->text("pipeline_id"))
            return make_error(ErrorCode::Invalid, "choose a stage of the new pipeline", "stage_id",
                              "mismatch");
        auto saved = deals.update(edited);
        if (!saved) return saved.error();
        return SaveOutcome{std::move(saved).value(), {}, {}};
    }
    // The other edits first, then the move, which checks its gate on them; one transaction, kept only
    // when the move happened.
    auto tx = storage::Transaction::begin(store.db());
    if (!tx) return tx.error();
    Record rest = edited;
    // The reason is the move's to set (a lost stage) or clear (reopened); until then the stored one holds.
    rest.set("stage_id", stored->get("stage_id"))
        .set("pipeline_id", stored->get("pipeline_id"))
        .set("loss_reason_id", stored->get("loss_reason_id"));
    auto updated = deals.update(rest);
    if (!updated) return updated.error();
    auto moved = move_deal(store, edited.id, to_stage, options);
    if (!moved) return moved.error();
    if (!moved->missing.empty())  // rolled back
        return SaveOutcome{edited, std::move(moved->missing), stage_name(store, edited)};
    CRM_TRY(tx->commit());
    return SaveOutcome{std::move(moved->deal), {}, {}};
}

}  // namespace crm::domain
