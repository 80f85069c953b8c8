#pragma once
// The entity registry: one descriptor per kind of record is the single source of truth for its table,
// fields, list columns, card sections, form layout and related lists. DDL (for tables added from schema 2
// on), indexes, search, validation, encoding, the generic repository and the generic list / card / form
// views all read it. A new kind of record is a descriptor in entities.cpp, its strings and its tests.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/field.hpp"

namespace crm {
class Store;
}

namespace crm::domain {

class Record;
struct SaveOutcome;  // record.hpp

// A column of the entity's list. Narrow lists (a phone, a card open beside the list) drop the columns
// with the highest priority number first; priority 0 columns are never dropped.
struct ListColumn {
    std::string_view field;
    int priority = 0;
    float weight = 1.0f;  // share of the width in the stretch layout
};

// A titled group of fields on the card ("" title: the first, untitled group).
struct CardSection {
    std::string_view label;  // catalogue key, or empty
    std::vector<std::string_view> fields;
};

// Records of another entity that point at this one (a company's contacts), listed on its card.
struct RelatedList {
    std::string_view entity;     // the child entity's name
    std::string_view via;        // the child's Reference field that points here
    std::string_view label;      // catalogue key of the section title ("{} = count")
    std::string_view add_label;  // catalogue key of the "new child" button; empty: none
    // Rows whose `first_field` is `first_value` are listed first (a customer's open deals); empty: none.
    std::string_view first_field{};
    std::string_view first_value{};
    // Fields shown after a row's title (a deal's stage and amount); empty: the child's subtitle.
    std::vector<std::string_view> details{};
};

// Who may see and change an entity's records (sync/scope.hpp; the server enforces it on pull and push).
enum class Access {
    Settings,  // pipelines, stages, loss reasons: everyone reads, admins write
    Lists,     // user-defined option lists: everyone reads, managers and admins write
    Accounts,  // users and teams: everyone reads (owners are shown by name), admins write
    Owned,     // customers, deals, activities: by their owner_id (kOwnerField)
    Child,     // history rows: as the record they belong to (parent_field)
};

struct EntityDesc {
    std::string_view name;                  // "company": automation ids, RecordRef keys
    std::string_view table;                 // "companies": SQL table and change-log table name
    std::string_view label_one;             // catalogue keys: "entity.company" ...
    std::string_view label_many;            // ... "entity.companies" (the list tab)
    std::string_view label_new;             // ... "entity.company.new" (the "New" button)
    std::vector<FieldDesc> fields;          // own fields, then the system fields the registry appends
    std::string_view title_field = "name";  // what names a record (card title, pickers, references)
    std::string_view subtitle_field;        // shown after the title in pickers and related lists
    std::vector<ListColumn> columns;
    std::vector<std::string_view> form;  // editable fields, in form order
    std::vector<CardSection> card;
    std::vector<RelatedList> related;
    std::string_view default_sort = "name";
    bool in_tabs = true;   // has a tab in the main list
    int since_schema = 1;  // the schema version that added the table
    Access access = Access::Settings;
    // Access::Child: the field holding the parent record's id, and the one naming the parent's entity
    // (empty: parent_field is a Reference and its target is the entity).
    std::string_view parent_field;
    std::string_view parent_entity_field;
    // A rule across fields (a deal needs a company or a private person), run after the field checks on
    // every local write and by the form; the merge does not run it (fields may arrive one by one).
    Status (*rule)(const Record&) = nullptr;
    // Defaults of a new record that depend on other records (a deal: its customer's owner, the first
    // pipeline and its first open stage), filled by the form before it shows a new record; values
    // already set stay. Titles of references it sets go to the draft's ref_titles.
    Status (*prefill)(Store&, Record& draft) = nullptr;
    // Saving through the entity's own rules instead of the repository's create / update (a deal enters
    // a stage through move_deal: its gate and history row). The form calls it when set.
    Result<SaveOutcome> (*save)(Store&, const Record& edited) = nullptr;

    const FieldDesc* find(std::string_view field) const;
    int index_of(std::string_view field) const;  // -1 when unknown
    const FieldDesc& title() const;
    // Access::Child: the condition (SQL over this table, ?1 = the parent's id) picking the rows that belong
    // to a record of `parent`; nullopt when this entity is no child of `parent`.
    std::optional<std::string> rows_of_sql(const EntityDesc& parent) const;
};

class Registry {
  public:
    // The app's entities (companies, contacts, enum options, the sales pipeline's), built once.
    static const Registry& app();
    // A registry of other descriptors (tests); appends the system fields to each.
    explicit Registry(std::vector<EntityDesc> entities);

    std::span<const EntityDesc> entities() const { return entities_; }
    const EntityDesc* find(std::string_view name) const;         // by entity name
    const EntityDesc* find_table(std::string_view table) const;  // by table name
    const EntityDesc& get(std::string_view name) const;          // asserts that it exists

  private:
    std::vector<EntityDesc> entities_;
};

// Checks a descriptor's internal consistency (form/columns/card name real fields, references name known
// entities, ...). Returns the problems found; tests run it on every registered entity.
std::vector<std::string> check_descriptor(const Registry& registry, const EntityDesc& entity);

// Names of the app's entities and of the fields other code refers to by name.
namespace entity {
inline constexpr std::string_view kCompany = "company";
inline constexpr std::string_view kContact = "contact";
inline constexpr std::string_view kEnumOption = "enum_option";
inline constexpr std::string_view kPipeline = "pipeline";
inline constexpr std::string_view kStage = "stage";
inline constexpr std::string_view kLossReason = "loss_reason";
inline constexpr std::string_view kDeal = "deal";
inline constexpr std::string_view kStageHistory = "stage_history";
inline constexpr std::string_view kActivity = "activity";
inline constexpr std::string_view kFieldHistory = "field_history";
inline constexpr std::string_view kTeam = "team";
inline constexpr std::string_view kUser = "user";
}  // namespace entity

// The schema that added team accounts (users, teams, records' owner_id).
inline constexpr int kAccountsSchema = 8;

// A user's role: what the server lets their devices see and change (sync/scope.hpp).
namespace role {
inline constexpr std::string_view kRep = "rep";
inline constexpr std::string_view kManager = "manager";
inline constexpr std::string_view kAdmin = "admin";
}  // namespace role

// The customer journey (journey_stage of companies and contacts) is the team-editable option list
// "journey" (enum_option records). Its six default stages are made by the v6 migration with these fixed
// ids on every replica, in stage order (so id order = position order); journey.hpp reads the list.
inline constexpr std::string_view kJourneyList = "journey";
const std::vector<std::string_view>& journey_stage_keys();

}  // namespace crm::domain
