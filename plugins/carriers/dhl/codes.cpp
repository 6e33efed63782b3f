#include "codes.hpp"

#include "mapping_cache.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace unstuck::carriers::dhl {
namespace {

using sdk::TrackingStatus;
using Words = std::span<const std::string_view>;

// Word lists (lowercase). An event's text is matched case-insensitively against them.
// DHL writes "pickup" and "pick-up" alike.
constexpr std::string_view kPickupScheduled[] = {
    "pickup scheduled",  "pickup has been scheduled",  "pickup requested",  "pickup arranged",
    "pick-up scheduled", "pick-up has been scheduled", "pick-up requested", "pick-up arranged"};
constexpr std::string_view kPickupFailed[] = {
    "pickup failed",  "pickup was not successful",  "could not be picked up", "pickup unsuccessful",
    "pick-up failed", "pick-up was not successful", "pick-up unsuccessful"};
constexpr std::string_view kPickedUp[] = {"picked up",      "pickup was successful", "pick-up was successful",
                                          "collected from", "accepted at",           "received from sender"};
// The sender hands the parcel in (at a retail outlet, a Packstation, a ServicePoint): before the pickup-point
// words, which these texts contain too.
constexpr std::string_view kDroppedOff[] = {
    "dropped off", "drop off",        "drop-off",   "handed in",        "posted by",
    "posted at",   "has been posted", "was posted", "by the sender at", "by the shipper at"};
constexpr std::string_view kReturn[] = {
    "returned to sender",     "return to sender",     "returned to shipper",     "return to shipper",
    "returned to the sender", "return to the sender", "returned to the shipper", "return to the shipper",
    "being returned",         "returning to sender",  "delivered to sender",     "delivered back to",
    "return shipment"};
constexpr std::string_view kOutForDelivery[] = {"out for delivery", "with delivery courier",
                                                "loaded onto the delivery vehicle",
                                                "on the delivery vehicle"};
constexpr std::string_view kAtPoint[] = {
    "ready for pickup",     "available for pickup", "ready for pick-up", "available for pick-up",
    "ready for collection", "awaiting collection",  "parcelshop",        "packstation",
    "service point",        "parcel locker",        "retail outlet"};
constexpr std::string_view kCustomsReleased[] = {"cleared customs",     "customs cleared",
                                                 "clearance complete",  "clearance processing complete",
                                                 "released by customs", "customs clearance completed"};
constexpr std::string_view kCustoms[] = {"customs", "clearance"};
constexpr std::string_view kWeather[] = {"weather"};
constexpr std::string_view kDelay[] = {"delay"};
constexpr std::string_view kDestinationCountry[] = {"destination country"};
constexpr std::string_view kArrived[] = {"arrived", "arrival"};
constexpr std::string_view kDeparted[] = {"departed", "departure", "left the"};
constexpr std::string_view kProcessed[] = {"processed", "sorted", "sorting"};
constexpr std::string_view kForwarded[] = {"forwarded", "redirected", "rerouted"};
constexpr std::string_view kHandedOver[] = {"handed over to", "transferred to"};
constexpr std::string_view kNeighbour[] = {"neighbour", "neighbor"};
constexpr std::string_view kLocker[] = {"packstation", "locker", "parcel box"};
constexpr std::string_view kCollected[] = {"picked up", "collected"};
constexpr std::string_view kSigned[] = {"signed", "signature"};
constexpr std::string_view kSafePlace[] = {"safe place", "mailbox", "letterbox", "left at", "front door"};
// A refusal is a failed delivery attempt; the return it leads to is RETURNING/refused once a text states it.
constexpr std::string_view kRefused[] = {"refused",
                                         "refusal",
                                         "rejected by recipient",
                                         "rejected by the recipient",
                                         "declined by recipient",
                                         "declined by the recipient",
                                         "not accepted by the recipient"};
constexpr std::string_view kClosed[] = {"business closed", "company closed", "closed"};
constexpr std::string_view kNotHome[] = {"not at home", "not available", "absent",
                                         "nobody",      "no one",        "not present"};
constexpr std::string_view kNoAccess[] = {"no access", "could not access", "access restricted"};
constexpr std::string_view kAddress[] = {"address"};
constexpr std::string_view kAttempt[] = {"attempt", "could not be delivered", "unsuccessful delivery",
                                         "not delivered", "delivery failed"};
constexpr std::string_view kSignatureNeeded[] = {"signature"};
constexpr std::string_view kDamaged[] = {"damage"};
constexpr std::string_view kDocuments[] = {"documents", "paperwork", "invoice"};
constexpr std::string_view kLost[] = {"lost", "missing"};
constexpr std::string_view kPayment[] = {"payment", "duties", "duty", "charges"};
constexpr std::string_view kDisposed[] = {"disposed", "destroyed"};
constexpr std::string_view kUnclaimed[] = {"unclaimed", "not collected"};
constexpr std::string_view kHeld[] = {"held", "hold"};

constexpr Words kNone{};

constexpr TextRule kRules[] = {
    // pre-transit: default INFO_RECEIVED label_created, not physical
    {"pre-transit", kPickupFailed, kNone, TrackingStatus::kInfoReceived, "pickup_failed", false, false},
    {"pre-transit", kPickupScheduled, kNone, TrackingStatus::kInfoReceived, "pickup_scheduled", false, false},
    {"pre-transit", kPickedUp, kNone, TrackingStatus::kPickedUp, "picked_up", true, false},
    {"pre-transit", kDroppedOff, kNone, TrackingStatus::kPickedUp, "dropped_off", true, false},
    // transit: default IN_TRANSIT other (info_only without a location)
    {"transit", kRefused, kReturn, TrackingStatus::kReturning, "refused", true, true},
    {"transit", kReturn, kNone, TrackingStatus::kReturning, "initiated", true, true},
    {"transit", kRefused, kNone, TrackingStatus::kAttemptFailed, "other", true, false},
    {"transit", kOutForDelivery, kNone, TrackingStatus::kOutForDelivery, "out_for_delivery", true, false},
    {"transit", kPickedUp, kNone, TrackingStatus::kPickedUp, "picked_up", true, false},
    {"transit", kDroppedOff, kNone, TrackingStatus::kPickedUp, "dropped_off", true, false},
    {"transit", kAtPoint, kNone, TrackingStatus::kAvailableForPickup, "at_point", true, false},
    {"transit", kCustomsReleased, kNone, TrackingStatus::kInTransit, "customs_released", true, false},
    {"transit", kCustoms, kNone, TrackingStatus::kInTransit, "customs_processing", true, false},
    {"transit", kWeather, kNone, TrackingStatus::kException, "weather", true, false},
    {"transit", kDelay, kNone, TrackingStatus::kException, "delayed", true, false},
    {"transit", kDestinationCountry, kNone, TrackingStatus::kInTransit, "arrived_destination_country", true,
     false},
    {"transit", kArrived, kNone, TrackingStatus::kInTransit, "arrived_facility", true, false},
    {"transit", kDeparted, kNone, TrackingStatus::kInTransit, "departed_facility", true, false},
    {"transit", kProcessed, kNone, TrackingStatus::kInTransit, "processed", true, false},
    {"transit", kForwarded, kNone, TrackingStatus::kInTransit, "forwarded", true, false},
    {"transit", kHandedOver, kNone, TrackingStatus::kInTransit, "handed_to_last_mile", true, false},
    // delivered: default DELIVERED delivered; a delivery back to the sender is on the return leg (RETURNED)
    {"delivered", kReturn, kNone, TrackingStatus::kDelivered, "other", true, true},
    {"delivered", kNeighbour, kNone, TrackingStatus::kDelivered, "neighbour", true, false},
    {"delivered", kLocker, kNone, TrackingStatus::kDelivered, "locker", true, false},
    {"delivered", kCollected, kNone, TrackingStatus::kDelivered, "collected", true, false},
    {"delivered", kSigned, kNone, TrackingStatus::kDelivered, "signed", true, false},
    {"delivered", kSafePlace, kNone, TrackingStatus::kDelivered, "safe_place", true, false},
    // failure: default EXCEPTION other; attempts are told apart from exceptions by their words
    {"failure", kRefused, kReturn, TrackingStatus::kReturning, "refused", true, true},
    {"failure", kReturn, kNone, TrackingStatus::kReturning, "initiated", true, true},
    {"failure", kRefused, kNone, TrackingStatus::kAttemptFailed, "other", true, false},
    {"failure", kClosed, kNone, TrackingStatus::kAttemptFailed, "business_closed", true, false},
    {"failure", kNotHome, kNone, TrackingStatus::kAttemptFailed, "recipient_unavailable", true, false},
    {"failure", kNoAccess, kNone, TrackingStatus::kAttemptFailed, "no_access", true, false},
    {"failure", kAddress, kAttempt, TrackingStatus::kAttemptFailed, "address_issue", true, false},
    {"failure", kSignatureNeeded, kNone, TrackingStatus::kAttemptFailed, "signature_required", true, false},
    {"failure", kAttempt, kNone, TrackingStatus::kAttemptFailed, "other", true, false},
    {"failure", kDamaged, kNone, TrackingStatus::kException, "damaged", true, false},
    {"failure", kDocuments, kNone, TrackingStatus::kException, "documents_missing", true, false},
    {"failure", kLost, kNone, TrackingStatus::kException, "lost", true, false},
    {"failure", kCustoms, kNone, TrackingStatus::kException, "customs_hold", true, false},
    {"failure", kPayment, kNone, TrackingStatus::kException, "held_for_payment", true, false},
    {"failure", kDisposed, kNone, TrackingStatus::kException, "disposed", true, false},
    {"failure", kUnclaimed, kNone, TrackingStatus::kException, "unclaimed", true, false},
    {"failure", kWeather, kNone, TrackingStatus::kException, "weather", true, false},
    {"failure", kDelay, kNone, TrackingStatus::kException, "delayed", true, false},
    {"failure", kAddress, kNone, TrackingStatus::kException, "address_incorrect", true, false},
    {"failure", kHeld, kNone, TrackingStatus::kException, "held", true, false},
};

// Which of the rules' words a text contains, found in one pass: every distinct word has a bit, and the words
// are bucketed by their first character so each position of the text is compared with a few words only.
class WordIndex {
  public:
    static constexpr std::size_t kMaxWords = 256;
    using Bits = std::bitset<kMaxWords>;

    static const WordIndex& instance() {
        static const WordIndex index;
        return index;
    }

    //! Adds the bits of the words found in `text` (any case), each at the start of a word of the text.
    void scan(std::string_view text, Bits& found) const noexcept {
        bool word_start = true;
        for (std::size_t i = 0; i + 1 < text.size(); ++i) {
            const char a = lower(text[i]);
            const bool at_start = word_start;
            word_start = !is_letter(a);
            if (!at_start) continue;
            const char b = lower(text[i + 1]);
            if (!prefixes_.test(prefix(a, b))) continue;
            for (std::uint16_t id : buckets_[bucket(a, b)]) {
                std::string_view w = words_[id];
                if (w[0] != a || w[1] != b || text.size() - i < w.size()) continue;
                std::size_t k = 2;
                while (k < w.size() && lower(text[i + k]) == w[k]) ++k;
                if (k == w.size()) found.set(id);
            }
        }
    }

    //! The indices of the rules for a statusCode, in order.
    const std::vector<std::uint16_t>& rules_for(std::string_view status_code) const noexcept {
        for (const auto& [code, rules] : by_code_)
            if (code == status_code) return rules;
        return none_;
    }

    //! The first word of rule `r` that is among `found` (empty when none is), provided one of the rule's
    //! `with` words is found too where it has any.
    std::string_view match(const Bits& found, std::size_t r) const noexcept {
        const RuleIds& ids = rules_[r];
        if (!ids.with.empty()) {
            bool any = false;
            for (std::uint16_t id : ids.with) any = any || found.test(id);
            if (!any) return {};
        }
        for (std::uint16_t id : ids.words)
            if (found.test(id)) return words_[id];
        return {};
    }

  private:
    struct RuleIds {
        std::vector<std::uint16_t> words, with;
    };

    WordIndex() {
        for (std::size_t r = 0; r < std::size(kRules); ++r) {
            const TextRule& rule = kRules[r];
            RuleIds ids;
            for (std::string_view w : rule.words) ids.words.push_back(add(w));
            for (std::string_view w : rule.with) ids.with.push_back(add(w));
            rules_.push_back(std::move(ids));
            auto it = std::find_if(by_code_.begin(), by_code_.end(),
                                   [&](const auto& entry) { return entry.first == rule.status_code; });
            if (it == by_code_.end()) it = by_code_.insert(by_code_.end(), {rule.status_code, {}});
            it->second.push_back(static_cast<std::uint16_t>(r));
        }
    }

    static char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

    static bool is_letter(char c) noexcept {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80;
    }

    static std::size_t prefix(char a, char b) noexcept {
        return static_cast<std::size_t>(static_cast<unsigned char>(a)) << 8 | static_cast<unsigned char>(b);
    }

    static std::size_t bucket(char a, char b) noexcept {
        return (static_cast<unsigned char>(a) * 31u + static_cast<unsigned char>(b)) % kBuckets;
    }

    std::uint16_t add(std::string_view w) {
        for (std::size_t i = 0; i < words_.size(); ++i)
            if (words_[i] == w) return static_cast<std::uint16_t>(i);
        if (w.size() < 2 || words_.size() >= kMaxWords)
            throw std::length_error("dhl: bad or too many rule words");
        auto id = static_cast<std::uint16_t>(words_.size());
        buckets_[bucket(w[0], w[1])].push_back(id);
        prefixes_.set(prefix(w[0], w[1]));
        words_.push_back(w);
        return id;
    }

    static constexpr std::size_t kBuckets = 1024;
    std::vector<std::string_view> words_;
    std::array<std::vector<std::uint16_t>, kBuckets> buckets_;
    std::bitset<65536> prefixes_;  // the first two characters of some word
    std::vector<RuleIds> rules_;
    std::vector<std::pair<std::string_view, std::vector<std::uint16_t>>> by_code_;
    std::vector<std::uint16_t> none_;
};

}  // namespace

std::span<const TextRule> text_rules() noexcept {
    return kRules;
}

CodeMapping map_event(std::string_view status_code, std::string_view description,
                      std::string_view status_text, bool has_location) noexcept {
    CodeMapping m;
    if (status_code == "pre-transit") {
        m = {TrackingStatus::kInfoReceived, "label_created", false, false, true, {}};
    } else if (status_code == "transit") {
        m = {TrackingStatus::kInTransit, "other", true, false, true, {}};
    } else if (status_code == "delivered") {
        m = {TrackingStatus::kDelivered, "delivered", true, false, true, {}};
    } else if (status_code == "failure") {
        m = {TrackingStatus::kException, "other", true, false, true, {}};
    } else if (status_code == "unknown") {
        m = {TrackingStatus::kUnknown, "other", false, false, true, {}};
        return m;
    } else {
        return m;
    }

    // The words decide alone: a text seen before on this thread is looked up, not scanned again.
    thread_local std::unique_ptr<MappingCache> cache;
    if (!cache) {
        try {
            cache = std::make_unique<MappingCache>();
        } catch (...) {  // no memory for it: every text is scanned
        }
    }
    const std::uint64_t hash = MappingCache::hash(status_code, description, status_text);
    const CodeMapping* known = cache ? cache->find(hash, status_code, description, status_text) : nullptr;
    if (known) {
        m = *known;
    } else {
        const WordIndex* index = nullptr;
        WordIndex::Bits found;
        try {
            index = &WordIndex::instance();
            index->scan(description, found);
            index->scan(status_text, found);
        } catch (...) {  // the index could not be built: keep the statusCode's meaning
            return m;
        }
        for (std::uint16_t r : index->rules_for(status_code)) {
            const TextRule& rule = kRules[r];
            std::string_view word = index->match(found, r);
            if (word.empty()) continue;
            m.status = rule.status;
            m.substatus = rule.substatus;
            m.physical_scan = rule.physical;
            m.return_leg = rule.return_leg;
            m.matched = word;
            break;
        }
        if (cache) cache->add(hash, status_code, description, status_text, m);
    }
    if (m.matched.empty() && status_code == "transit" && !has_location) {
        m.substatus = "info_only";
        m.physical_scan = false;
    }
    return m;
}

}  // namespace unstuck::carriers::dhl
