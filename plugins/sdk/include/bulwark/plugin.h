/* Bulwark detector plugin ABI.
 *
 * A plugin is a shared library exporting one C symbol, BULWARK_PLUGIN_ENTRY_SYMBOL, a function
 * returning a pointer to a static bw_plugin table. Rules of the boundary:
 *   - plain C only: no C++ types, no exceptions, no ownership crosses it;
 *   - strings are pointer + length (bw_str), UTF-8, not necessarily NUL-terminated;
 *   - every struct starts with its size in bytes and only ever grows at the end, so a host and
 *     a plugin built against different minor versions read only the fields both know;
 *   - versions: the host loads a plugin whose ABI major equals its own and whose ABI minor is
 *     not newer than its own.
 * Memory the plugin returns (tables, strings, last_error text) stays owned by the plugin and
 * valid as documented per field. Memory the host passes (text, config, buffers) is valid only
 * during the call.
 *
 * Threading: create/destroy are called from one thread at a time. scan() is called
 * concurrently from several threads on the same instance: keep per-call state on the stack.
 *
 * C++ authors: see bulwark/plugin.hpp, which builds these tables from a class and catches
 * every exception at the boundary.
 */
#ifndef BULWARK_PLUGIN_H_
#define BULWARK_PLUGIN_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BULWARK_PLUGIN_ABI_MAJOR 1
#define BULWARK_PLUGIN_ABI_MINOR 0
#define BULWARK_PLUGIN_ENTRY_SYMBOL "bulwark_plugin_entry"
/* The size of the error buffer the host passes to create(), and the most of a last_error()
 * message the host keeps: longer messages are cut there. */
#define BULWARK_PLUGIN_ERROR_SIZE 512

#if defined(__GNUC__)
#define BULWARK_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define BULWARK_PLUGIN_EXPORT
#endif

typedef struct bw_str {
  const char* data;
  size_t size;
} bw_str;

typedef enum bw_confidence {
  BW_CONFIDENCE_LOW = 0,
  BW_CONFIDENCE_MEDIUM = 1,
  BW_CONFIDENCE_HIGH = 2
} bw_confidence;

/* One finding: a byte range of the scanned text. The host checks every range (start < end <=
 * text size): one finding out of bounds makes the whole scan a failure. `masked` is reserved
 * (keeps the 1.0 layout): ABI 1.x hosts mask every value themselves, with the detector's
 * `mask` settings, and never read it; leave it empty. */
typedef struct bw_finding {
  size_t struct_size;
  size_t start;
  size_t end;
  int32_t confidence; /* bw_confidence */
  bw_str masked;
} bw_finding;

/* Where scan() reports findings: call emit() once per finding, during scan() only. emit()
 * returns 0 to go on, non-zero when the host wants no more findings (stop scanning). */
typedef struct bw_sink {
  size_t struct_size;
  void* host;
  int (*emit)(void* host, const bw_finding* finding);
} bw_sink;

typedef struct bw_instance bw_instance; /* opaque, defined by the plugin */

typedef struct bw_detector_type {
  size_t struct_size;
  bw_str name;        /* [a-z0-9][a-z0-9_-]*, unique within the plugin */
  bw_str description; /* one line */
  /* JSON Schema (draft 2020-12 subset, see docs/plugins.md) of the config object; empty:
   * any object. */
  bw_str config_schema;
  /* Prefilter regexes (RE2 syntax, Hyperscan-compatible) compiled into the host's shared
   * database: scan() runs on a field only when one of them fired there. None: every field. */
  const bw_str* prefilters;
  size_t prefilter_count;

  /* Creates an instance from its config (a JSON object, already checked against the schema).
   * On failure returns NULL and writes a NUL-terminated message into error[0, error_size);
   * error_size is BULWARK_PLUGIN_ERROR_SIZE. */
  bw_instance* (*create)(bw_str config_json, char* error, size_t error_size);
  /* Scans `text` (valid UTF-8). `fired` lists the indexes of this type's prefilters that fired
   * in the text (empty when the type has none). Returns 0 on success; non-zero on failure, with
   * the reason in last_error(). Findings emitted before a failure are discarded. */
  int (*scan)(bw_instance* instance, bw_str text, const uint32_t* fired, size_t fired_count,
              const bw_sink* sink);
  /* The reason of the last failure of scan() on this thread; valid until the next call. The
   * host calls it right after a failed scan() and keeps at most BULWARK_PLUGIN_ERROR_SIZE
   * bytes. It is shown to whoever scanned their own text (bulwark scan, policy test); the
   * service never logs it, since a message may quote the content. */
  bw_str (*last_error)(bw_instance* instance);
  void (*destroy)(bw_instance* instance);
} bw_detector_type;

typedef struct bw_plugin {
  size_t struct_size;
  uint32_t abi_major;
  uint32_t abi_minor;
  bw_str name; /* [a-z0-9][a-z0-9_-]*: policies say `plugin: <name>.<type>` */
  bw_str version;
  bw_str description;
  const bw_detector_type* const* types;
  size_t type_count;
} bw_plugin;

typedef const bw_plugin* (*bw_plugin_entry_fn)(void);

/* The ABI 1.0 layout on LP64 platforms, pinned: a change here is a new major version. */
#if defined(__cplusplus)
#define BW_ABI_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define BW_ABI_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
BW_ABI_ASSERT(sizeof(bw_str) == 16, "bw_str layout");
BW_ABI_ASSERT(offsetof(bw_finding, start) == 8 && offsetof(bw_finding, end) == 16 &&
                  offsetof(bw_finding, confidence) == 24 && offsetof(bw_finding, masked) == 32 &&
                  sizeof(bw_finding) == 48,
              "bw_finding 1.0 layout");
BW_ABI_ASSERT(offsetof(bw_sink, host) == 8 && offsetof(bw_sink, emit) == 16 &&
                  sizeof(bw_sink) == 24,
              "bw_sink 1.0 layout");
BW_ABI_ASSERT(offsetof(bw_detector_type, name) == 8 &&
                  offsetof(bw_detector_type, description) == 24 &&
                  offsetof(bw_detector_type, config_schema) == 40 &&
                  offsetof(bw_detector_type, prefilters) == 56 &&
                  offsetof(bw_detector_type, prefilter_count) == 64 &&
                  offsetof(bw_detector_type, create) == 72 &&
                  offsetof(bw_detector_type, scan) == 80 &&
                  offsetof(bw_detector_type, last_error) == 88 &&
                  offsetof(bw_detector_type, destroy) == 96 && sizeof(bw_detector_type) == 104,
              "bw_detector_type 1.0 layout");
BW_ABI_ASSERT(offsetof(bw_plugin, abi_major) == 8 && offsetof(bw_plugin, abi_minor) == 12 &&
                  offsetof(bw_plugin, name) == 16 && offsetof(bw_plugin, version) == 32 &&
                  offsetof(bw_plugin, description) == 48 && offsetof(bw_plugin, types) == 64 &&
                  offsetof(bw_plugin, type_count) == 72 && sizeof(bw_plugin) == 80,
              "bw_plugin 1.0 layout");
#endif
#undef BW_ABI_ASSERT

#ifdef __cplusplus
}
#endif

#endif /* BULWARK_PLUGIN_H_ */
