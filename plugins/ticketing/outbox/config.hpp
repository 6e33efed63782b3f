#pragma once
// The outbox plugin's settings.

#include <filesystem>

#include "unstuck/sdk/host_services.hpp"

namespace unstuck::ticketing::outbox {

//! Where the outbox writes.
struct Config {
    std::filesystem::path dir;  //!< absolute; exists, readable and writable

    //! Reads the settings, creates the folder when missing and checks that it can be listed and written;
    //! throws std::invalid_argument naming the key.
    static Config from(const sdk::HostServices& host);
};

}  // namespace unstuck::ticketing::outbox
