/* unstuck C API: open a host from its config, decide orders, sweep them and list the disputes filed.
 *
 * Plain C11. All strings in and out are UTF-8; structured data is JSON text. Memory the library returns
 * through a `char **out` parameter is the caller's and is freed with unstuck_free().
 *
 * Every function returns UNSTUCK_OK (0) or a negative unstuck_error_code and sets the calling thread's last
 * error (unstuck_error_last(), unstuck_error_last_code()); the message is one line naming what and where,
 * e.g. `order_json: $.packages[0].tracking_number: missing`. On error nothing is written to `*out`.
 *
 * Handles are checked against a registry of live handles: a closed or foreign pointer gives
 * UNSTUCK_ECLOSED instead of a crash, and a call in flight keeps its object alive while another thread closes
 * the handle. No C++ exception ever crosses the API. */
#ifndef UNSTUCK_H
#define UNSTUCK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define UNSTUCK_API __attribute__((visibility("default")))
#else
#define UNSTUCK_API
#endif

#define UNSTUCK_VERSION_MAJOR 0 /* the header's major version */
#define UNSTUCK_VERSION_MINOR 2 /* the header's minor version */
#define UNSTUCK_VERSION_PATCH 0 /* the header's patch version */
#define UNSTUCK_VERSION "0.2.0" /* the header's version as text */

/* What a function returns: 0 or one of these negative codes. */
typedef enum unstuck_error_code {
    /* success */
    UNSTUCK_OK = 0,
    /* a bad argument: null pointer, invalid UTF-8, struct_size too small, bad option */
    UNSTUCK_EINVALID = -1,
    /* malformed JSON, or a field missing or of the wrong type (message names the path) */
    UNSTUCK_EJSON = -2,
    /* the host config is unreadable or wrong */
    UNSTUCK_ECONFIG = -3,
    /* no such plugin, file or order */
    UNSTUCK_ENOTFOUND = -4,
    /* the handle was closed (or was never one) */
    UNSTUCK_ECLOSED = -5,
    /* a plugin refused or failed */
    UNSTUCK_EPLUGIN = -6,
    /* the case store failed */
    UNSTUCK_ESTORE = -7,
    /* a caller's callback asked to stop (returned nonzero) */
    UNSTUCK_ECALLBACK = -8,
    /* a file could not be read or written */
    UNSTUCK_EIO = -9,
    /* anything else; a bug */
    UNSTUCK_EINTERNAL = -10
} unstuck_error_code;

/* A host: a loaded config, its plugins and its policy. Opaque. */
typedef struct unstuck_host unstuck_host;
/* A sweep opened on a host: its store, routes and options. Opaque. */
typedef struct unstuck_sweep unstuck_sweep;

/* The library's version, "0.2.0" (the library's, not the header's). Never fails; thread-safe; the string is
 * static. */
UNSTUCK_API const char* unstuck_version(void);

/* This thread's last error message, "" when the last call succeeded or none was made. Valid until this
 * thread's next call into the library. Never fails; each thread has its own. */
UNSTUCK_API const char* unstuck_error_last(void);

/* This thread's last error code (an unstuck_error_code), 0 when the last call succeeded or none was made.
 * Never fails; each thread has its own. */
UNSTUCK_API int unstuck_error_last_code(void);

/* Frees anything the library returned through a `char **out`; NULL is fine. Thread-safe. Does not touch
 * the thread's last error. */
UNSTUCK_API void unstuck_free(void* p);

/* Opens a host from a config file (JSON; relative paths resolve against its folder): loads the config,
 * scans the plugin folders, checks every configured plugin's settings and loads the policy. Without
 * `plugin_dirs` in the config or UNSTUCK_PLUGIN_PATH, plugins are looked for in `unstuck/plugins` beside
 * this library, then beside the program. The config's `log` section sets the process's logging.
 * Errors: EINVALID (a null pointer, invalid UTF-8), ENOTFOUND (no such file), EIO (unreadable), EJSON
 * (malformed JSON), ECONFIG (the config, a plugin's settings or the policy is wrong; the message names the
 * path). Thread-safe: any number of hosts may be opened at once. */
UNSTUCK_API int unstuck_host_open_file(unstuck_host** out, const char* config_path);

/* Opens a host from a config document; relative paths in it resolve against `base_dir` (NULL: the working
 * folder). The same steps and errors as unstuck_host_open_file() (but no ENOTFOUND or EIO).
 * Thread-safe. */
UNSTUCK_API int unstuck_host_open_json(unstuck_host** out, const char* config_json, const char* base_dir);

/* Closes a host; NULL is a no-op (returns 0). Returns at once: calls in flight on other threads finish with
 * the objects they hold, the last of them frees it; later calls with this handle give ECLOSED. Sweeps opened
 * on it stay usable until closed themselves. Errors: ECLOSED (closed already, or never a handle).
 * Thread-safe, also against calls using the host. */
UNSTUCK_API int unstuck_host_close(unstuck_host* host);

/* Every plugin module found, loaded or refused, as a JSON array like `unstuck plugins --json`:
 * [{"name","kind","version","vendor","file","state":"loaded"|"refused","reason", ...}].
 * Errors: EINVALID (null pointer), ECLOSED. Thread-safe: a host may be used from many threads at once. */
UNSTUCK_API int unstuck_plugins(unstuck_host* host, char** out_json);

/* Which loaded carriers and services claim a tracking number, as a JSON array
 * [{"carrier","service","check_digit":"absent"|"valid"|"invalid"}] (empty when none claims it).
 * Errors: EINVALID (null pointer, invalid UTF-8), ECLOSED, EPLUGIN (no carrier plugin could be created).
 * Thread-safe: a host may be used from many threads at once. */
UNSTUCK_API int unstuck_detect(unstuck_host* host, const char* number, char** out_json);

/* Normalizes a carrier's own tracking document through that carrier plugin into the canonical shipment
 * JSON (docs/model.md). `context_json` is NULL or {"tracking_number": "...", "order_created_at": "RFC 3339"}.
 * A document the plugin cannot read gives EPLUGIN with the plugin's message, one whose number the carrier
 * does not know ENOTFOUND.
 * Errors: EINVALID (null pointer, invalid UTF-8), EJSON (context_json: malformed, a key unknown or of the
 * wrong type), ENOTFOUND (no such carrier plugin, or the number not found), EPLUGIN, ECLOSED. Thread-safe: a
 * host may be used from many threads at once. */
UNSTUCK_API int unstuck_normalize(unstuck_host* host, const char* carrier, const char* payload,
                                  const char* context_json, char** out_json);

/* Decides one order case (JSON, docs/policy.md) with the host's policy, offline: one decision JSON out, as
 * `unstuck check` prints it. Packages given as `raw` are normalized by their carrier plugin.
 * Errors: EINVALID (null pointer, invalid UTF-8), EJSON (the message names the field path), ECLOSED.
 * Thread-safe: a host may be used from many threads at once; the same order gives the same answer. */
UNSTUCK_API int unstuck_decide(unstuck_host* host, const char* order_json, char** out_json);

/* Decides order cases given as JSON lines, on the calling thread: one output line per non-blank input line,
 * in input order, each the decision or {"line":N,"error":"..."} for a bad line (N counts input lines from 1);
 * the rest go on, and the call still returns 0. One call decides a batch for less per order than a call of
 * unstuck_decide each; to use more cores, call it from several threads.
 * Errors: EINVALID (null pointer, invalid UTF-8), ECLOSED. Thread-safe: a host may be used from many
 * threads at once. */
UNSTUCK_API int unstuck_check_batch(unstuck_host* host, const char* orders_jsonl, char** out_jsonl);

/* The disputes in the host's case store, oldest first, as a JSON array
 * [{"key","order_id","backend","remote_id","remote_url","state","marketplace","shop_id","code", ...}].
 * `filter_json` is NULL (all) or {"order_id": "...", "state": "PENDING"|"FILED"|"REJECTED"}, either key
 * optional. A SQLite store that does not exist yet gives [].
 * Errors: EINVALID (null pointer, invalid UTF-8, an unknown state), EJSON (filter_json), ESTORE, ECLOSED.
 * Thread-safe: a host may be used from many threads at once. */
UNSTUCK_API int unstuck_disputes(unstuck_host* host, const char* filter_json, char** out_json);

/* Gives the next line to a sweep: sets *line and *len (no newline needed) and returns 1; returns 0 at the
 * end; a negative value aborts the run (UNSTUCK_ECALLBACK). The line must stay valid until the next call. */
typedef int (*unstuck_line_source)(void* ctx, const char** line, size_t* len);
/* Progress of a run as JSON {"lines":N,"bytes":N,"done":false} (non-blank lines and input bytes done so
 * far), at most every 100 ms, and once more at the end with "done":true; the counts are in the summary.
 * Returning nonzero stops the sweep (UNSTUCK_ECALLBACK). */
typedef int (*unstuck_progress_fn)(void* ctx, const char* progress_json);
/* Each order's decision as the store recorded it (JSON, as `unstuck check` prints one), once the order is
 * done; not called in a dry run, which records nothing. Returning nonzero stops the sweep
 * (UNSTUCK_ECALLBACK). */
typedef int (*unstuck_decision_fn)(void* ctx, const char* decision_json);
/* One log line of the library or a plugin (at the config's `log.level` or above), level 0 trace, 1 debug,
 * 2 info, 3 warn, 4 error, 5 critical. While a run with a log callback is in progress, every line the process
 * logs goes to it; otherwise lines go to stderr. */
typedef void (*unstuck_log_fn)(void* ctx, int level, const char* line);

/* How a sweep runs. Initialize with unstuck_sweep_options_init(); fields are only ever appended. */
typedef struct unstuck_sweep_options {
    size_t struct_size;           /* the caller's sizeof(unstuck_sweep_options) */
    int dry_run;                  /* nonzero: decide and report, file nothing */
    int concurrency;              /* orders in flight at once; 0 = the config's */
    const char* now;              /* RFC 3339 instant to decide at, or NULL for the clock */
    unstuck_progress_fn progress; /* called as lines are done, or NULL */
    void* progress_ctx;           /* passed to progress */
    unstuck_decision_fn decision; /* called with each order's decision, or NULL */
    void* decision_ctx;           /* passed to decision */
    unstuck_log_fn log;           /* receives log lines during a run, or NULL */
    void* log_ctx;                /* passed to log */
} unstuck_sweep_options;

/* Zeroes `opts` and sets the defaults (struct_size = `struct_size`), libgit2 style: call it with
 * sizeof(unstuck_sweep_options). Errors: EINVALID (null pointer, struct_size too small). Thread-safe. */
UNSTUCK_API int unstuck_sweep_options_init(unstuck_sweep_options* opts, size_t struct_size);

/* Opens a sweep on a host with its config's store, routes and sweep section: checks the routes, opens the
 * store and creates the plugins it uses. `opts` NULL means the defaults; the options are copied (the `now`
 * string too), callbacks and their contexts must outlive the sweep. File names in orders (evidence) resolve
 * against the config's folder. The sweep keeps what it uses of the host: it stays usable after the host
 * handle is closed.
 * Errors: EINVALID (null pointer, struct_size too small, a bad option such as `now`), ECLOSED (host),
 * ECONFIG (routes, sweep section, a plugin's settings), ESTORE (the store could not be opened).
 * Thread-safe: many sweeps may be opened on one host. */
UNSTUCK_API int unstuck_sweep_open(unstuck_sweep** out, unstuck_host* host,
                                   const unstuck_sweep_options* opts);

/* Sweeps the order cases of a JSON lines file: settles disputes left pending by earlier runs, then fetches,
 * decides, records and files each dispute exactly once, `concurrency` orders at a time. Bad lines (malformed
 * JSON, invalid UTF-8, no valid order case) are counted and named in "errors" (`line N: ...`); the rest go
 * on, and the call returns 0. A callback that asks to stop ends the run after the orders in flight: what they
 * did is recorded, later lines are not read.
 * The summary JSON: {"decided":N,"filed":N,"already_filed":N,"would_file":N,"failed":N,"bad_lines":N,
 * "filed_disputes":[{"order_id","key","backend","remote_id"}], "remedies":{"applied","already","pending",
 * "rejected","without_proof","would_apply","errors","settled":{...}}, "errors":[...], ...}; "remedies" counts
 * the delivery-status updates sent through the marketplace plugins of the config's `sweep.marketplaces`.
 * Errors: EINVALID (null pointer, invalid UTF-8, "busy": another run of this sweep is in progress),
 * ENOTFOUND (no such file), EIO, ECALLBACK (a callback asked to stop; no summary), ECLOSED.
 * Thread safety: one run at a time per sweep; callbacks are called on the calling thread. */
UNSTUCK_API int unstuck_sweep_run_file(unstuck_sweep* sweep, const char* orders_path,
                                       char** out_summary_json);

/* Sweeps the order cases `source` gives, one JSON document a line, as unstuck_sweep_run_file() does.
 * Errors: as unstuck_sweep_run_file(), and ECALLBACK when `source` returns a negative value.
 * Thread safety: one run at a time per sweep; `source` and the callbacks are called on the calling thread. */
UNSTUCK_API int unstuck_sweep_run_lines(unstuck_sweep* sweep, unstuck_line_source source, void* source_ctx,
                                        char** out_summary_json);

/* Closes a sweep; NULL is a no-op (returns 0). Returns at once: a run in progress on another thread goes on
 * to its end and frees the sweep then; later calls with this handle give ECLOSED.
 * Errors: ECLOSED (closed already, or never a handle). Thread-safe. */
UNSTUCK_API int unstuck_sweep_close(unstuck_sweep* sweep);

#ifdef __cplusplus
}
#endif

#endif /* UNSTUCK_H */
