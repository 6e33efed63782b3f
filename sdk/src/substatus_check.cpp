#include "unstuck/sdk/substatus_check.hpp"

#include "unstuck/sdk/model.hpp"

namespace unstuck::sdk {

std::vector<SubstatusMismatch> find_substatus_mismatches(const Shipment& shipment) {
    std::vector<SubstatusMismatch> out;
    for (std::size_t i = 0; i < shipment.events.size(); ++i) {
        const Event& e = shipment.events[i];
        if (!is_valid_substatus(e.status, e.substatus)) out.push_back({i, e.status, e.substatus});
    }
    if (!is_valid_substatus(shipment.status, shipment.substatus))
        out.push_back({std::nullopt, shipment.status, shipment.substatus});
    return out;
}

std::string describe(const SubstatusMismatch& mismatch) {
    std::string where = mismatch.event_index ? "event " + std::to_string(*mismatch.event_index) : "shipment";
    return where + ": substatus \"" + mismatch.substatus + "\" is not a substatus of " +
           std::string(to_string(mismatch.status));
}

}  // namespace unstuck::sdk
