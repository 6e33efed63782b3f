#include "support/tiktok_shop_multipart.hpp"

#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>

#include <exception>
#include <sstream>

namespace unstuck::test {

std::optional<std::vector<MultipartPart>> multipart_parts(const std::string& content_type,
                                                          const std::string& body) {
    std::string type;
    Poco::Net::NameValueCollection params;
    Poco::Net::MessageHeader::splitParameters(content_type, type, params);
    if (Poco::icompare(type, "multipart/form-data") != 0 || !params.has("boundary")) return std::nullopt;
    std::vector<MultipartPart> parts;
    try {
        std::istringstream in(body);
        Poco::Net::MultipartReader reader(in, params.get("boundary"));
        while (reader.hasNextPart()) {
            Poco::Net::MessageHeader header;
            reader.nextPart(header);
            MultipartPart part;
            if (header.has("Content-Disposition")) {
                std::string disposition;
                Poco::Net::NameValueCollection fields;
                Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition"), disposition,
                                                          fields);
                part.name = fields.get("name", "");
                part.filename = fields.get("filename", "");
            }
            part.content_type = header.get("Content-Type", "");
            Poco::StreamCopier::copyToString(reader.stream(), part.bytes);
            parts.push_back(std::move(part));
        }
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return parts;
}

const MultipartPart* part_named(const std::vector<MultipartPart>& parts, const std::string& name) {
    for (const auto& p : parts)
        if (p.name == name) return &p;
    return nullptr;
}

bool looks_like_png(const std::string& bytes) {
    return bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0;
}

bool looks_like_jpeg(const std::string& bytes) {
    return bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
           static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF;
}

std::optional<std::pair<int, int>> image_size(const std::string& b) {
    auto u = [&](std::size_t i) { return static_cast<int>(static_cast<unsigned char>(b[i])); };
    if (looks_like_png(b) && b.size() >= 24 && b.compare(12, 4, "IHDR") == 0) {
        auto be32 = [&](std::size_t i) {
            return (u(i) << 24) | (u(i + 1) << 16) | (u(i + 2) << 8) | u(i + 3);
        };
        return std::make_pair(be32(16), be32(20));
    }
    if (!looks_like_jpeg(b)) return std::nullopt;
    // Walk the JPEG segments up to the first start-of-frame (C0..CF except C4, C8 and CC).
    std::size_t i = 2;
    while (i + 9 < b.size()) {
        if (u(i) != 0xFF) return std::nullopt;
        int marker = u(i + 1);
        if (marker == 0xFF) {
            ++i;
            continue;
        }
        bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) return std::make_pair((u(i + 7) << 8) | u(i + 8), (u(i + 5) << 8) | u(i + 6));
        i += 2 + static_cast<std::size_t>((u(i + 2) << 8) | u(i + 3));
    }
    return std::nullopt;
}

}  // namespace unstuck::test
