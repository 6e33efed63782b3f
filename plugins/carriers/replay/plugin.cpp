// The replay carrier plugin: answers from a folder of saved carrier responses, one file per tracking number.
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "normalizer.hpp"
#include "unstuck/sdk/export.hpp"
#include "webhook.hpp"

namespace unstuck::carriers::replay {
namespace {

// A tracking number is used as a file name only when it cannot leave the folder.
bool safe_file_stem(std::string_view number) {
    if (number.empty() || number.size() > 128 || number == "." || number == "..") return false;
    for (char c : number) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' ||
                  c == '_' || c == '.';
        if (!ok) return false;
    }
    return true;
}

}  // namespace

class ReplayCarrier : public sdk::CarrierPlugin {
  public:
    explicit ReplayCarrier(const sdk::HostServices& host) {
        if (host.config) {
            dir_ = host.config->get_string("dir");
            carrier_ = host.config->get_string("carrier");
        }
        // Pushes are received only with a secret to verify them by.
        if (host.secrets)
            if (auto secret = host.secrets->get("webhook_secret"); secret && !secret->empty())
                webhook_ = std::make_unique<ReplayWebhook>(std::move(*secret), carrier_);
    }

    //! Receives signed pushes when the `webhook_secret` secret is set (docs/carriers.md, "Replay").
    sdk::WebhookReceiver* webhook_receiver() override { return webhook_.get(); }

    //! Claims only the numbers its folder holds a response for.
    std::vector<sdk::CarrierClaim> detect(std::string_view tracking_number) const override {
        std::vector<sdk::CarrierClaim> claims;
        std::string document;
        if (!read_saved(tracking_number, document)) return claims;
        auto saved = unwrap(document, carrier_);
        claims.push_back({"replay", saved ? "saved " + saved->carrier + " response" : "saved response",
                          sdk::CheckDigit::kAbsent});
        return claims;
    }

    sdk::TrackResult normalize(std::string_view payload, const sdk::TrackContext& context) const override {
        return replay::normalize(payload, carrier_, context);
    }

    sdk::TrackResult fetch(const sdk::TrackContext& context) override {
        if (dir_.empty()) return sdk::TrackResult::permanent("replay: config dir is not set");
        std::string document;
        if (!read_saved(context.tracking_number, document))
            return sdk::TrackResult::not_found("replay: no saved response for \"" + context.tracking_number +
                                               "\" in " + dir_.string());
        return replay::normalize(document, carrier_, context);
    }

  private:
    bool read_saved(std::string_view number, std::string& out) const {
        if (dir_.empty() || !safe_file_stem(number)) return false;
        std::filesystem::path file = dir_ / (std::string(number) + ".json");
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) return false;
        std::ifstream in(file, std::ios::binary);
        if (!in) return false;
        std::ostringstream buffer;
        buffer << in.rdbuf();
        out = std::move(buffer).str();
        return true;
    }

    std::filesystem::path dir_;
    std::string carrier_;
    std::unique_ptr<ReplayWebhook> webhook_;
};

}  // namespace unstuck::carriers::replay

UNSTUCK_CARRIER_PLUGIN(unstuck::carriers::replay::ReplayCarrier, "replay", "1.0.0", "unstuck")
