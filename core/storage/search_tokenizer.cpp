#include "core/storage/search_tokenizer.hpp"

#include <sqlite3.h>

#include <new>
#include <string>

#include "core/storage/migrations.hpp"

namespace crm::storage {

namespace {

// unicode61 lower-cases Cyrillic but its diacritics table covers Latin only, so "ё" stays distinct
// from "е". Russian text uses the two interchangeably: this wrapper maps ё to е (same byte length)
// in every token, both when indexing and when parsing a query.
struct Wrapped {
    fts5_tokenizer inner{};
    Fts5Tokenizer* inner_instance = nullptr;
};

struct TokenContext {
    void* ctx;
    int (*emit)(void*, int, const char*, int, int, int);
    std::string buffer;
};

int forward_token(void* raw, int flags, const char* token, int size, int start, int end) {
    auto* tc = static_cast<TokenContext*>(raw);
    tc->buffer.assign(token, static_cast<std::size_t>(size));
    for (std::size_t i = 0; i + 1 < tc->buffer.size(); ++i) {
        if (static_cast<unsigned char>(tc->buffer[i]) == 0xD1 && static_cast<unsigned char>(tc->buffer[i + 1]) == 0x91) {
            tc->buffer[i] = static_cast<char>(0xD0);  // ё (D1 91) → е (D0 B5)
            tc->buffer[i + 1] = static_cast<char>(0xB5);
        }
    }
    return tc->emit(tc->ctx, flags, tc->buffer.data(), size, start, end);
}

int wrapped_create(void* user, const char** args, int n_args, Fts5Tokenizer** out) {
    auto* api = static_cast<fts5_api*>(user);
    auto* w = new (std::nothrow) Wrapped();
    if (w == nullptr) return SQLITE_NOMEM;
    void* inner_user = nullptr;
    int rc = api->xFindTokenizer(api, "unicode61", &inner_user, &w->inner);
    if (rc == SQLITE_OK) rc = w->inner.xCreate(inner_user, args, n_args, &w->inner_instance);
    if (rc != SQLITE_OK) {
        delete w;
        return rc;
    }
    *out = reinterpret_cast<Fts5Tokenizer*>(w);
    return SQLITE_OK;
}

void wrapped_delete(Fts5Tokenizer* tok) {
    auto* w = reinterpret_cast<Wrapped*>(tok);
    if (w->inner_instance != nullptr) w->inner.xDelete(w->inner_instance);
    delete w;
}

int wrapped_tokenize(Fts5Tokenizer* tok, void* ctx, int flags, const char* text, int size,
                     int (*emit)(void*, int, const char*, int, int, int)) {
    auto* w = reinterpret_cast<Wrapped*>(tok);
    TokenContext tc{ctx, emit, {}};
    return w->inner.xTokenize(w->inner_instance, &tc, flags, text, size, forward_token);
}

}  // namespace

Status register_search_tokenizer(Database& db) {
    // fts5_api is handed out through SQLite's pointer-passing interface ("SELECT fts5(?)").
    fts5_api* api = nullptr;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db.handle(), "SELECT fts5(?1)", -1, &stmt, nullptr);
    if (rc == SQLITE_OK) {
        sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
        sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    if (api == nullptr) return db.last_error("FTS5 is not available");
    static fts5_tokenizer tokenizer{wrapped_create, wrapped_delete, wrapped_tokenize};
    rc = api->xCreateTokenizer(api, kSearchTokenizer, api, &tokenizer, nullptr);
    if (rc != SQLITE_OK) return db.last_error("register search tokenizer");
    return {};
}

}  // namespace crm::storage
