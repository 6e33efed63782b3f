// The case store's marketplace cursors: where each marketplace plugin's next pull of a shop starts.
#include "store/case_store_impl.hpp"

namespace unstuck::core {

Result<std::optional<std::string>> CaseStore::marketplace_cursor(std::string_view plugin,
                                                                 std::string_view shop_id) {
    return impl_->read<std::optional<std::string>>(
        "reading a marketplace cursor", [&](Session& s) -> Result<std::optional<std::string>> {
            Statement select(s);
            select << "SELECT cursor FROM marketplace_cursors WHERE plugin = $1 AND shop_id = $2",
                bind(std::string(plugin)), bind(std::string(shop_id));
            select.execute();
            Rows rows(select);
            if (rows.size() == 0) return std::optional<std::string>();
            return std::optional<std::string>(rows.text(0, 0));
        });
}

sdk::Status CaseStore::save_marketplace_cursor(std::string_view plugin, std::string_view shop_id,
                                               std::string_view cursor, Timestamp at) {
    if (plugin.empty())
        return Error{impl_->description + ": saving a marketplace cursor: no marketplace plugin named"};
    return status_of(impl_->write<Done>("saving a marketplace cursor", [&](Session& s) -> Result<Done> {
        s << "INSERT INTO marketplace_cursors (plugin, shop_id, cursor, updated_at) VALUES ($1, $2, $3, $4)"
             " ON CONFLICT (plugin, shop_id) DO UPDATE SET cursor = excluded.cursor,"
             " updated_at = excluded.updated_at",
            bind(std::string(plugin)), bind(std::string(shop_id)), bind(std::string(cursor)),
            bind(micros(at)), now;
        return Done{};
    }));
}

}  // namespace unstuck::core
