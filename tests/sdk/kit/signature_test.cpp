#include <gtest/gtest.h>

#include <string>

#include "unstuck/kit/signature.hpp"

namespace unstuck::kit {
namespace {

std::string bytes(std::size_t n, unsigned char value) {
    return std::string(n, static_cast<char>(value));
}

// RFC 4231, section 4: HMAC-SHA256 test cases 1 to 7.
TEST(HmacSha256, Rfc4231Vectors) {
    EXPECT_EQ(to_hex(hmac_sha256(bytes(20, 0x0b), "Hi There")),
              "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    EXPECT_EQ(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
              "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    EXPECT_EQ(to_hex(hmac_sha256(bytes(20, 0xaa), bytes(50, 0xdd))),
              "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    std::string key4;
    for (int i = 1; i <= 25; ++i) key4.push_back(static_cast<char>(i));
    EXPECT_EQ(to_hex(hmac_sha256(key4, bytes(50, 0xcd))),
              "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    // Case 5 is specified truncated to 128 bits.
    EXPECT_EQ(to_hex(hmac_sha256(bytes(20, 0x0c), "Test With Truncation")).substr(0, 32),
              "a3b6167473100ee06e0c796c2955552b");
    EXPECT_EQ(to_hex(hmac_sha256(bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First")),
              "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    EXPECT_EQ(
        to_hex(hmac_sha256(bytes(131, 0xaa),
                           "This is a test using a larger than block-size key and a larger than block-size "
                           "data. The key needs to be hashed before being used by the HMAC algorithm.")),
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(HmacSha256, RawThirtyTwoBytesAndAnEmptyKeyIsAKey) {
    EXPECT_EQ(hmac_sha256("k", "data").size(), 32u);
    EXPECT_EQ(to_hex(hmac_sha256("", "")),
              "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    EXPECT_NE(hmac_sha256("", "data"), hmac_sha256("k", "data"));
    // The key is used whole: bytes after a NUL count.
    EXPECT_NE(hmac_sha256(std::string("a\0b", 3), "data"), hmac_sha256(std::string("a\0c", 3), "data"));
}

TEST(Sha256, KnownDigests) {
    EXPECT_EQ(to_hex(sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(to_hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(to_hex(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256(std::string(1000, 'x')).size(), 32u);
}

TEST(Md5, KnownDigests) {
    EXPECT_EQ(to_hex(md5("")), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(to_hex(md5("abc")), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(to_hex(md5("The quick brown fox jumps over the lazy dog")), "9e107d9d372bb6826bd81d3542a419d6");
}

TEST(ToHex, LowercaseTwoDigitsPerByte) {
    EXPECT_EQ(to_hex(""), "");
    EXPECT_EQ(to_hex(std::string("\x00\x0f\xa0\xff", 4)), "000fa0ff");
}

// RFC 4648, section 10.
TEST(Base64, Rfc4648VectorsBothWays) {
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(to_base64(plain), encoded) << plain;
        auto decoded = from_base64(encoded);
        ASSERT_TRUE(decoded) << encoded;
        EXPECT_EQ(*decoded, plain);
    }
}

TEST(Base64, PaddingIsOptional) {
    EXPECT_EQ(from_base64("Zg").value_or("?"), "f");
    EXPECT_EQ(from_base64("Zm8").value_or("?"), "fo");
    EXPECT_EQ(from_base64("Zm9vYg").value_or("?"), "foob");
}

TEST(Base64, EveryByteValueRoundTrips) {
    std::string all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
    for (std::size_t n = 0; n <= all.size(); n += 37) {
        const std::string part = all.substr(all.size() - n);
        auto back = from_base64(to_base64(part));
        ASSERT_TRUE(back) << n;
        EXPECT_EQ(*back, part) << n;
    }
    EXPECT_EQ(to_base64(std::string("\xfb\xff", 2)), "+/8=");
}

TEST(Base64, RefusesWhatIsNotBase64) {
    for (const char* bad : {"Z", "Z===", "Zg=", "Zg===", "====", "Zm9v!", "Zm=v", "Zm9vYg==Zg==", " Zm9v",
                            "Zm9v ", "Zm9v\n", "Zm9v-_", "Zh==", "Zm=="})
        EXPECT_FALSE(from_base64(bad)) << "\"" << bad << "\"";
}

TEST(ConstantTimeEquals, EqualOnlyWhenEveryByteIs) {
    EXPECT_TRUE(constant_time_equals("", ""));
    EXPECT_TRUE(constant_time_equals("secret", "secret"));
    EXPECT_FALSE(constant_time_equals("secret", "secreT"));
    EXPECT_FALSE(constant_time_equals("secret", "Secret"));
    EXPECT_FALSE(constant_time_equals("secret", "secret "));
    EXPECT_FALSE(constant_time_equals("", "x"));
    EXPECT_TRUE(constant_time_equals(std::string("a\0b", 3), std::string("a\0b", 3)));
    EXPECT_FALSE(constant_time_equals(std::string("a\0b", 3), std::string("a\0c", 3)));
    const std::string mac = hmac_sha256("key", "body");
    EXPECT_TRUE(constant_time_equals(to_hex(mac), to_hex(hmac_sha256("key", "body"))));
    EXPECT_FALSE(constant_time_equals(to_hex(mac), to_hex(hmac_sha256("key", "body!"))));
}

}  // namespace
}  // namespace unstuck::kit
