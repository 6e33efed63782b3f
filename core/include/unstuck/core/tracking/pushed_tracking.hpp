#pragma once
//! Tracking a carrier pushed (a webhook), merged with what the store held: the packages with those numbers
//! are decided on it instead of a fetch.

#include <functional>
#include <map>
#include <string>

#include "unstuck/sdk/model.hpp"

namespace unstuck::core {

//! Shipments by tracking number.
using PushedTracking = std::map<std::string, sdk::Shipment, std::less<>>;

}  // namespace unstuck::core
