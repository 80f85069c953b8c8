// The sales pipeline's entities (schema 5). The rules that tie them together (stage gates, won / lost,
// history, probability, staleness) live in pipeline.hpp; the forecast in forecast.hpp.
#include "core/domain/entity_fields.hpp"
#include "core/domain/pipeline.hpp"
#include "core/domain/record.hpp"
#include "core/limits.hpp"

namespace crm::domain::fields {

namespace {

using T = FieldType;
constexpr int kSince = 5;

FieldDesc percent_field(std::string_view name, std::string_view label, bool required) {
    FieldDesc f{.name = name,
                .type = T::Integer,
                .label = label,
                .min = 0,
                .max = limits::kMaxProbabilityPercent,
                .required = required,
                .sortable = true,
                .since_schema = kSince};
    if (required) f.default_value = 0;
    return f;
}

FieldDesc outcome_field(std::string_view name, std::string_view label, bool editable) {
    return {.name = name,
            .type = T::Enum,
            .label = label,
            .options = outcome_keys(),
            .required = true,
            .sortable = true,
            .filterable = true,
            .editable = editable,
            .since_schema = kSince,
            .default_value = std::string(outcome::kOpen)};
}

FieldDesc moment_field(std::string_view name, std::string_view label, bool required, bool sortable) {
    return {.name = name,
            .type = T::DateTime,
            .label = label,
            .min = 0,
            .required = required,
            .sortable = sortable,
            .editable = false,
            .since_schema = kSince};
}

EntityDesc pipeline() {
    EntityDesc e =
        named(entity::kPipeline, "pipelines", "entity.pipeline", "entity.pipelines", "entity.pipeline.new");
    e.fields = {name_field(kSince), position_field("field.position_order", kSince)};
    e.columns = {{"name", 0, 2.0f}, {"position", 1, 0.6f}};
    e.form = {"name", "position"};
    e.card = {{"", {"position", kCreatedAtField, kUpdatedAtField}}};
    e.related = {{entity::kStage, "pipeline_id", "card.stages", "card.add_stage"},
                 {entity::kDeal, "pipeline_id", "card.deals", "card.add_deal"}};
    e.default_sort = "name";  // switchers order by position
    e.in_tabs = false;        // edited in the pipeline settings
    e.since_schema = kSince;
    return e;
}

EntityDesc stage() {
    EntityDesc e = named(entity::kStage, "stages", "entity.stage", "entity.stages", "entity.stage.new");
    e.fields = {reference_field("pipeline_id", "field.pipeline_id", entity::kPipeline, true, kSince),
                name_field(kSince),
                position_field("field.position_order", kSince),
                outcome_field("kind", "field.stage_kind", true),
                percent_field("probability", "field.win_probability", true),
                {.name = "idle_days",
                 .type = T::Integer,
                 .label = "field.idle_days",
                 .min = 0,
                 .max = limits::kMaxStageIdleDays,
                 .required = true,
                 .since_schema = kSince,
                 .default_value = 0},
                // Names of deal fields a deal must have filled to enter this stage (the gate).
                {.name = "required_fields",
                 .type = T::TextList,
                 .label = "field.required_fields",
                 .max_bytes = limits::kMaxKeyBytes,
                 .max_items = limits::kMaxStageRequiredFields,
                 .since_schema = kSince}};
    e.subtitle_field = "pipeline_id";
    e.columns = {{"name", 0, 2.0f},        {"pipeline_id", 1, 1.4f}, {"position", 2, 0.6f},
                 {"probability", 3, 0.8f}, {"kind", 4, 0.8f},        {"idle_days", 5, 0.8f}};
    e.form = {"pipeline_id", "name", "position", "kind", "probability", "idle_days", "required_fields"};
    e.card = {{"",
               {"pipeline_id", "position", "kind", "probability", "idle_days", "required_fields",
                kCreatedAtField, kUpdatedAtField}}};
    e.default_sort = "position";
    e.in_tabs = false;  // reached through its pipeline's card
    e.since_schema = kSince;
    return e;
}

EntityDesc loss_reason() {
    EntityDesc e = named(entity::kLossReason, "loss_reasons", "entity.loss_reason", "entity.loss_reasons",
                         "entity.loss_reason.new");
    e.fields = {name_field(kSince), position_field("field.position_order", kSince)};
    e.columns = {{"name", 0, 2.0f}, {"position", 1, 0.6f}};
    e.form = {"name", "position"};
    e.card = {{"", {"position", kCreatedAtField, kUpdatedAtField}}};
    e.related = {{entity::kDeal, "loss_reason_id", "card.deals", ""}};
    e.default_sort = "name";  // the "lost" prompt orders by position
    e.in_tabs = false;        // edited in the pipeline settings
    e.since_schema = kSince;
    return e;
}

EntityDesc deal() {
    EntityDesc e = named(entity::kDeal, "deals", "entity.deal", "entity.deals", "entity.deal.new");
    FieldDesc title = name_field(kSince);
    title.name = "title";
    title.label = "field.deal_title";
    FieldDesc probability = percent_field("probability", "field.probability_override", false);
    probability.sortable = false;
    e.fields = {
        title,
        // The customer is a company or a private person: two optional references, at least one set
        // (check_deal); one field cannot point at two kinds of record.
        reference_field("company_id", "field.company_id", entity::kCompany, false, kSince),
        reference_field("contact_id", "field.customer_contact", entity::kContact, false, kSince),
        reference_field("contact_person_id", "field.contact_person", entity::kContact, false, kSince),
        reference_field("pipeline_id", "field.pipeline_id", entity::kPipeline, true, kSince),
        reference_field("stage_id", "field.stage_id", entity::kStage, true, kSince),
        {.name = "amount",
         .type = T::Money,
         .label = "field.amount",
         .min = 0,
         .max = limits::kMaxMoneyMinor,
         .sortable = true,
         .since_schema = kSince},
        {.name = "expected_close",
         .type = T::Date,
         .label = "field.expected_close",
         .sortable = true,
         .since_schema = kSince},
        probability,
        owner_field(kSince), owner_ref_field(),
        // Written by move_deal (pipeline.hpp), so a status never changes without its history row.
        outcome_field("status", "field.deal_status", false),
        reference_field("loss_reason_id", "field.loss_reason_id", entity::kLossReason, false, kSince),
        notes_field("loss_comment", "field.loss_comment", kSince),
        moment_field("closed_at", "field.closed_at", false, true),
        moment_field("stage_entered_at", "field.stage_entered_at", false, true),
        moment_field("last_activity_at", "field.last_activity_at", false, true),
    };
    e.title_field = "title";
    e.subtitle_field = "stage_id";
    e.columns = {{"title", 0, 2.0f},      {"amount", 1, 1.0f},    {"stage_id", 2, 1.2f},
                 {"company_id", 3, 1.5f}, {"owner_id", 4, 1.0f},     {"expected_close", 5, 1.0f},
                 {"status", 6, 0.8f},     {"contact_id", 7, 1.3f}};
    e.form = {"title",       "company_id", "contact_id",     "contact_person_id",
              "pipeline_id", "stage_id",   "amount",         "expected_close",
              "probability", "owner_id",      "loss_reason_id", "loss_comment"};
    e.card = {
        {"",
         {"pipeline_id", "stage_id", "status", "amount", "probability", "expected_close", "owner_id",
          "company_id", "contact_id", "contact_person_id"}},
        {"card.deal_outcome", {"closed_at", "loss_reason_id", "loss_comment"}},
        {"card.deal_dates", {"stage_entered_at", "last_activity_at", kCreatedAtField, kUpdatedAtField}}};
    e.related = {{entity::kStageHistory, "deal_id", "card.stage_history", ""}};
    e.default_sort = "title";
    e.rule = check_deal;
    e.access = Access::Owned;
    e.prefill = prefill_deal;
    e.save = save_deal;  // the form's stage changes go through move_deal
    e.since_schema = kSince;
    return e;
}

// One row per move of a deal between stages (and one for its first stage): funnel conversion and
// time-in-stage analytics are computed from these. Written by move_deal; the form edits the comment only.
EntityDesc stage_history() {
    EntityDesc e = named(entity::kStageHistory, "stage_history", "entity.stage_move", "entity.stage_moves",
                         "entity.stage_move.new");
    FieldDesc title = name_field(kSince);
    title.name = "title";
    title.label = "field.stage_move";
    title.sortable = false;  // written by move_deal; kept out of the form, which edits the comment only
    FieldDesc by = text_field("moved_by", "field.moved_by", false, false, kSince);
    by.editable = false;
    FieldDesc device = text_field("device", "field.device", false, false, kSince);
    device.max_bytes = limits::kMaxRowIdBytes;
    device.editable = false;
    FieldDesc deal = reference_field("deal_id", "field.deal_id", entity::kDeal, true, kSince);
    deal.editable = false;
    FieldDesc from = reference_field("from_stage_id", "field.from_stage", entity::kStage, false, kSince);
    from.editable = false;
    FieldDesc to = reference_field("to_stage_id", "field.to_stage", entity::kStage, true, kSince);
    to.editable = false;
    e.fields = {title,
                deal,
                from,
                to,
                moment_field("moved_at", "field.moved_at", true, true),
                by,
                device,
                notes_field("comment", "field.move_comment", kSince)};
    e.title_field = "title";
    e.subtitle_field = "moved_at";
    e.columns = {{"title", 0, 2.0f}, {"moved_at", 1, 1.2f}, {"deal_id", 2, 1.5f}, {"moved_by", 3, 1.0f}};
    e.form = {"comment"};
    e.card = {{"", {"deal_id", "from_stage_id", "to_stage_id", "moved_at", "moved_by", "device", "comment"}}};
    e.default_sort = "moved_at";
    e.in_tabs = false;
    e.access = Access::Child;
    e.parent_field = "deal_id";
    e.since_schema = kSince;
    return e;
}

}  // namespace

std::vector<EntityDesc> pipeline_entities() {
    return {deal(), pipeline(), stage(), loss_reason(), stage_history()};  // tab order: deals first
}

}  // namespace crm::domain::fields
