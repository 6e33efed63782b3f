#include "util/json_lines_reader.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace unstuck::core {
namespace {

constexpr std::size_t kReadBlock = std::size_t{1} << 20;

std::string size_text(std::size_t bytes) {
    if (bytes % (std::size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
    return std::to_string(bytes) + " bytes";
}

}  // namespace

std::string_view trim_line(std::string_view text) noexcept {
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    return text;
}

std::string line_too_long_error(std::size_t max_line_bytes) {
    return "longer than " + size_text(max_line_bytes) + "; skipped";
}

JsonLinesReader::JsonLinesReader(int fd, LineBatchLimits limits)
    : fd_(fd), limits_(limits), block_(kReadBlock) {
    if (limits_.max_lines == 0) limits_.max_lines = 1;
}

void JsonLinesReader::add_line(LineBatch& batch, std::string_view text, std::size_t consumed) {
    ++number_;
    batch.bytes += consumed;
    if (text.size() > limits_.max_line_bytes) {
        batch.lines.push_back({batch.text.size(), 0, number_, true});
        return;
    }
    text = trim_line(text);
    if (text.empty()) return;
    batch.lines.push_back({batch.text.size(), text.size(), number_, false});
    batch.text.append(text);
    batch.text += '\n';
}

void JsonLinesReader::add_too_long(LineBatch& batch, std::size_t consumed) {
    ++number_;
    batch.bytes += consumed;
    batch.lines.push_back({batch.text.size(), 0, number_, true});
}

bool JsonLinesReader::full(const LineBatch& batch) const {
    return batch.lines.size() >= limits_.max_lines || batch.text.size() >= limits_.max_bytes;
}

// Pads the batch; true when it covers any input.
bool JsonLinesReader::finish(LineBatch& batch) {
    batch.text.append(limits_.padding, ' ');
    return !batch.lines.empty() || batch.bytes > 0;
}

bool JsonLinesReader::next(LineBatch& batch) {
    batch.clear();
    for (;;) {
        if (pos_ == len_) {
            if (eof_ || !error_.empty()) break;
            ssize_t n = ::read(fd_, block_.data(), block_.size());
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                error_ = std::strerror(errno);
                break;
            }
            pos_ = 0;
            len_ = static_cast<std::size_t>(n);
            if (n > 0) continue;
            eof_ = true;
            if (skipping_) {
                skipping_ = false;
                add_too_long(batch, skipped_bytes_);
            } else if (!partial_.empty()) {
                add_line(batch, partial_, partial_.size());  // the last line has no newline
                partial_.clear();
            }
            break;
        }
        std::string_view chunk(block_.data() + pos_, len_ - pos_);
        const void* found = std::memchr(chunk.data(), '\n', chunk.size());
        if (!found) {
            pos_ = len_;
            if (skipping_) {
                skipped_bytes_ += chunk.size();
            } else if (partial_.size() + chunk.size() > limits_.max_line_bytes) {
                skipping_ = true;
                skipped_bytes_ = partial_.size() + chunk.size();
                partial_.clear();
                partial_.shrink_to_fit();
            } else {
                partial_.append(chunk);
            }
            continue;
        }
        const std::size_t nl = static_cast<std::size_t>(static_cast<const char*>(found) - chunk.data());
        std::string_view piece = chunk.substr(0, nl);
        pos_ += nl + 1;
        if (skipping_) {
            skipping_ = false;
            add_too_long(batch, skipped_bytes_ + nl + 1);
        } else if (!partial_.empty()) {
            if (partial_.size() + piece.size() > limits_.max_line_bytes) {
                add_too_long(batch, partial_.size() + nl + 1);
            } else {
                partial_.append(piece);
                add_line(batch, partial_, partial_.size() + 1);
            }
            partial_.clear();
        } else {
            add_line(batch, piece, nl + 1);
        }
        if (full(batch)) return finish(batch);
    }
    return finish(batch);
}

}  // namespace unstuck::core
