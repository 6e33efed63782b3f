#pragma once
// What a dispute says to people: the subject, the path, the evidence table, the Seller Center description.
// Every backend shows the same text, so a dispute reads the same in Zendesk, in Jira and in the outbox.

#include <array>
#include <string>
#include <string_view>

#include "unstuck/sdk/ticketing.hpp"

namespace unstuck::ticketing {

//! The path codes the shipped policy files (policy.md section 4); backends that map codes need all of them.
inline constexpr std::array<std::string_view, 3> kPolicyCodes = {
    "pick_up_issues.picked_up_not_updated",
    "delivery_process_inquiry.unmoved_tracking_event",
    "logistic_issue.delivered_not_updated",
};

//! The marketplace's display name (`tiktok-shop` → `TikTok Shop`; others as given).
std::string marketplace_name(std::string_view marketplace);

//! The path as Seller Center shows it: `A > B > C` (the code when the request has no path).
std::string path_text(const sdk::DisputeRequest& request);

//! The path's last step (what the dispute is about), e.g. `Picked up but logistics status not updated`.
std::string path_leaf(const sdk::DisputeRequest& request);

//! One line: `[TikTok Shop] <leaf> - order <order id>`.
std::string subject(const sdk::DisputeRequest& request);

//! A fact's value for people: text as is; JSON flattened into its values, e.g. `2024-07-15T13:12:00Z, 038,
//! Picked up`.
std::string fact_text(std::string_view value);

//! The package a fact is about (its JSON `package_id`), or empty.
std::string fact_package(std::string_view value);

//! The evidence as an aligned plain-text table: kind, package, detail; files last.
std::string evidence_table(const sdk::DisputeRequest& request);

//! The text to paste into the Seller Center form's description: what happened, the packages, the evidence.
std::string seller_center_description(const sdk::DisputeRequest& request);

//! The full note for whoever works the ticket: the path to choose, the order id, the key, why, the
//! packages, the evidence table and the description to paste.
std::string ticket_body(const sdk::DisputeRequest& request);

}  // namespace unstuck::ticketing
