#pragma once
// The mappings a thread has worked out from DHL's texts. DHL writes a few hundred texts again and again, so a
// text seen before costs a hash and a comparison instead of a scan for the rules' words.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "codes.hpp"

namespace unstuck::carriers::dhl {

//! A direct-mapped table of (statusCode, description, status text) → mapping; a new text takes the place of
//! the one in its slot, so memory stays bounded whatever the input.
class MappingCache {
  public:
    static constexpr std::size_t kSlots = 1024;

    //! The key's hash, to pass to `find` and `add`.
    static std::uint64_t hash(std::string_view code, std::string_view description,
                              std::string_view status_text) noexcept;

    //! The mapping kept for this key, or null.
    const CodeMapping* find(std::uint64_t hash, std::string_view code, std::string_view description,
                            std::string_view status_text) const noexcept;

    //! Keeps `mapping` for this key; nothing when memory runs out.
    void add(std::uint64_t hash, std::string_view code, std::string_view description,
             std::string_view status_text, const CodeMapping& mapping) noexcept;

  private:
    struct Slot {
        std::uint64_t hash = 0;
        std::string key;  // code, description and status text, each followed by a NUL
        CodeMapping mapping;
        bool used = false;
    };
    std::array<Slot, kSlots> slots_{};
};

}  // namespace unstuck::carriers::dhl
