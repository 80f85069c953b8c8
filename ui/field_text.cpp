#include "ui/field_text.hpp"

#include "ui/format.hpp"
#include "ui/i18n.hpp"
#include "ui/i18n_labels.hpp"

namespace crm::ui {

namespace {

using domain::FieldType;

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string joined_lines(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) {
        if (!out.empty()) out += '\n';
        out += item;
    }
    return out;
}

std::string value_text(ViewContext& ctx, const domain::FieldDesc& field, const domain::Record& record,
                       TextForm form) {
    const nlohmann::json& value = record.get(field.name);
    const int utc = ctx.platform.utc_offset_minutes();
    switch (shown_type(field)) {
        case FieldType::Text:
            return record.text(field.name);
        case FieldType::LongText: {
            const std::string text = record.text(field.name);
            return form == TextForm::Cell ? first_line(text) : text;
        }
        case FieldType::TextList: {
            const std::vector<std::string> items = record.list(field.name);
            if (items.empty()) return {};
            return form == TextForm::Cell ? items.front() : joined_lines(items);
        }
        case FieldType::Integer:
            if (!value.is_number_integer()) return {};
            return format_count(value.get<std::int64_t>());
        case FieldType::Boolean:
            return tr(record.boolean(field.name) ? Str::Yes : Str::No);
        case FieldType::Money: {
            const auto money = domain::money_of(value);
            return money ? format_money(money->minor, money->currency) : std::string();
        }
        case FieldType::Date:
            return value.is_string() ? format_iso_date(value.get<std::string>()) : std::string();
        case FieldType::DateTime:
            // 0: a system time not set yet (a draft).
            if (!value.is_number_integer() || value.get<std::int64_t>() == 0) return {};
            // A list column stays narrow with the day alone; the card shows the time too.
            return form == TextForm::Cell ? format_date(value.get<std::int64_t>(), utc)
                                          : format_datetime(value.get<std::int64_t>(), utc);
        case FieldType::Enum: {
            const std::string key = record.text(field.name);
            if (key.empty())
                return form == TextForm::Full && !field.required ? none_text(field) : std::string();
            return enum_text(ctx, field, key);
        }
        case FieldType::Reference: {
            if (record.text(field.name).empty())
                return form == TextForm::Full ? none_text(field) : std::string();
            // The title may be empty while the referenced record has not synced yet.
            return record.ref_title(field.name);
        }
        case FieldType::GeoPoint: {
            const auto geo = domain::geo_of(value);
            return geo ? format_geo(geo->lat, geo->lon, geo->accuracy) : std::string();
        }
    }
    return {};
}

}  // namespace

FieldType shown_type(const domain::FieldDesc& field) {
    // The registry types the system times as integers (Unix ms); a user reads them as date-times.
    if (field.name == domain::kCreatedAtField || field.name == domain::kUpdatedAtField)
        return FieldType::DateTime;
    return field.type;
}

std::string none_text(const domain::FieldDesc& field) {
    const std::string key = none_key(field);
    return has_label(key) ? label(key) : tr(Str::NoneChoice);
}

std::string enum_text(ViewContext& ctx, const domain::FieldDesc& field, std::string_view value) {
    if (field.option_list.empty()) return option_label(field, value);
    const std::string_view text = ctx.options.label(ctx.store, ctx.registry, field.option_list, value);
    return std::string(text.empty() ? std::string_view(tr(Str::NoValue)) : text);
}

std::string field_text(ViewContext& ctx, const domain::FieldDesc& field, const domain::Record& record,
                       TextForm form) {
    std::string text = value_text(ctx, field, record, form);
    if (text.empty() && form == TextForm::Full) return tr(Str::NoValue);
    return text;
}

}  // namespace crm::ui
