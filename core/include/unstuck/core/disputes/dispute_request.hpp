#pragma once
//! The dispute request a ticketing plugin files, made from one dispute of a decision and its order case.

#include <string>

#include "unstuck/core/policy/decision.hpp"
#include "unstuck/core/policy/order_case.hpp"
#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::core {

//! A piece of evidence as a ticket fact: `order_id` as plain text, the others as the compact JSON of their
//! decision entry without `kind` (e.g.
//! `{"package_id":"...","event":{"at":...,"code":...,"description":...}}`).
sdk::EvidenceFact to_fact(const Evidence& evidence);

//! The request for one of the decision's disputes, without files: key, code, path (from the decision's
//! policy), marketplace, shop, order, the dispute's packages with their tracking numbers and carriers, the
//! evidence as facts, and the decision's explanation. EvidenceBuilder adds the files.
sdk::DisputeRequest make_dispute_request(const Decision& decision, const Dispute& dispute,
                                         const OrderCase& order);

}  // namespace unstuck::core
