#pragma once
// Private: the case store's schema as ordered migrations, the same for SQLite and PostgreSQL.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/core/config/store_options.hpp"

namespace unstuck::core {

//! One schema version: the SQL statements that lead to it from the version before.
struct StoreMigration {
    int version;
    std::string_view description;
    std::vector<std::string_view> steps;  //!< one statement each; `{id}` is the dialect's auto-increment key
};

//! Every migration, oldest first; versions count up from 1 without gaps.
std::span<const StoreMigration> store_migrations();

//! A migration step in the backend's dialect.
std::string store_sql(std::string_view step, StoreBackend backend);

}  // namespace unstuck::core
