#include "marketplaces/tiktok-shop/pod.hpp"

#include <fstream>
#include <random>
#include <sstream>

#include "unstuck/sdk/json_writer.hpp"

namespace unstuck::marketplaces::tiktok_shop {
namespace {

using Receipt = sdk::MarketplaceResult<sdk::PodReceipt>;

// The package was delivered already (a second DELIVERY_SUCCESS of one package is refused with it).
constexpr std::int64_t kAlreadyDelivered = 21001016;

// A proof file ready to upload.
struct Proof {
    std::string name;
    std::string media_type;  // image/jpeg, image/png or application/pdf
    std::string bytes;
};

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The media type the API takes for these bytes (by magic, then by the declared type or name), or empty.
std::string media_type_of(const std::string& bytes, const std::string& declared, const std::string& name) {
    if (bytes.rfind("\x89PNG", 0) == 0) return "image/png";
    if (bytes.rfind("\xFF\xD8\xFF", 0) == 0) return "image/jpeg";
    if (bytes.rfind("%PDF", 0) == 0) return "application/pdf";
    std::string d = lower(declared.substr(0, declared.find(';')));
    std::string n = lower(name);
    auto ends = [&](const char* ext) { return n.size() > 4 && n.ends_with(ext); };
    if (d == "image/png" || ends(".png")) return "image/png";
    if (d == "image/jpeg" || ends(".jpg") || ends(".jpeg")) return "image/jpeg";
    if (d == "application/pdf" || ends(".pdf")) return "application/pdf";
    return {};
}

sdk::MarketplaceResult<Proof> read_proof(Client& client, const sdk::PodUpdate& update) {
    using R = sdk::MarketplaceResult<Proof>;
    for (const auto& file : update.proof) {
        std::ifstream in(file.path, std::ios::binary);
        if (!in) return R::rejected("tiktok-shop: proof of delivery " + file.path + ": cannot be read");
        std::stringstream s;
        s << in.rdbuf();
        std::string type = media_type_of(s.str(), file.media_type, file.name.empty() ? file.path : file.name);
        if (!type.empty()) return R::ok({file.name.empty() ? file.path : file.name, type, s.str()});
    }
    if (!update.proof_url.empty()) {
        auto got = client.download(update.proof_url);
        if (got.kind != decltype(got)::Kind::kOk) return relay<Proof>(got);
        std::string path = update.proof_url.substr(0, update.proof_url.find_first_of("?#"));
        std::string name = path.substr(path.find_last_of('/') + 1);
        std::string type = media_type_of(got.value.body, got.value.header("Content-Type").value_or(""), name);
        if (type.empty())
            return R::rejected("tiktok-shop: proof of delivery " + update.proof_url +
                               ": not a JPG, PNG or PDF, which is all the API takes");
        if (name.empty()) name = "proof";
        return R::ok({name, type, std::move(got.value.body)});
    }
    return R::rejected("tiktok-shop: package " + update.package_id +
                       ": no proof of delivery the API takes (a JPG, PNG or PDF file, or a link to one)");
}

std::string boundary() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    std::ostringstream s;
    s << "unstuck-" << std::hex << random() << random();
    return s.str();
}

// The multipart/form-data body is written here by hand: the host's HTTP service takes the body as one string
// (HttpRequest::body), so the parts are laid out into it directly. A boundary found in the bytes is drawn
// again.
std::string multipart(const std::string& b, const Proof& proof, bool with_name) {
    std::string name = proof.name;  // a quote or a line break would end the header
    for (auto& c : name)
        if (c == '"' || c == '\r' || c == '\n' || c == '\\') c = '_';
    std::string out;
    out += "--" + b + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + name +
           "\"\r\nContent-Type: " + proof.media_type + "\r\n\r\n" + proof.bytes + "\r\n";
    if (with_name)
        out += "--" + b + "\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n" + name + "\r\n";
    out += "--" + b + "--\r\n";
    return out;
}

// Uploads the proof; the URL to deliver with and its file_type (IMG or PDF).
sdk::MarketplaceResult<std::pair<std::string, std::string>> upload(Client& client, const Shop& shop,
                                                                   Proof proof) {
    using R = sdk::MarketplaceResult<std::pair<std::string, std::string>>;
    bool pdf = proof.media_type == "application/pdf";
    if (pdf && !lower(proof.name).ends_with(".pdf")) proof.name += ".pdf";
    std::string b = boundary();
    while (proof.bytes.find(b) != std::string::npos) b = boundary();
    ApiCall call{.method = "POST",
                 .path = pdf ? "/fulfillment/202309/files/upload" : "/fulfillment/202309/images/upload",
                 .shop_cipher = shop.cipher,
                 .body = multipart(b, proof, pdf),
                 .content_type = "multipart/form-data; boundary=" + b,
                 .multipart = true,
                 .idempotent = true};  // a repeated upload only leaves an unused file
    auto answer = client.call(call);
    if (answer.kind != ApiResult::Kind::kOk) return relay<std::pair<std::string, std::string>>(answer);
    simdjson::dom::parser parser;
    auto data = envelope_data(parser, answer.value);
    std::string_view url;
    if (!data || (*data)["url"].get_string().get(url) || url.empty())
        return R::rejected("tiktok-shop: POST " + call.path + ": no data.url in the answer");
    return R::ok({std::string(url), pdf ? "PDF" : "IMG"});
}

sdk::MarketplaceResult<std::string> package_status(Client& client, const Shop& shop,
                                                   const std::string& package_id) {
    using R = sdk::MarketplaceResult<std::string>;
    auto answer = client.call({.method = "GET",
                               .path = "/fulfillment/202309/packages/" + url_encode(package_id),
                               .shop_cipher = shop.cipher});
    if (answer.kind != ApiResult::Kind::kOk) return answer;
    simdjson::dom::parser parser;
    auto data = envelope_data(parser, answer.value);
    std::string_view status;
    if (!data || (*data)["package_status"].get_string().get(status))
        return R::rejected("tiktok-shop: GET /fulfillment/202309/packages/" + package_id +
                           ": no data.package_status in the answer");
    return R::ok(std::string(status));
}

}  // namespace

Receipt deliver_package(Client& client, Shops& shops, const sdk::PodUpdate& update) {
    auto shop = shops.find(update.shop_id);
    if (shop.kind != decltype(shop)::Kind::kOk) return relay<sdk::PodReceipt>(shop);
    if (!shop.value.seller_own_fleet)
        return Receipt::rejected(
            "tiktok-shop: shop " + update.shop_id +
            " is not set up as Seller Own Fleet (seller_own_fleet): TikTok Shop takes delivery "
            "updates only from shops that deliver with their own fleet; upload the proof in "
            "Seller Center");
    if (update.package_id.empty())
        return Receipt::rejected("tiktok-shop: order " + update.order_id + ": the update names no package");
    auto proof = read_proof(client, update);
    if (proof.kind != decltype(proof)::Kind::kOk) return relay<sdk::PodReceipt>(proof);
    auto uploaded = upload(client, shop.value, std::move(proof.value));
    if (uploaded.kind != decltype(uploaded)::Kind::kOk) return relay<sdk::PodReceipt>(uploaded);
    const auto& [url, file_type] = uploaded.value;

    std::string body;
    sdk::JsonWriter w(body);
    w.begin_object().key("packages").begin_array().begin_object();
    w.field("id", update.package_id);
    w.field("delivery_type", "DELIVERY_SUCCESS");
    w.field("file_type", file_type);
    w.field("file_url", url);
    w.end_object().end_array().end_object();
    // Safe to send again: a second DELIVERY_SUCCESS is refused as already delivered, which is read below.
    auto answer = client.call({.method = "POST",
                               .path = "/fulfillment/202309/packages/deliver",
                               .shop_cipher = shop.value.cipher,
                               .body = std::move(body),
                               .idempotent = true});
    if (answer.kind != ApiResult::Kind::kOk) return relay<sdk::PodReceipt>(answer);

    simdjson::dom::parser parser;
    auto data = envelope_data(parser, answer.value);
    simdjson::dom::array errors;
    if (data && !(*data)["errors"].get_array().get(errors)) {
        for (auto error : errors) {
            std::string_view package;
            if (error["detail"]["package_id"].get_string().get(package)) package = update.package_id;
            if (package != update.package_id) continue;
            std::int64_t code = 0;
            std::string_view message;
            if (error["code"].get_int64().get(code)) code = 0;
            if (error["message"].get_string().get(message)) message = {};
            std::string m = "tiktok-shop: POST /fulfillment/202309/packages/deliver: package " +
                            update.package_id + ": code " + std::to_string(code) + ": " +
                            std::string(message);
            if (code == kAlreadyDelivered) {
                // Delivered already (our earlier answer may have been lost): done when the package says so.
                auto status = package_status(client, shop.value, update.package_id);
                if (status.kind == decltype(status)::Kind::kOk && status.value == "COMPLETED")
                    return Receipt::ok({update.package_id, url});
                if (status.kind == decltype(status)::Kind::kRetry) return relay<sdk::PodReceipt>(status);
                return Receipt::rejected(m);
            }
            if (code == Codes::rate_limited || code == Codes::internal_error) return Receipt::retry(m);
            return Receipt::rejected(m);
        }
    }
    return Receipt::ok({update.package_id, url});
}

Receipt delivered_status(Client& client, Shops& shops, const sdk::PodUpdate& update) {
    auto shop = shops.find(update.shop_id);
    if (shop.kind != decltype(shop)::Kind::kOk) return relay<sdk::PodReceipt>(shop);
    auto status = package_status(client, shop.value, update.package_id);
    if (status.kind != decltype(status)::Kind::kOk) return relay<sdk::PodReceipt>(status);
    if (status.value == "COMPLETED") return Receipt::ok({update.package_id, ""});
    return Receipt::not_found();
}

}  // namespace unstuck::marketplaces::tiktok_shop
