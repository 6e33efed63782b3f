#include "slugs.hpp"

namespace unstuck::carriers::aftership {

Slugs::Slugs(const std::map<std::string, std::string>& overrides) {
    slugs_ = {{"ups", "ups"},
              {"fedex", "fedex"},
              {"usps", "usps"},
              {"dhl", "dhl"},
              {"jnt", "jtexpress"},
              {"ninjavan", "ninjavan"},
              {"canada-post", "canada-post"},
              {"royal-mail", "royal-mail"},
              {"australia-post", "australia-post"},
              {"china-post", "china-post"},
              {"ontrac", "ontrac"}};
    for (const auto& [name, slug] : overrides) {
        if (slug.empty())
            slugs_.erase(name);
        else
            slugs_[name] = slug;
    }
    for (const auto& [name, slug] : slugs_)
        names_.emplace(slug, name);  // the first name wins for a shared slug
}

std::string_view Slugs::slug_of(std::string_view name) const {
    auto it = slugs_.find(name);
    return it == slugs_.end() ? std::string_view{} : std::string_view(it->second);
}

std::string_view Slugs::name_of(std::string_view slug) const {
    auto it = names_.find(slug);
    return it == names_.end() ? std::string_view{} : std::string_view(it->second);
}

}  // namespace unstuck::carriers::aftership
