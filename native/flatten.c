// parse(text): parses a script with tree-sitter-bash and returns the whole tree as one Int32Array,
// in pre-order, so JavaScript never touches a tree-sitter node object. The tree is freed before
// returning (no finalizer, so no native memory waiting for V8's garbage collector).
//
// Layout: [n, hasError, then n rows of 6: info, field, start, end, parent, next]
//   info   = symbol | named << 16 | missing << 17 (ERROR, tree-sitter's 0xFFFF, is given the id
//            just past the grammar's symbols, where symbolNames() puts its name)
//   field  = field id under the parent (0 for none)
//   start, end = offsets in UTF-16 code units (JavaScript string indices), as the JS binding gives
//   parent = row of the parent (-1 for the root); next = row of the next sibling (-1 for none)
// symbolNames() and fieldNames() give the names for the ids. parseBatch(texts) does the same for
// many texts on a thread of libuv's pool and returns a Promise of the arrays.
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_bash(void);

enum { ROW = 6, HEADER = 2 };

// One per JavaScript environment (main thread and each worker thread has its own).
// Growable output and scratch space of one parsing thread.
typedef struct {
  int32_t *out;
  size_t out_cap; // ints
  size_t used;    // ints
  int32_t *stack; // parent rows of the cursor's ancestors
  int32_t *last;  // per ancestor, its last child row so far
  size_t stack_cap;
} Scratch;

typedef struct {
  TSParser *parser;
  char16_t *text;
  size_t text_cap;
  Scratch w;
} State;

static void free_scratch(Scratch *w) {
  free(w->out);
  free(w->stack);
  free(w->last);
}

static void free_state(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  State *s = data;
  ts_parser_delete(s->parser);
  free(s->text);
  free_scratch(&s->w);
  free(s);
}

static napi_value fail(napi_env env, const char *what) {
  napi_throw_error(env, NULL, what);
  return NULL;
}

static int grow(void **p, size_t *cap, size_t need, size_t item) {
  if (need <= *cap) return 1;
  size_t c = *cap ? *cap : 1024;
  while (c < need) c *= 2;
  void *q = realloc(*p, c * item);
  if (!q) return 0;
  *p = q;
  *cap = c;
  return 1;
}

// Parses text and appends its tree to w->out (growing it) at w->used: HEADER + n * ROW ints, laid
// out as parse() returns them. Returns the number of ints written, or -1 when memory ran out.
// w->stack and w->last are scratch space, reused from call to call.
static long flatten(TSParser *parser, const char16_t *text, size_t len, Scratch *w) {
  TSTree *tree = ts_parser_parse_string_encoding(parser, NULL, (const char *)text, (uint32_t)(len * 2), TSInputEncodingUTF16LE);
  if (!tree) return -1;
  size_t base = w->used;
  if (!grow((void **)&w->out, &w->out_cap, base + HEADER, sizeof(int32_t))) { ts_tree_delete(tree); return -1; }
  TSNode root = ts_tree_root_node(tree);
  TSTreeCursor c = ts_tree_cursor_new(root);
  size_t n = 0, depth = 0;
  int ok = 1;
  for (;;) {
    if (!grow((void **)&w->out, &w->out_cap, base + HEADER + (n + 1) * ROW, sizeof(int32_t))) { ok = 0; break; }
    int32_t *rows = w->out + base + HEADER;
    TSNode node = ts_tree_cursor_current_node(&c);
    int32_t *row = rows + n * ROW;
    TSSymbol sym = ts_node_symbol(node);
    if (sym == (TSSymbol)-1) sym = (TSSymbol)ts_language_symbol_count(tree_sitter_bash());
    row[0] = (int32_t)sym | (ts_node_is_named(node) ? 1 << 16 : 0) | (ts_node_is_missing(node) ? 1 << 17 : 0);
    row[1] = (int32_t)ts_tree_cursor_current_field_id(&c);
    row[2] = (int32_t)(ts_node_start_byte(node) / 2);
    row[3] = (int32_t)(ts_node_end_byte(node) / 2);
    row[4] = depth == 0 ? -1 : w->stack[depth - 1];
    row[5] = -1;
    if (depth > 0) {
      int32_t prev = w->last[depth - 1];
      if (prev != -1) rows[prev * ROW + 5] = (int32_t)n;
      w->last[depth - 1] = (int32_t)n;
    }
    n++;
    if (ts_tree_cursor_goto_first_child(&c)) {
      // stack and last grow together: both hold one entry per ancestor.
      size_t sc = w->stack_cap, lc = w->stack_cap;
      if (!grow((void **)&w->stack, &sc, depth + 1, sizeof(int32_t)) || !grow((void **)&w->last, &lc, depth + 1, sizeof(int32_t))) { ok = 0; break; }
      w->stack_cap = sc < lc ? sc : lc;
      w->stack[depth] = (int32_t)(n - 1);
      w->last[depth] = -1;
      depth++;
      continue;
    }
    while (!ts_tree_cursor_goto_next_sibling(&c)) {
      if (!ts_tree_cursor_goto_parent(&c)) break;
      depth--;
    }
    if (depth == 0) break;
  }
  int has_error = ts_node_has_error(root);
  ts_tree_cursor_delete(&c);
  ts_tree_delete(tree);
  if (!ok) return -1;
  w->out[base] = (int32_t)n;
  w->out[base + 1] = has_error;
  w->used = base + HEADER + n * ROW;
  return (long)(HEADER + n * ROW);
}

static napi_value parse(napi_env env, napi_callback_info info) {
  State *s;
  if (napi_get_instance_data(env, (void **)&s) != napi_ok || !s) return fail(env, "svlint parser: not initialised");
  size_t argc = 1;
  napi_value arg;
  if (napi_get_cb_info(env, info, &argc, &arg, NULL, NULL) != napi_ok || argc < 1) return fail(env, "parse(text) needs a string");
  size_t len;
  if (napi_get_value_string_utf16(env, arg, NULL, 0, &len) != napi_ok) return fail(env, "parse(text) needs a string");
  size_t cap = s->text_cap;
  if (!grow((void **)&s->text, &cap, len + 1, sizeof(char16_t))) return fail(env, "svlint parser: out of memory");
  s->text_cap = cap;
  napi_get_value_string_utf16(env, arg, s->text, len + 1, &len);

  s->w.used = 0;
  long count = flatten(s->parser, s->text, len, &s->w);
  if (count < 0) return fail(env, "svlint parser: out of memory");
  napi_value buffer, result;
  void *data;
  if (napi_create_arraybuffer(env, (size_t)count * sizeof(int32_t), &data, &buffer) != napi_ok) return fail(env, "svlint parser: out of memory");
  memcpy(data, s->w.out, (size_t)count * sizeof(int32_t));
  if (napi_create_typedarray(env, napi_int32_array, (size_t)count, buffer, 0, &result) != napi_ok) return fail(env, "svlint parser: out of memory");
  return result;
}

// parseBatch(texts): a Promise of one Int32Array per text, laid out as parse() returns it. The
// parsing runs on a libuv thread-pool thread, with a parser of its own, while JavaScript goes on:
// the main thread lints one batch while the next one parses on the other core. The texts are
// copied out of the JavaScript strings before the thread starts.
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  char16_t *text; // all texts, back to back
  size_t *bounds; // count + 1 offsets into text
  size_t count;
  size_t *offsets; // per text, where its ints start in w.out
  Scratch w;
  int failed;
} Batch;

static void free_batch(Batch *b) {
  free(b->text);
  free(b->bounds);
  free(b->offsets);
  free_scratch(&b->w);
  free(b);
}

static void batch_execute(napi_env env, void *data) {
  (void)env;
  Batch *b = data;
  TSParser *parser = ts_parser_new();
  if (!parser || !ts_parser_set_language(parser, tree_sitter_bash())) {
    if (parser) ts_parser_delete(parser);
    b->failed = 1;
    return;
  }
  for (size_t i = 0; i < b->count; i++) {
    b->offsets[i] = b->w.used;
    if (flatten(parser, b->text + b->bounds[i], b->bounds[i + 1] - b->bounds[i], &b->w) < 0) {
      b->failed = 1;
      break;
    }
  }
  b->offsets[b->count] = b->w.used;
  ts_parser_delete(parser);
}

static void batch_complete(napi_env env, napi_status status, void *data) {
  Batch *b = data;
  napi_value buffer, arr, err, msg;
  void *out;
  if (status != napi_ok || b->failed || napi_create_arraybuffer(env, b->w.used * sizeof(int32_t), &out, &buffer) != napi_ok) {
    napi_create_string_utf8(env, "svlint parser: out of memory", NAPI_AUTO_LENGTH, &msg);
    napi_create_error(env, NULL, msg, &err);
    napi_reject_deferred(env, b->deferred, err);
  } else {
    if (b->w.used) memcpy(out, b->w.out, b->w.used * sizeof(int32_t));
    napi_create_array_with_length(env, b->count, &arr);
    for (size_t i = 0; i < b->count; i++) {
      napi_value view;
      napi_create_typedarray(env, napi_int32_array, b->offsets[i + 1] - b->offsets[i], buffer, b->offsets[i] * sizeof(int32_t), &view);
      napi_set_element(env, arr, (uint32_t)i, view);
    }
    napi_resolve_deferred(env, b->deferred, arr);
  }
  napi_delete_async_work(env, b->work);
  free_batch(b);
}

static napi_value parse_batch(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  uint32_t count;
  bool is_array;
  if (napi_get_cb_info(env, info, &argc, &arg, NULL, NULL) != napi_ok || argc < 1 || napi_is_array(env, arg, &is_array) != napi_ok || !is_array ||
      napi_get_array_length(env, arg, &count) != napi_ok)
    return fail(env, "parseBatch(texts) needs an array of strings");
  Batch *b = calloc(1, sizeof(Batch));
  if (!b) return fail(env, "svlint parser: out of memory");
  b->count = count;
  b->bounds = malloc((count + 1) * sizeof(size_t));
  b->offsets = malloc((count + 1) * sizeof(size_t));
  size_t total = 0, cap = 0;
  if (!b->bounds || !b->offsets) { free_batch(b); return fail(env, "svlint parser: out of memory"); }
  for (uint32_t i = 0; i < count; i++) {
    napi_value v;
    size_t len;
    if (napi_get_element(env, arg, i, &v) != napi_ok || napi_get_value_string_utf16(env, v, NULL, 0, &len) != napi_ok) {
      free_batch(b);
      return fail(env, "parseBatch(texts) needs an array of strings");
    }
    if (!grow((void **)&b->text, &cap, total + len + 1, sizeof(char16_t))) { free_batch(b); return fail(env, "svlint parser: out of memory"); }
    napi_get_value_string_utf16(env, v, b->text + total, len + 1, &len);
    b->bounds[i] = total;
    total += len;
  }
  b->bounds[count] = total;
  napi_value promise, name;
  if (napi_create_promise(env, &b->deferred, &promise) != napi_ok) { free_batch(b); return fail(env, "svlint parser: cannot make a promise"); }
  napi_create_string_utf8(env, "svlint.parseBatch", NAPI_AUTO_LENGTH, &name);
  if (napi_create_async_work(env, NULL, name, batch_execute, batch_complete, b, &b->work) != napi_ok || napi_queue_async_work(env, b->work) != napi_ok) {
    // The promise is left pending here; the caller gets the exception instead.
    free_batch(b);
    return fail(env, "svlint parser: cannot queue the parse");
  }
  return promise;
}

static napi_value names(napi_env env, uint32_t count, const char *(*name)(const TSLanguage *, uint32_t)) {
  const TSLanguage *lang = tree_sitter_bash();
  napi_value arr;
  napi_create_array_with_length(env, count, &arr);
  for (uint32_t i = 0; i < count; i++) {
    const char *s = name(lang, i);
    napi_value v;
    napi_create_string_utf8(env, s ? s : "", NAPI_AUTO_LENGTH, &v);
    napi_set_element(env, arr, i, v);
  }
  return arr;
}

static const char *symbol_name(const TSLanguage *l, uint32_t i) {
  return i == ts_language_symbol_count(l) ? "ERROR" : ts_language_symbol_name(l, (TSSymbol)i);
}
static const char *field_name(const TSLanguage *l, uint32_t i) { return i == 0 ? "" : ts_language_field_name_for_id(l, (TSFieldId)i); }

static napi_value symbol_names(napi_env env, napi_callback_info info) {
  (void)info;
  return names(env, ts_language_symbol_count(tree_sitter_bash()) + 1, symbol_name);
}

static napi_value field_names(napi_env env, napi_callback_info info) {
  (void)info;
  return names(env, ts_language_field_count(tree_sitter_bash()) + 1, field_name);
}

NAPI_MODULE_INIT() {
  State *s = calloc(1, sizeof(State));
  if (!s) return fail(env, "svlint parser: out of memory");
  s->parser = ts_parser_new();
  if (!s->parser || !ts_parser_set_language(s->parser, tree_sitter_bash())) {
    free(s);
    return fail(env, "svlint parser: the bash grammar does not fit this tree-sitter runtime");
  }
  napi_set_instance_data(env, s, free_state, NULL);
  napi_property_descriptor props[] = {
    {"parse", NULL, parse, NULL, NULL, NULL, napi_enumerable, NULL},
    {"parseBatch", NULL, parse_batch, NULL, NULL, NULL, napi_enumerable, NULL},
    {"symbolNames", NULL, symbol_names, NULL, NULL, NULL, napi_enumerable, NULL},
    {"fieldNames", NULL, field_names, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, 4, props);
  return exports;
}
