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
// symbolNames() and fieldNames() give the names for the ids.
#include <node_api.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <tree_sitter/api.h>

const TSLanguage *tree_sitter_bash(void);

enum { ROW = 6, HEADER = 2 };

// One per JavaScript environment (main thread and each worker thread has its own).
typedef struct {
  TSParser *parser;
  char16_t *text;
  size_t text_cap;
  int32_t *out;
  size_t out_cap; // rows
  int32_t *stack; // parent rows of the cursor's ancestors
  int32_t *last;  // per ancestor, its last child row so far
  size_t stack_cap;
} State;

static void free_state(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  State *s = data;
  ts_parser_delete(s->parser);
  free(s->text);
  free(s->out);
  free(s->stack);
  free(s->last);
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

  TSTree *tree = ts_parser_parse_string_encoding(s->parser, NULL, (const char *)s->text, (uint32_t)(len * 2), TSInputEncodingUTF16LE);
  if (!tree) return fail(env, "svlint parser: tree-sitter returned no tree");
  TSNode root = ts_tree_root_node(tree);
  TSTreeCursor c = ts_tree_cursor_new(root);
  size_t n = 0, depth = 0;
  int ok = 1;
  for (;;) {
    if (!grow((void **)&s->out, &s->out_cap, n + 1, sizeof(int32_t) * ROW)) { ok = 0; break; }
    TSNode node = ts_tree_cursor_current_node(&c);
    int32_t *row = s->out + n * ROW;
    TSSymbol sym = ts_node_symbol(node);
    if (sym == (TSSymbol)-1) sym = (TSSymbol)ts_language_symbol_count(tree_sitter_bash());
    row[0] = (int32_t)sym | (ts_node_is_named(node) ? 1 << 16 : 0) | (ts_node_is_missing(node) ? 1 << 17 : 0);
    row[1] = (int32_t)ts_tree_cursor_current_field_id(&c);
    row[2] = (int32_t)(ts_node_start_byte(node) / 2);
    row[3] = (int32_t)(ts_node_end_byte(node) / 2);
    row[4] = depth == 0 ? -1 : s->stack[depth - 1];
    row[5] = -1;
    if (depth > 0) {
      int32_t prev = s->last[depth - 1];
      if (prev != -1) s->out[prev * ROW + 5] = (int32_t)n;
      s->last[depth - 1] = (int32_t)n;
    }
    n++;
    if (ts_tree_cursor_goto_first_child(&c)) {
      // stack and last grow together: both hold one entry per ancestor.
      size_t sc = s->stack_cap, lc = s->stack_cap;
      if (!grow((void **)&s->stack, &sc, depth + 1, sizeof(int32_t)) || !grow((void **)&s->last, &lc, depth + 1, sizeof(int32_t))) { ok = 0; break; }
      s->stack_cap = sc < lc ? sc : lc;
      s->stack[depth] = (int32_t)(n - 1);
      s->last[depth] = -1;
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
  if (!ok) return fail(env, "svlint parser: out of memory");

  napi_value buffer, result;
  void *data;
  size_t count = HEADER + n * ROW;
  if (napi_create_arraybuffer(env, count * sizeof(int32_t), &data, &buffer) != napi_ok) return fail(env, "svlint parser: out of memory");
  int32_t *out = data;
  out[0] = (int32_t)n;
  out[1] = has_error;
  memcpy(out + HEADER, s->out, n * ROW * sizeof(int32_t));
  if (napi_create_typedarray(env, napi_int32_array, count, buffer, 0, &result) != napi_ok) return fail(env, "svlint parser: out of memory");
  return result;
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
    {"symbolNames", NULL, symbol_names, NULL, NULL, NULL, napi_enumerable, NULL},
    {"fieldNames", NULL, field_names, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, 3, props);
  return exports;
}
