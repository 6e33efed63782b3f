# Writes a C++ source holding the plugin templates' files as byte arrays (see templates.hpp for why they are
# embedded rather than installed).
#   cmake -DROOT=<samples/templates> -DOUTPUT=<file.cpp> -P embed_templates.cmake
cmake_minimum_required(VERSION 3.25)
file(GLOB_RECURSE files RELATIVE ${ROOT} ${ROOT}/*)
list(FILTER files EXCLUDE REGEX "(^|/)\\.clang-format$")  # how the templates are kept, not part of them
list(SORT files)
set(arrays "")
set(entries "")
set(i 0)
foreach(relative IN LISTS files)
  string(FIND "${relative}" "/" slash)
  string(SUBSTRING "${relative}" 0 ${slash} kind)
  math(EXPR rest "${slash} + 1")
  string(SUBSTRING "${relative}" ${rest} -1 path)
  file(READ ${ROOT}/${relative} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "constexpr unsigned char k${i}[] = {${bytes}0};\n")
  string(APPEND entries "        {\"${kind}\", \"${path}\", {reinterpret_cast<const char*>(k${i}), ${size}}},\n")
  math(EXPR i "${i} + 1")
endforeach()
file(CONFIGURE OUTPUT ${OUTPUT}.new @ONLY CONTENT "// Generated from samples/templates by embed_templates.cmake.
#include \"templates.hpp\"

namespace unstuck::host {
namespace {
@arrays@
}  // namespace

const std::vector<TemplateFile>& template_files() {
    static const std::vector<TemplateFile> files{
@entries@    };
    return files;
}

}  // namespace unstuck::host
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.new ${OUTPUT})
file(REMOVE ${OUTPUT}.new)
