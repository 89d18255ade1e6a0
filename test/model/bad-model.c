// A malformed model file is one error naming file:line:column, in both front
// ends; the tool exits with 2.
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=SYNTAX --option ModelFiles=%S/Inputs/bad-syntax.yaml -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=KIND --option ModelFiles=%S/Inputs/unknown-kind.yaml -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=KEY --option ModelFiles=%S/Inputs/unknown-key.yaml -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=VERSION --option ModelFiles=%S/Inputs/bad-version.yaml -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=MISSING --option ModelFiles=%S/Inputs/no-such-file.yaml -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=DUP --option ModelFiles=%S/Inputs/duplicate.yaml -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=TYPE --option ModelFiles=%S/Inputs/wrong-type.yaml -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=SHAPE --option ModelFiles=%S/Inputs/names-not-list.yaml -- -I%kernel_inc
// An empty file, one of comments only, or one whose root is no mapping (an alias)
// - found by the model fuzzer: each crashed YAMLIO, which reports the missing
// 'version' at the current node, and these files leave it without one:
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=EMPTY --option ModelFiles=%S/Inputs/empty.yaml -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=COMMENTS --option ModelFiles=%S/Inputs/comments-only.yaml -- -I%kernel_inc
// RUN: %check_allocflags %s allocflags-sleep-in-atomic %t --expect-error --error-prefix=ALIAS --option ModelFiles=%S/Inputs/alias-root.yaml -- -I%kernel_inc
// EMPTY: error: {{.*}}empty.yaml:1:1: empty model file (a model starts with 'version: 1')
// EMPTY-NOT: error:
// COMMENTS: error: {{.*}}comments-only.yaml:1:1: empty model file (a model starts with 'version: 1')
// COMMENTS-NOT: error:
// ALIAS: error: {{.*}}alias-root.yaml:{{[0-9]+}}:{{[0-9]+}}: a model file is a mapping ('version: 1', then sections)
// ALIAS-NOT: error:
// SYNTAX: error: {{.*}}bad-syntax.yaml:4:{{[0-9]+}}: {{.+}}
// SYNTAX-NOT: error:
// KIND: error: {{.*}}unknown-kind.yaml:3:5: unknown context kind 'spn' (declare it under 'contexts')
// KIND-NOT: error:
// KEY: error: {{.*}}unknown-key.yaml:4:5: unknown key 'conditon'
// KEY-NOT: error:
// VERSION: error: {{.*}}bad-version.yaml:1:1: unsupported model version 7 (this allocflags reads version 1)
// A name listed twice in one section (the second entry would silently win),
// a value of the wrong type, a mapping where a list belongs:
// DUP: error: {{.*}}duplicate.yaml:5:5: 'my_wait' is listed twice under 'sleeping'
// DUP-NOT: error:
// TYPE: error: {{.*}}wrong-type.yaml:4:20: invalid number
// TYPE-NOT: error:
// SHAPE: error: {{.*}}names-not-list.yaml:4:7: not a sequence
// SHAPE-NOT: error:
// MISSING: error: {{.*}}no-such-file.yaml: cannot read model file: No such file or directory
void f(void) {}
