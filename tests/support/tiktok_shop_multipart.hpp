#pragma once
// The pieces of an upload the TikTok Shop emulator checks: the parts of a multipart/form-data body and the
// size an image's header gives.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace unstuck::test {

//! One part of a multipart/form-data body.
struct MultipartPart {
    std::string name;          //!< from Content-Disposition
    std::string filename;      //!< from Content-Disposition, empty when absent
    std::string content_type;  //!< the part's Content-Type, empty when absent
    std::string bytes;
};

//! The parts of a body sent with that Content-Type; nothing when it is not multipart/form-data with a
//! boundary or the body does not parse.
std::optional<std::vector<MultipartPart>> multipart_parts(const std::string& content_type,
                                                          const std::string& body);
//! The first part of that name, if any.
const MultipartPart* part_named(const std::vector<MultipartPart>& parts, const std::string& name);

//! Whether the bytes start like a PNG file.
bool looks_like_png(const std::string& bytes);
//! Whether the bytes start like a JPEG file.
bool looks_like_jpeg(const std::string& bytes);
//! {width, height} from a PNG's IHDR or a JPEG's start-of-frame, if the header has them.
std::optional<std::pair<int, int>> image_size(const std::string& bytes);

}  // namespace unstuck::test
