// unstuck_version, unstuck_error_last, unstuck_error_last_code, unstuck_free.
#include <cstdlib>

#include "api_error.hpp"

extern "C" const char* unstuck_version(void) {
    return "0.2.0";
}

extern "C" const char* unstuck_error_last(void) {
    return unstuck::capi::last_message();
}

extern "C" int unstuck_error_last_code(void) {
    return unstuck::capi::last_code();
}

extern "C" void unstuck_free(void* p) {
    std::free(p);
}
