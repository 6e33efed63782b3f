#pragma once
// The plugin templates `unstuck new-plugin` writes, one set per kind (samples/templates/<kind>/).
//
// They are embedded into the executable when it is built, not installed as data: the host then scaffolds the
// same way from the build tree and from any install prefix, needs no folder to look for, and always writes
// the templates of its own SDK version.

#include <string_view>
#include <vector>

namespace unstuck::host {

//! One file of a template, with `@NAME@`, `@IDENT@`, `@DISPLAY_NAME@` and `@VERSION@` still in it.
struct TemplateFile {
    std::string_view kind;     //!< `carrier` or `ticketing`
    std::string_view path;     //!< relative to the plugin folder, with `/`
    std::string_view content;  //!< the bytes
};

//! Every template file of every kind, sorted by kind and path.
const std::vector<TemplateFile>& template_files();

}  // namespace unstuck::host
