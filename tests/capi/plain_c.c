/* The header as a C11 program sees it: compiled with -std=c11 -Wall -Wextra -pedantic -Werror. */
#include <stddef.h>
#include <string.h>

#include "unstuck.h"

/* Opens a host on `config_path`, decides `order_json` and lists the plugins; returns 0 when every step gave
 * what it should, else the number of the step that did not. */
int capi_plain_c_smoke(const char* config_path, const char* order_json) {
    unstuck_host* host = NULL;
    char* out = NULL;
    unstuck_sweep_options opts;
    int rc;

    if (strcmp(unstuck_version(), UNSTUCK_VERSION) != 0) return 1;
    if (unstuck_host_open_file(&host, config_path) != UNSTUCK_OK) return 2;
    rc = unstuck_decide(host, order_json, &out);
    if (rc != UNSTUCK_OK || out == NULL || strstr(out, "\"action\":") == NULL) return 3;
    unstuck_free(out);
    out = NULL;
    if (unstuck_plugins(host, &out) != UNSTUCK_OK || strstr(out, "\"replay\"") == NULL) return 4;
    unstuck_free(out);
    if (unstuck_decide(host, "{", &out) != UNSTUCK_EJSON || unstuck_error_last_code() != UNSTUCK_EJSON)
        return 5;
    if (unstuck_sweep_options_init(&opts, sizeof opts) != UNSTUCK_OK || opts.struct_size != sizeof opts)
        return 6;
    if (unstuck_host_close(host) != UNSTUCK_OK) return 7;
    if (unstuck_host_close(host) != UNSTUCK_ECLOSED) return 8;
    return 0;
}
