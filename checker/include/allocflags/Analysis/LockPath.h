//===- LockPath.h - the lock-expression algebra -----------------*- C++ -*-===//
//
// A held lock is named by the text of its expression ("&priv->lock"), made
// canonical (normalizeLockText).  Across a call the text is rewritten over
// the callee's parameters as a template ("&$0->lock": parameter 0; "$this":
// the object), and a template is instantiated back with a caller's argument
// texts or a callee's parameter names.  Every such rewriting lives here, on
// text only; the AST questions (which identifiers are parameters, which roots
// are globals) are the callers'.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_LOCKPATH_H
#define ALLOCFLAGS_ANALYSIS_LOCKPATH_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace allocflags {

/// The canonical text of a lock: no whitespace, "(&x)->f" as "x.f" (the same
/// lock however a macro spelled it: xa_lock(&t->xa) locks
/// "&(&t->xa)->xa_lock", that is "&t->xa.xa_lock"), no parentheses.
std::string normalizeLockText(llvm::StringRef Text);

/// How instantiateLock writes an argument in.
enum class LockArgs {
  /// Parameter names: written as they are.
  Names,
  /// Expressions: in parentheses, and "&x" followed by "->f" as "x.f".
  Expressions,
};

/// \p Template with each "$N" replaced by \p Arg(N) and "$this" by
/// \p Arg(std::nullopt); "" when an argument is "" or a '$' names none.
std::string instantiateLock(llvm::StringRef Template,
                            llvm::function_ref<std::string(std::optional<unsigned>)> Arg, LockArgs Style);

/// A template with the names in \p Params for $N and `this` for $this; ""
/// when it names a parameter without a name there.
std::string instantiateWith(llvm::StringRef Template, llvm::ArrayRef<std::string> Params);

/// A lock written in a caller's terms ("&priv->lock"), rewritten over the
/// call's arguments ("&$0->lock" when argument 0 is "priv"); "" when it is not
/// reached through an argument, unless \p KeepGlobal (the key names a global
/// lock, the same in the callee): then \p Key itself (without blanks and
/// parentheses).
std::string rebaseLockOverArguments(llvm::StringRef Key, llvm::ArrayRef<std::string> ArgTexts,
                                    bool KeepGlobal = false);

/// A lock written in a function's terms as a template over its parameters:
/// identifiers that are not member names and are named in \p Params become
/// $<index>, `this` becomes $this.  \p Opaque: the root is neither a
/// parameter nor, by \p IsGlobalRoot (asked of the first root identifier), a
/// global.
std::string templatizeLock(llvm::StringRef Key, llvm::ArrayRef<llvm::StringRef> Params,
                           llvm::function_ref<bool(llvm::StringRef)> IsGlobalRoot, bool &Opaque);

} // namespace allocflags

#endif
