#pragma once
// Ninja Van's and J&T Express's tracking pushes, sent to a running `unstuck serve` over loopback: the
// documented webhook bodies, signed exactly as the carriers sign them (the kit's signature functions).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "support/serve_process.hpp"
#include "unstuck/kit/oauth_token_cache.hpp"
#include "unstuck/kit/signature.hpp"

namespace unstuck::test {

//! Ninja Van's webhooks v2: one JSON body per event, `X-Ninjavan-Hmac-Sha256` = base64 HMAC-SHA256 of the
//! raw body keyed with the client secret.
class NinjaVanPusher {
  public:
    //! One event of a parcel; `hub_city`/`hub_country` fill `arrived_at_<hub>_hub_information`.
    struct Event {
        std::string event;      //!< e.g. "Picked Up, In Transit to Origin Hub"
        std::string timestamp;  //!< as Ninja Van writes it, e.g. "2024-07-15T10:00:00+0800"
        std::string hub;        //!< "origin", "transit" or "destination"; empty: no hub information
        std::string hub_city;
        std::string hub_country;
    };

    NinjaVanPusher(const ServeProcess& serve, std::string client_secret)
        : serve_(serve), secret_(std::move(client_secret)) {}

    //! The webhook body of one event of `tracking_id`.
    static std::string body(const std::string& tracking_id, const Event& e) {
        std::string status = e.event.substr(0, e.event.find(", "));
        std::string b = R"({"shipper_id":7231,"status":")" + status + R"(","shipper_order_ref_no":"ORD-)" +
                        tracking_id.substr(tracking_id.size() - 6) + R"(","timestamp":")" + e.timestamp +
                        R"(","event":")" + e.event + R"(","tracking_id":")" + tracking_id +
                        R"(","is_parcel_on_rts_leg":false)";
        if (!e.hub.empty())
            b += R"(,"arrived_at_)" + e.hub + R"(_hub_information":{"country":")" + e.hub_country +
                 R"(","city":")" + e.hub_city + R"(","hub":")" + e.hub_city + R"( Hub"})";
        return b + "}";
    }

    //! The signature Ninja Van sends for `body`.
    static std::string sign(const std::string& body, const std::string& secret) {
        return kit::to_base64(kit::hmac_sha256(secret, body));
    }

    //! Posts `body` to `/v1/webhooks/ninjavan`, signed with `secret` (the configured one when empty).
    HttpReply push(const std::string& body, const std::string& secret = {}) const {
        return serve_.request("POST", "/v1/webhooks/ninjavan", body,
                              {{"Content-Type", "application/json"},
                               {"User-Agent", "Ninja Van Webhook"},
                               {"X-Ninjavan-Hmac-Sha256", sign(body, secret.empty() ? secret_ : secret)}});
    }

  private:
    const ServeProcess& serve_;
    std::string secret_;
};

//! J&T Express's tracking pushes: form field `bizContent` = JSON array of `{billCode, details[]}`, headers
//! `apiAccount`, `digest` = base64(md5(bizContent + privateKey)) and `timestamp` (ms).
class JntPusher {
  public:
    //! One scan, as in a trace answer.
    struct Scan {
        std::string scan_time;  //!< "YYYY-MM-DD HH:mm:ss", the tenant's local time
        std::string code;       //!< scanTypeCode
        std::string name;       //!< scanTypeName
        std::string desc;
        std::string city;  //!< scanNetworkCity
    };
    //! One bill of a batch.
    struct Bill {
        std::string bill_code;
        std::vector<Scan> details;
    };

    JntPusher(const ServeProcess& serve, std::string api_account, std::string private_key)
        : serve_(serve), account_(std::move(api_account)), key_(std::move(private_key)) {}

    //! The `bizContent` JSON of a batch.
    static std::string biz_content(const std::vector<Bill>& bills) {
        std::string out = "[";
        for (std::size_t i = 0; i < bills.size(); ++i) {
            if (i) out += ",";
            out += R"({"billCode":")" + bills[i].bill_code + R"(","txlogisticId":"TX-)" + bills[i].bill_code +
                   R"(","details":[)";
            for (std::size_t j = 0; j < bills[i].details.size(); ++j) {
                const Scan& s = bills[i].details[j];
                if (j) out += ",";
                out += R"({"scanTime":")" + s.scan_time + R"(","desc":")" + s.desc + R"(","scanTypeCode":")" +
                       s.code + R"(","scanTypeName":")" + s.name + R"(","scanNetworkCity":")" + s.city +
                       R"("})";
            }
            out += "]}";
        }
        return out + "]";
    }

    //! The `digest` header J&T sends for `biz`.
    static std::string digest(const std::string& biz, const std::string& private_key) {
        return kit::to_base64(kit::md5(biz + private_key));
    }

    //! Posts the batch to `/v1/webhooks/jnt`, form-encoded and signed, stamped `timestamp_ms`.
    HttpReply push(const std::string& biz, std::int64_t timestamp_ms) const {
        return serve_.request("POST", "/v1/webhooks/jnt", "bizContent=" + kit::form_encode(biz),
                              {{"Content-Type", "application/x-www-form-urlencoded"},
                               {"apiAccount", account_},
                               {"digest", digest(biz, key_)},
                               {"timestamp", std::to_string(timestamp_ms)}});
    }

  private:
    const ServeProcess& serve_;
    std::string account_;
    std::string key_;
};

}  // namespace unstuck::test
