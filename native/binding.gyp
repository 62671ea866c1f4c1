# svlint's parser addon: tree-sitter's C runtime and the bash grammar, compiled from the installed
# npm packages (the very sources the JS binding uses), plus flatten.c, which copies a tree into
# flat arrays in one native call. See src/shell/native.ts for why, and for the fallback.
{
  "variables": {
    "ts_dir": "<!(node -p \"require('path').dirname(require.resolve('tree-sitter/package.json'))\")",
    "bash_dir": "<!(node -p \"require('path').dirname(require.resolve('tree-sitter-bash/package.json'))\")",
  },
  "target_defaults": {
    "cflags_c": ["-std=c11", "-O2", "-fvisibility=hidden"],
    "defines": ["_POSIX_C_SOURCE=200112L", "_DEFAULT_SOURCE", "NAPI_VERSION=8"],
  },
  "targets": [
    {
      "target_name": "ts_runtime",
      "type": "static_library",
      "sources": ["runtime.c"],
      "include_dirs": ["<(ts_dir)/vendor/tree-sitter/lib/src", "<(ts_dir)/vendor/tree-sitter/lib/include"],
    },
    {
      "target_name": "bash_grammar",
      "type": "static_library",
      "sources": ["grammar.c"],
      "include_dirs": ["<(bash_dir)/src"],
    },
    {
      "target_name": "svlint_parser",
      "dependencies": ["ts_runtime", "bash_grammar"],
      "sources": ["flatten.c"],
      "include_dirs": ["<(ts_dir)/vendor/tree-sitter/lib/include"],
    },
  ],
}
