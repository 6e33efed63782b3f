#pragma once
//! OAuth 2.0 client-credentials tokens fetched through the host's HTTP service and cached until they expire.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "unstuck/sdk/carrier.hpp"
#include "unstuck/sdk/host_services.hpp"
#include "unstuck/sdk/result.hpp"

namespace unstuck::kit {

//! How a carrier's token endpoint wants the client credentials.
enum class ClientAuthStyle : std::uint8_t {
    kBasicHeader,  //!< `Authorization: Basic base64(id:secret)`, form body `grant_type=client_credentials`
                   //!< (UPS)
    kFormBody,     //!< form body `grant_type=client_credentials&client_id=..&client_secret=..` (FedEx, USPS)
};

//! Where and how to fetch a token.
struct OAuthSettings {
    std::string carrier;        //!< names the carrier in messages
    std::string token_url;      //!< the token endpoint, e.g. `https://api.example.com/oauth/token`
    std::string client_id;      //!< the client credentials' id
    std::string client_secret;  //!< the client credentials' secret (never logged by the host)
    ClientAuthStyle style = ClientAuthStyle::kFormBody;           //!< how the endpoint wants the credentials
    std::vector<std::pair<std::string, std::string>> extra_form;  //!< e.g. {"scope", "tracking"}
    std::vector<sdk::HttpHeader> extra_headers;                   //!< sent with every token request
    std::chrono::seconds margin{60};              //!< a token is renewed this long before it expires
    std::chrono::seconds default_lifetime{3600};  //!< assumed when the endpoint gives no `expires_in`
};

//! A thread-safe token cache: one fetch per expiry however many threads ask; a refused token is dropped so
//! the next call fetches a new one.
class OAuthTokenCache {
  public:
    //! Fetches through `http` (the host's HTTP service) and reads expiry from `clock`; both must outlive
    //! the cache.
    OAuthTokenCache(sdk::Http& http, const sdk::Clock& clock, OAuthSettings settings);

    //! A bearer token: the cached one until its expiry minus the margin, else a freshly fetched one. Errors
    //! are typed results: refused credentials are permanent, a busy or failing endpoint transient.
    sdk::Result<std::string, sdk::TrackResult> token();

    //! Forgets `token` if it is still the cached one (the API refused it with a 401).
    void invalidate(std::string_view token);

    //! How many tokens have been fetched.
    std::size_t fetch_count() const;

  private:
    sdk::Result<std::string, sdk::TrackResult> fetch_locked();

    sdk::Http& http_;
    const sdk::Clock& clock_;
    OAuthSettings settings_;
    mutable std::mutex mutex_;
    std::string token_;
    sdk::Timestamp renew_at_{};
    std::size_t fetches_ = 0;
};

//! Sends `request` with the cache's bearer token; when the API answers 401, fetches a new token and sends
//! once more. Transport failures and a second 401 come back as typed results; any other response is returned
//! as is.
sdk::Result<sdk::HttpResponse, sdk::TrackResult> send_with_token(sdk::Http& http, OAuthTokenCache& tokens,
                                                                 sdk::HttpRequest request,
                                                                 std::string_view what);

//! `application/x-www-form-urlencoded` encoding of one value.
std::string form_encode(std::string_view value);

//! Standard base64 with padding.
std::string base64_encode(std::string_view data);

}  // namespace unstuck::kit
