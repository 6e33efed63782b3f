#pragma once
//! Where and how the host logs: the host config's `log` section.

#include <string>

#include <Poco/JSON/Object.h>

#include "unstuck/sdk/result.hpp"

namespace unstuck::core {

//! Logging settings.
struct LogOptions {
    std::string level = "info";  //!< trace, debug, info, warn, error, off
    bool json = false;           //!< one JSON object per line instead of text

    //! Reads the `log` section (null: the defaults); errors name `log.<key>`.
    static sdk::Result<LogOptions> from_json(const Poco::JSON::Object::Ptr& section);
};

}  // namespace unstuck::core
