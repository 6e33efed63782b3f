/* erp_check: what an ERP system does with the C API. Reads order cases, one JSON document a line, decides
 * each with the policy of the host config given, and prints one line per order: its id, the action and the
 * rule. A bad line is named on stderr and the rest go on.
 *
 *   erp_check CONFIG.json ORDERS.jsonl
 *
 * Exit codes: 0 every order decided; 1 the host could not be opened or the file read; 2 some lines were bad.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unstuck.h>

/* Copies the string value of `"key":"..."` in `json` into `out` (at most `size` bytes with the NUL). */
static void string_field(const char* json, const char* key, char* out, size_t size) {
    char pattern[64];
    const char* at;
    size_t n = 0;
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    out[0] = '\0';
    at = strstr(json, pattern);
    if (!at) return;
    at += strlen(pattern);
    while (at[n] && at[n] != '"' && n + 1 < size) ++n;
    memcpy(out, at, n);
    out[n] = '\0';
}

/* The number of plugins the host loaded (-1 when it cannot say). */
static int loaded_plugins(unstuck_host* host) {
    char* list = NULL;
    const char* at;
    int n = 0;
    if (unstuck_plugins(host, &list) != UNSTUCK_OK) return -1;
    for (at = list; (at = strstr(at, "\"state\":\"loaded\"")) != NULL; ++at) ++n;
    unstuck_free(list);
    return n;
}

/* Reads one line of any length into *line (grown as needed); returns its length, or -1 at the end. */
static long read_line(FILE* in, char** line, size_t* cap) {
    size_t len = 0;
    int c;
    while ((c = fgetc(in)) != EOF && c != '\n') {
        if (len + 1 >= *cap) {
            size_t grown = *cap ? *cap * 2 : 4096;
            char* p = realloc(*line, grown);
            if (!p) return -1;
            *line = p;
            *cap = grown;
        }
        (*line)[len++] = (char)c;
    }
    if (c == EOF && len == 0) return -1;
    if (!*line) {
        *line = malloc(1);
        if (!*line) return -1;
        *cap = 1;
    }
    (*line)[len] = '\0';
    return (long)len;
}

int main(int argc, char** argv) {
    unstuck_host* host = NULL;
    FILE* in;
    char* line = NULL;
    size_t cap = 0;
    long len;
    unsigned long number = 0, decided = 0, bad = 0;

    if (argc != 3) {
        fprintf(stderr, "usage: erp_check CONFIG.json ORDERS.jsonl\n");
        return 2;
    }
    if (unstuck_host_open_file(&host, argv[1]) != UNSTUCK_OK) {
        fprintf(stderr, "erp_check: %s\n", unstuck_error_last());
        return 1;
    }
    in = fopen(argv[2], "r");
    if (!in) {
        fprintf(stderr, "erp_check: cannot read %s\n", argv[2]);
        unstuck_host_close(host);
        return 1;
    }
    while ((len = read_line(in, &line, &cap)) >= 0) {
        char* decision = NULL;
        char order_id[128], action[64], rule[128];
        ++number;
        if (len == 0) continue;
        if (unstuck_decide(host, line, &decision) != UNSTUCK_OK) {
            fprintf(stderr, "erp_check: line %lu: %s\n", number, unstuck_error_last());
            ++bad;
            continue;
        }
        string_field(decision, "order_id", order_id, sizeof order_id);
        string_field(decision, "action", action, sizeof action);
        string_field(decision, "rule", rule, sizeof rule);
        printf("%s %s %s\n", order_id, action, rule);
        unstuck_free(decision);
        ++decided;
    }
    free(line);
    fclose(in);
    fprintf(stderr, "erp_check: %lu decided, %lu bad lines, %d plugins loaded (libunstuck %s)\n", decided,
            bad, loaded_plugins(host), unstuck_version());
    unstuck_host_close(host);
    return bad ? 2 : 0;
}
