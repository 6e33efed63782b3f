// Proof of delivery for Seller Own Fleet packages: an image or a PDF uploaded, then packages/deliver with
// DELIVERY_SUCCESS; partial failures by code; shops that do not deliver themselves refused.

#include <gtest/gtest.h>

#include <filesystem>

#include "support/loopback_server.hpp"
#include "support/test_paths.hpp"
#include "tiktok_shop_fixture.hpp"

namespace unstuck::test {
namespace {

using Kind = sdk::MarketplaceResult<sdk::PodReceipt>::Kind;

std::string be32(std::uint32_t v) {
    std::string out(4, '\0');
    for (int i = 0; i < 4; ++i)
        out[static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    return out;
}

// The start of a 640x480 PNG file (signature and IHDR).
std::string png() {
    return std::string("\x89PNG\r\n\x1a\n", 8) + be32(13) + "IHDR" + be32(640) + be32(480) +
           std::string("\x08\x02\x00\x00\x00", 5) + be32(0) + std::string(64, 'x');
}

const std::string kPdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";

class TikTokShopPodTest : public TikTokShopTest {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("unstuck-tts-pod-" + std::to_string(::getpid()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
        write_file(dir_ / "pod.png", png());
        tts.put_order(kSofShop, tt_order("576000000000000301", now_s - 5000));
        tts.put_order(kOtherShop, tt_order("576000000000000302", now_s - 5000));
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    sdk::PodUpdate update(const std::string& order = "576000000000000301",
                          const std::string& shop = kSofShop) {
        sdk::PodUpdate u;
        u.marketplace = "tiktok-shop";
        u.shop_id = shop;
        u.order_id = order;
        u.package_id = "PKG-" + order;
        u.key = "tiktok-shop:" + shop + ":" + order + ":" + u.package_id + ":pod";
        u.tracking_number = "1Z" + order;
        u.delivered_at = sdk::Timestamp(std::chrono::seconds(now_s - 3600));
        u.proof = {{"pod.png", (dir_ / "pod.png").string(), "image/png"}};
        return u;
    }

    std::filesystem::path dir_;
};

TEST_F(TikTokShopPodTest, AnImageIsUploadedThenThePackageDeliveredWithItsUrl) {
    auto p = plugin();
    ASSERT_TRUE(p);
    auto u = update();
    EXPECT_EQ(p->find_delivery_status(u).kind, Kind::kNotFound);  // in transit
    auto r = p->update_delivery_status(u);
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    auto uploads = tts.uploads();
    ASSERT_EQ(uploads.size(), 1u);
    EXPECT_EQ(uploads[0].kind, "IMG");
    EXPECT_EQ(uploads[0].content_type, "image/png");
    EXPECT_EQ(uploads[0].bytes, png());
    EXPECT_EQ(uploads[0].width, 640);
    auto deliveries = tts.deliveries();
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].package_id, "PKG-576000000000000301");
    EXPECT_EQ(deliveries[0].delivery_type, "DELIVERY_SUCCESS");
    EXPECT_EQ(deliveries[0].file_type, "IMG");
    EXPECT_EQ(deliveries[0].file_url, uploads[0].url);
    EXPECT_TRUE(deliveries[0].accepted);
    EXPECT_EQ(r.value.package_id, "PKG-576000000000000301");
    EXPECT_EQ(r.value.proof_url, uploads[0].url);
    EXPECT_EQ(tts.package_status("PKG-576000000000000301"), "COMPLETED");
    EXPECT_EQ(p->find_delivery_status(u).kind, Kind::kOk);
}

TEST_F(TikTokShopPodTest, APdfLinkIsDownloadedUploadedAsAFileThenDelivered) {
    LoopbackServer carrier([](const LoopbackRequest&) {
        LoopbackResponse r;
        r.headers = {{"Content-Type", "application/pdf"}};
        r.body = kPdf;
        return r;
    });
    auto p = plugin();
    ASSERT_TRUE(p);
    auto u = update();
    u.proof.clear();
    u.proof_url = carrier.url("/pod/1Z576000000000000301.pdf?sig=abc");
    auto r = p->update_delivery_status(u);
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    auto uploads = tts.uploads();
    ASSERT_EQ(uploads.size(), 1u);
    EXPECT_EQ(uploads[0].kind, "PDF");
    EXPECT_EQ(uploads[0].name, "1Z576000000000000301.pdf");
    EXPECT_EQ(uploads[0].bytes, kPdf);
    auto deliveries = tts.deliveries();
    ASSERT_EQ(deliveries.size(), 1u);
    EXPECT_EQ(deliveries[0].file_type, "PDF");
    EXPECT_EQ(deliveries[0].file_url, uploads[0].url);
    EXPECT_TRUE(deliveries[0].accepted);
}

TEST_F(TikTokShopPodTest, AShopNotSetUpAsSellerOwnFleetIsRejectedBeforeAnythingIsSent) {
    auto p = plugin();
    ASSERT_TRUE(p);
    auto r = p->update_delivery_status(update("576000000000000302", kOtherShop));
    ASSERT_EQ(r.kind, Kind::kRejected);
    EXPECT_NE(r.message.find("Seller Own Fleet"), std::string::npos) << r.message;
    EXPECT_NE(r.message.find(kOtherShop), std::string::npos) << r.message;
    EXPECT_EQ(tts.upload_count(), 0u);
    EXPECT_TRUE(tts.deliveries().empty());
}

TEST_F(TikTokShopPodTest, APackageRefusedInAPartialSuccessIsRejectedOrRetriedByItsCode) {
    auto p = plugin();
    ASSERT_TRUE(p);
    tts.fail_delivery("PKG-576000000000000301", TikTokCodes::delivery_failed,
                      "Update package delivery status failed.");
    auto r = p->update_delivery_status(update());
    ASSERT_EQ(r.kind, Kind::kRejected);
    EXPECT_NE(r.message.find(
                  "package PKG-576000000000000301: code 21001999: Update package delivery status failed."),
              std::string::npos)
        << r.message;

    tts.fail_delivery("PKG-576000000000000301", TikTokCodes::internal_error,
                      "Internal error. Please try again");
    r = p->update_delivery_status(update());
    ASSERT_EQ(r.kind, Kind::kRetry) << r.message;
    EXPECT_NE(r.message.find("code 36009003"), std::string::npos) << r.message;

    r = p->update_delivery_status(update());
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    EXPECT_EQ(tts.delivery_count("PKG-576000000000000301"), 1u);
}

TEST_F(TikTokShopPodTest, ADeliverWhoseAnswerWasLostIsOkOnceThePackageShowsDelivered) {
    auto p = plugin();
    ASSERT_TRUE(p);
    tts.inject({.method = "POST",
                .path = "/fulfillment/202309/packages/deliver",
                .status = 500,
                .after_handling = true});
    auto r = p->update_delivery_status(update());
    ASSERT_EQ(r.kind, Kind::kOk) << r.message;
    auto deliveries = tts.deliveries();
    ASSERT_EQ(deliveries.size(), 2u);  // the host sent it again; the API refused the repeat as delivered
    EXPECT_TRUE(deliveries[0].accepted);
    EXPECT_EQ(deliveries[1].error_code, TikTokCodes::package_already_delivered);
    EXPECT_EQ(tts.delivery_count("PKG-576000000000000301"), 1u);
}

TEST_F(TikTokShopPodTest, AProofTheApiDoesNotTakeIsRejected) {
    auto p = plugin();
    ASSERT_TRUE(p);
    write_file(dir_ / "notes.txt", "signed by the neighbour");
    auto u = update();
    u.proof = {{"notes.txt", (dir_ / "notes.txt").string(), "text/plain"}};
    auto r = p->update_delivery_status(u);
    ASSERT_EQ(r.kind, Kind::kRejected);
    EXPECT_NE(r.message.find("JPG, PNG or PDF"), std::string::npos) << r.message;
    EXPECT_EQ(tts.upload_count(), 0u);
}

}  // namespace
}  // namespace unstuck::test
