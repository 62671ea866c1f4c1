// The bash grammar and its external scanner, from the installed tree-sitter-bash package.
#include "parser.c"
#include "scanner.c"
