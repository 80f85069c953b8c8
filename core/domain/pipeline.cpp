#include "core/domain/pipeline.hpp"

#include "core/store.hpp"
#include "core/util/civil_date.hpp"

namespace crm::domain {

namespace {

Error invalid(std::string_view field, std::string message) {
    return make_error(ErrorCode::Invalid, std::move(message), std::string(field), "empty");
}

bool is_set(const nlohmann::json& ref) {
    return ref.is_string() && !ref.get_ref<const std::string&>().empty();
}

// The stage's required deal fields that are empty in `deal`; names that are no deal field are skipped
// (a stage edited by a newer app may name a field this one lacks).
std::vector<std::string> gate(const Record& deal, const Record& stage) {
    std::vector<std::string> missing;
    const EntityDesc& e = deal.entity();
    for (const std::string& name : stage.list("required_fields")) {
        const FieldDesc* f = e.find(name);
        if (f == nullptr) continue;
        if (is_empty_value(*f, deal.get(name))) missing.push_back(name);
    }
    return missing;
}

Result<Record> live_stage(Store& store, const std::string& id) {
    auto stage = store.records(entity::kStage).get(id);
    if (!stage) return make_error(ErrorCode::NotFound, "stage " + id + " does not exist", "stage_id");
    return stage;
}

// Applies a move to `deal` (in memory): the target stage's pipeline, status, dates and the loss reason.
Status enter_stage(Record& deal, const Record& stage, const MoveOptions& options, std::int64_t at) {
    const std::string kind = stage.text("kind");
    deal.set("stage_id", stage.id).set("pipeline_id", stage.get("pipeline_id"));
    deal.set("status", kind).set("stage_entered_at", at).set("last_activity_at", at);
    if (kind == outcome::kOpen) {
        deal.set("closed_at", nullptr).set("loss_reason_id", nullptr);  // reopened: no longer lost
        return {};
    }
    deal.set("closed_at", at);
    if (kind == outcome::kWon) {
        deal.set("loss_reason_id", nullptr);
        return {};
    }
    if (!options.loss_reason_id.empty()) deal.set("loss_reason_id", options.loss_reason_id);
    if (!options.loss_comment.empty()) deal.set("loss_comment", options.loss_comment);
    if (!is_set(deal.get("loss_reason_id")))
        return invalid("loss_reason_id", "a lost deal needs a loss reason");
    return {};
}

Result<Record> write_history(Store& store, const Record& deal, const Record* from, const Record& to,
                             const MoveOptions& options, std::int64_t at) {
    Repository history = store.records(entity::kStageHistory);
    Record row(history.entity());
    const std::string title =
        from != nullptr ? from->text("name") + " → " + to.text("name") : to.text("name");
    row.set("title", title).set("deal_id", deal.id).set("to_stage_id", to.id).set("moved_at", at);
    row.set("from_stage_id", from != nullptr ? nlohmann::json(from->id) : nlohmann::json(nullptr));
    row.set("moved_by", options.moved_by.empty() ? deal.text("owner_id") : options.moved_by);
    row.set("device", store.device_id());
    return history.create(row);
}

Status apply_fill(Record& deal, const MoveOptions& options) {
    for (const auto& [name, value] : options.fill) {
        const FieldDesc* f = deal.entity().find(name);
        if (f == nullptr || !f->editable)
            return make_error(ErrorCode::Invalid, "no editable deal field " + name, name, "malformed");
        deal.set(name, value);
    }
    return {};
}

}  // namespace

const std::vector<std::string_view>& outcome_keys() {
    static const std::vector<std::string_view> keys{outcome::kOpen, outcome::kWon, outcome::kLost};
    return keys;
}

Status check_deal(const Record& deal) {
    if (!is_set(deal.get("company_id")) && !is_set(deal.get("contact_id")))
        return invalid("company_id", "a deal needs a customer: a company or a private person");
    if (deal.text("status") == outcome::kLost && !is_set(deal.get("loss_reason_id")))
        return invalid("loss_reason_id", "a lost deal needs a loss reason");
    return {};
}

Result<MoveOutcome> move_deal(Store& store, const std::string& deal_id, const std::string& to_stage_id,
                              const MoveOptions& options) {
    Repository deals = store.records(entity::kDeal);
    auto tx = storage::Transaction::begin(store.db());
    if (!tx) return tx.error();
    auto current = deals.get(deal_id);
    if (!current) return current.error();
    auto to = live_stage(store, to_stage_id);
    if (!to) return to.error();
    MoveOutcome out;
    if (current->text("stage_id") == to_stage_id) {
        out.deal = std::move(current).value();
        return out;
    }
    Record next = *current;
    CRM_TRY(apply_fill(next, options));
    out.missing = gate(next, *to);
    if (!out.missing.empty()) {
        out.deal = std::move(current).value();
        return out;  // the transaction rolls back: nothing written
    }
    const std::int64_t at = options.at_ms.value_or(store.clock().now());
    CRM_TRY(enter_stage(next, *to, options, at));
    auto saved = deals.update(next, WriteScope::Rules);
    if (!saved) return saved.error();
    // The stage it left may be gone (deleted elsewhere): the history then starts from nothing.
    auto from = store.records(entity::kStage).get(current->text("stage_id"));
    auto history = write_history(store, *saved, from ? &*from : nullptr, *to, options, at);
    if (!history) return history.error();
    CRM_TRY(tx->commit());
    out.moved = true;
    out.deal = std::move(saved).value();
    out.history = std::move(history).value();
    return out;
}

Result<MoveOutcome> create_deal(Store& store, Record draft, const MoveOptions& options) {
    Repository deals = store.records(entity::kDeal);
    auto tx = storage::Transaction::begin(store.db());
    if (!tx) return tx.error();
    auto to = live_stage(store, draft.text("stage_id"));
    if (!to) return to.error();
    CRM_TRY(apply_fill(draft, options));
    MoveOutcome out;
    out.missing = gate(draft, *to);
    if (!out.missing.empty()) {
        out.deal = std::move(draft);
        return out;
    }
    const std::int64_t at = options.at_ms.value_or(store.clock().now());
    CRM_TRY(enter_stage(draft, *to, options, at));
    auto created = deals.create(draft);
    if (!created) return created.error();
    auto history = write_history(store, *created, nullptr, *to, options, at);
    if (!history) return history.error();
    CRM_TRY(tx->commit());
    out.moved = true;
    out.deal = std::move(created).value();
    out.history = std::move(history).value();
    return out;
}

int effective_probability(const Record& deal, const Record& stage) {
    const auto& override = deal.get("probability");
    if (override.is_number_integer()) return override.get<int>();
    return static_cast<int>(stage.integer("probability"));
}

std::int64_t days_in_stage(const Record& deal, std::int64_t now_ms, std::int64_t offset_ms) {
    const auto& entered = deal.get("stage_entered_at");
    const std::int64_t since =
        entered.is_number_integer() ? entered.get<std::int64_t>() : deal.integer(kCreatedAtField);
    return civil::days_since_epoch(civil::local_date(now_ms, offset_ms)) -
           civil::days_since_epoch(civil::local_date(since, offset_ms));
}

bool is_stale(const Record& deal, const Record& stage, std::int64_t now_ms, std::int64_t offset_ms) {
    const std::int64_t idle = stage.integer("idle_days");
    if (idle <= 0 || deal.text("status") != outcome::kOpen) return false;
    return days_in_stage(deal, now_ms, offset_ms) > idle;
}

}  // namespace crm::domain
