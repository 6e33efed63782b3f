#pragma once
// Private: a request as the API routes see it and the response they give, with the errors' one shape.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "unstuck/sdk/host_services.hpp"

namespace unstuck::core {

//! A request to the API, its body read whole (within the size limit).
struct ApiRequest {
    std::string method;                             //!< `GET`, `POST`, ...
    std::string path;                               //!< the path, still percent-encoded, without the query
    std::map<std::string, std::string> params;      //!< the route's `{name}` segments, percent-decoded
    std::multimap<std::string, std::string> query;  //!< query parameters, percent-decoded
    std::vector<sdk::HttpHeader> headers;           //!< request headers as sent
    std::string body;                               //!< the body
    std::string principal;                          //!< the token's name, or empty
    std::string client;                             //!< the client's address

    //! The first header of that name (case-insensitive), if any.
    std::optional<std::string> header(std::string_view name) const;
    //! The first query parameter of that name, if any.
    std::optional<std::string> query_value(std::string_view name) const;
};

//! A response to send.
struct ApiResponse {
    int status = 200;                               //!< HTTP status
    std::string body;                               //!< the body
    std::string content_type = "application/json";  //!< its media type
    std::vector<sdk::HttpHeader> headers;           //!< more headers (e.g. `Retry-After`)
};

//! An error in the API's one shape: `{"error": {"code", "message", "field"?}}`.
ApiResponse api_error(int status, std::string_view code, std::string_view message,
                      std::string_view field = {});
//! A JSON response.
ApiResponse api_json(int status, std::string body);

//! `text` with `%XX` escapes decoded (and `+` as a space when `plus_is_space`); none when an escape is bad.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

}  // namespace unstuck::core
