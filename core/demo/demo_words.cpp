#include "core/demo/demo_words.hpp"

#include <array>

#include "core/util/text.hpp"

namespace crm::demo {

namespace {

constexpr std::array<RussianFirstName, 40> kRuFirst{{
    {"Александр", false}, {"Дмитрий", false},  {"Максим", false},   {"Сергей", false},   {"Андрей", false},
    {"Алексей", false},   {"Артём", false},    {"Илья", false},     {"Кирилл", false},   {"Михаил", false},
    {"Никита", false},    {"Иван", false},     {"Егор", false},     {"Павел", false},    {"Роман", false},
    {"Владимир", false},  {"Олег", false},     {"Юрий", false},     {"Виктор", false},   {"Евгений", false},
    {"Анна", true},       {"Мария", true},     {"Елена", true},     {"Ольга", true},     {"Наталья", true},
    {"Татьяна", true},    {"Ирина", true},     {"Екатерина", true}, {"Светлана", true},  {"Юлия", true},
    {"Анастасия", true},  {"Дарья", true},     {"Ксения", true},    {"Алёна", true},     {"Марина", true},
    {"Виктория", true},   {"Полина", true},    {"Людмила", true},   {"Галина", true},    {"Софья", true},
}};

constexpr std::array<std::string_view, 48> kRuSurnames{
    "Иванов",   "Смирнов",   "Кузнецов",  "Попов",     "Васильев",  "Петров",   "Соколов",    "Михайлов",
    "Новиков",  "Фёдоров",   "Морозов",   "Волков",    "Алексеев",  "Лебедев",  "Семёнов",    "Егоров",
    "Павлов",   "Козлов",    "Степанов",  "Николаев",  "Орлов",     "Андреев",  "Макаров",    "Никитин",
    "Захаров",  "Зайцев",    "Соловьёв",  "Борисов",   "Яковлев",   "Григорьев", "Романов",   "Воробьёв",
    "Сергеев",  "Кудрявцев", "Белов",     "Тарасов",   "Беляев",    "Комаров",  "Вишневский", "Ковальский",
    "Жуковский", "Трубецкой", "Толстой",  "Шевченко",  "Бондаренко", "Черных",  "Седых",      "Коваленко",
};

constexpr std::array<Patronymic, 16> kPatronymics{{
    {"Александрович", "Александровна"}, {"Дмитриевич", "Дмитриевна"}, {"Сергеевич", "Сергеевна"},
    {"Андреевич", "Андреевна"},         {"Алексеевич", "Алексеевна"}, {"Иванович", "Ивановна"},
    {"Михайлович", "Михайловна"},       {"Николаевич", "Николаевна"}, {"Владимирович", "Владимировна"},
    {"Петрович", "Петровна"},           {"Викторович", "Викторовна"}, {"Юрьевич", "Юрьевна"},
    {"Олегович", "Олеговна"},           {"Евгеньевич", "Евгеньевна"}, {"Павлович", "Павловна"},
    {"Ильич", "Ильинична"},
}};

constexpr std::array<std::string_view, 24> kEnFirst{
    "James", "Oliver", "William", "Harry",  "George",  "Thomas", "Daniel", "Michael", "David",  "Robert", "Peter", "Mark",
    "Emma",  "Olivia", "Amelia",  "Sophie", "Charlotte", "Emily", "Grace", "Hannah",  "Lucy",   "Sarah",  "Laura", "Kate",
};

constexpr std::array<std::string_view, 24> kEnSurnames{
    "Smith",  "Jones",  "Taylor", "Brown",   "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans",
    "Walker", "White",  "Roberts", "Green",  "Hall",     "Wood",   "Jackson", "Clarke", "Harris",   "Lewis",  "Cooper",   "King",
};

constexpr std::array<std::string_view, 20> kRuStems{
    "Альфа", "Вектор", "Гранит", "Север", "Урал",  "Волга",  "Меридиан", "Профи", "Техно", "Строй",
    "Агро",  "Транс",  "Энерго", "Мед",   "Инфо",  "Сиб",    "Нева",     "Балт",  "Дон",   "Кедр",
};

constexpr std::array<std::string_view, 12> kRuSuffixes{
    "Сервис", "Групп", "Трейд", "Логистик", "Инвест", "Систем", "Пром", "Комплект", "Маркет", "Консалт", "Снаб", "Лайн",
};

constexpr std::array<std::string_view, 16> kRuQuoted{
    "Ромашка",       "Северное сияние", "Белые ночи",     "Золотой колос", "Сибирские технологии", "Три медведя",
    "Русский лес",   "Первая линия",    "Добрый хлеб",    "Волжские просторы", "Уральские самоцветы", "Зелёная долина",
    "Светлый путь",  "Ладога",          "Заря",           "Малахит",
};

constexpr std::array<std::string_view, 20> kEnWords{
    "Northwind", "Bluefield", "Redstone", "Silverline", "Greenway", "Brightwater", "Oakridge", "Westgate",
    "Clearpoint", "Highland", "Riverside", "Summit",   "Keystone", "Harbour",   "Evergreen", "Blackwood",
    "Sterling",  "Crescent",  "Pinewood",  "Lakeside",
};

constexpr std::array<std::string_view, 8> kEnKinds{
    "Trading", "Logistics", "Consulting", "Systems", "Supplies", "Foods", "Engineering", "Partners",
};

constexpr std::array<std::string_view, 16> kRuPositions{
    "Генеральный директор",    "Коммерческий директор", "Финансовый директор", "Главный бухгалтер",
    "Менеджер по закупкам",    "Руководитель отдела продаж", "Менеджер по продажам", "Начальник склада",
    "Маркетолог",              "Юрист",                 "Инженер",             "Офис-менеджер",
    "Технический директор",    "Специалист по снабжению", "Логист",            "Директор по развитию",
};

constexpr std::array<std::string_view, 10> kEnPositions{
    "CEO", "CFO", "Sales Director", "Procurement Manager", "Office Manager", "Head of Logistics",
    "Account Manager", "Operations Director", "Marketing Manager", "Buyer",
};

constexpr std::array<std::string_view, 14> kRuCities{
    "Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань", "Нижний Новгород", "Самара",
    "Краснодар", "Ростов-на-Дону", "Пермь", "Воронеж", "Уфа", "Тюмень", "Ярославль",
};

constexpr std::array<std::string_view, 16> kRuStreets{
    "ул. Ленина",    "ул. Гагарина",      "пр-т Мира",        "ул. Садовая",     "ул. Советская",
    "ул. Пушкина",   "ул. Молодёжная",    "ул. Лесная",       "ул. Школьная",    "ул. Набережная",
    "пр-т Победы",   "ул. Заводская",     "ул. Строителей",   "ул. Кирова",      "ул. Чехова",
    "пер. Солнечный",
};

constexpr std::array<std::string_view, 10> kEnStreets{
    "High Street, London", "Station Road, Manchester", "Church Lane, Leeds", "Park Avenue, Bristol",
    "King Street, Edinburgh", "Victoria Road, Glasgow", "Market Street, Liverpool", "Mill Lane, Oxford",
    "Queen Street, Cardiff", "Bridge Street, Cambridge",
};

constexpr std::array<std::string_view, 16> kMobileCodes{
    "903", "905", "906", "909", "910", "915", "916", "917", "921", "925", "926", "929", "951", "977", "985", "999",
};

constexpr std::array<std::string_view, 8> kLandlineCodes{"495", "499", "812", "383", "343", "843", "846", "861"};

constexpr std::array<std::string_view, 5> kMailDomains{"mail.ru", "yandex.ru", "gmail.com", "bk.ru", "inbox.ru"};

constexpr std::array<std::string_view, 10> kRuNotes{
    "Перезвонить после 15:00.",
    "Интересуется оптовыми поставками.",
    "Просил прислать коммерческое предложение на почту.",
    "Решение принимает генеральный директор.",
    "Бюджет согласуют в следующем квартале.",
    "Постоянный клиент, платит без задержек.",
    "Встреча на выставке, оставил визитку.",
    "Нужна отсрочка платежа 30 дней.",
    "Сравнивает нас с двумя конкурентами.",
    "Предпочитает общение в мессенджере.",
};

constexpr std::array<std::string_view, 6> kEnNotes{
    "Call back after 3 pm.",
    "Asked for a quote by e-mail.",
    "Met at the trade fair.",
    "Budget approval expected next quarter.",
    "Prefers phone calls to e-mail.",
    "Long-standing customer, pays on time.",
};

struct Translit {
    std::string_view cyr;  // lower-case letter
    std::string_view lat;
};

constexpr std::array<Translit, 33> kTranslit{{
    {"а", "a"}, {"б", "b"},  {"в", "v"},  {"г", "g"},  {"д", "d"},    {"е", "e"},  {"ё", "e"},  {"ж", "zh"},
    {"з", "z"}, {"и", "i"},  {"й", "y"},  {"к", "k"},  {"л", "l"},    {"м", "m"},  {"н", "n"},  {"о", "o"},
    {"п", "p"}, {"р", "r"},  {"с", "s"},  {"т", "t"},  {"у", "u"},    {"ф", "f"},  {"х", "kh"}, {"ц", "ts"},
    {"ч", "ch"}, {"ш", "sh"}, {"щ", "shch"}, {"ъ", ""}, {"ы", "y"},   {"ь", ""},   {"э", "e"},  {"ю", "yu"},
    {"я", "ya"},
}};

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

std::span<const RussianFirstName> russian_first_names() { return kRuFirst; }
std::span<const std::string_view> russian_surnames() { return kRuSurnames; }
std::span<const Patronymic> patronymics() { return kPatronymics; }
std::span<const std::string_view> english_first_names() { return kEnFirst; }
std::span<const std::string_view> english_surnames() { return kEnSurnames; }
std::span<const std::string_view> russian_company_stems() { return kRuStems; }
std::span<const std::string_view> russian_company_suffixes() { return kRuSuffixes; }
std::span<const std::string_view> russian_company_quoted() { return kRuQuoted; }
std::span<const std::string_view> english_company_words() { return kEnWords; }
std::span<const std::string_view> english_company_kinds() { return kEnKinds; }
std::span<const std::string_view> russian_positions() { return kRuPositions; }
std::span<const std::string_view> english_positions() { return kEnPositions; }
std::span<const std::string_view> russian_cities() { return kRuCities; }
std::span<const std::string_view> russian_streets() { return kRuStreets; }
std::span<const std::string_view> english_streets() { return kEnStreets; }
std::span<const std::string_view> mobile_codes() { return kMobileCodes; }
std::span<const std::string_view> landline_codes() { return kLandlineCodes; }
std::span<const std::string_view> mail_domains() { return kMailDomains; }
std::span<const std::string_view> russian_notes() { return kRuNotes; }
std::span<const std::string_view> english_notes() { return kEnNotes; }

std::string feminine_surname(std::string_view male) {
    const std::string m(male);
    if (ends_with(m, "ский")) return m.substr(0, m.size() - std::string_view("ий").size()) + "ая";
    if (ends_with(m, "цкий")) return m.substr(0, m.size() - std::string_view("ий").size()) + "ая";
    if (ends_with(m, "ской") || ends_with(m, "цкой") || ends_with(m, "ой"))
        return m.substr(0, m.size() - std::string_view("ой").size()) + "ая";
    if (ends_with(m, "ов") || ends_with(m, "ев") || ends_with(m, "ёв") || ends_with(m, "ин") || ends_with(m, "ын"))
        return m + "а";
    return m;  // -енко, -ых, -их and foreign surnames do not decline
}

std::string transliterate(std::string_view russian) {
    const std::string folded = text::fold_case(russian);  // also maps ё to е
    std::string out;
    for (std::size_t i = 0; i < folded.size();) {
        const auto c = static_cast<unsigned char>(folded[i]);
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        bool matched = false;
        for (const auto& t : kTranslit) {
            if (folded.compare(i, t.cyr.size(), t.cyr) == 0) {
                out += t.lat;
                i += t.cyr.size();
                matched = true;
                break;
            }
        }
        if (!matched) {
            ++i;  // skip the rest of an unknown sequence's bytes
            while (i < folded.size() && (static_cast<unsigned char>(folded[i]) & 0xC0) == 0x80) ++i;
        }
    }
    return out;
}

}  // namespace crm::demo
