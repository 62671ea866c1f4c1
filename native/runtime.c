// tree-sitter's C runtime, from the installed tree-sitter package (the JS binding's own copy).
#include "lib.c"
