#include "disputes/evidence_file_json.hpp"

namespace unstuck::core {

void write_evidence_files(sdk::JsonWriter& w, const std::vector<sdk::EvidenceFile>& files) {
    w.begin_array();
    for (const auto& f : files) {
        w.begin_object();
        w.field("name", f.name);
        w.field("path", f.path);
        w.field("media_type", f.media_type);
        w.end_object();
    }
    w.end_array();
}

sdk::Status read_evidence_files(const JsonFields& fields, const std::string& key,
                                std::vector<sdk::EvidenceFile>& files) {
    return fields.each_object(key, [&](const JsonFields& f) -> sdk::Status {
        sdk::EvidenceFile file;
        if (auto s =
                f.strings({{"name", &file.name}, {"path", &file.path}, {"media_type", &file.media_type}});
            !s)
            return s;
        files.push_back(std::move(file));
        return {};
    });
}

}  // namespace unstuck::core
