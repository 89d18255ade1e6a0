//===- Suppression.cpp ----------------------------------------------------===//
#include "Suppression.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/GlobPattern.h"

using namespace llvm;
using namespace allocflags::tool;

bool allocflags::tool::checkEnabled(StringRef Globs, StringRef Check) {
  SmallVector<StringRef, 8> Parts;
  SplitString(Globs, Parts, ",");
  bool Enabled = false;
  for (StringRef P : Parts) {
    P = P.trim();
    bool Negative = P.consume_front("-");
    auto G = GlobPattern::create(P);
    if (G && G->match(Check))
      Enabled = !Negative;
    else if (!G)
      consumeError(G.takeError());
  }
  return Enabled;
}

/// Does the NOLINT* directive at \p Pos (just after its keyword) cover \p Check?
static bool coversCheck(StringRef Rest, StringRef Check) {
  if (!Rest.starts_with("("))
    return true; // no list: every check
  size_t Close = Rest.find(')');
  if (Close == StringRef::npos)
    return false;
  SmallVector<StringRef, 4> Globs;
  SplitString(Rest.slice(1, Close), Globs, ",");
  for (StringRef G : Globs) {
    auto P = GlobPattern::create(G.trim());
    if (P && P->match(Check))
      return true;
    if (!P)
      consumeError(P.takeError());
  }
  return false;
}

/// Finds "Keyword" not followed by more identifier characters (so NOLINT does
/// not match NOLINTNEXTLINE) and tells whether it covers \p Check.
static bool lineHas(StringRef Line, StringRef Keyword, StringRef Check) {
  for (size_t Pos = Line.find(Keyword); Pos != StringRef::npos; Pos = Line.find(Keyword, Pos + 1)) {
    StringRef Rest = Line.substr(Pos + Keyword.size());
    if (!Rest.empty() && (isAlnum(Rest.front()) || Rest.front() == '_'))
      continue;
    if (coversCheck(Rest, Check))
      return true;
  }
  return false;
}

bool allocflags::tool::isSuppressed(StringRef Buffer, unsigned Line, StringRef Check) {
  if (Line == 0 || !Buffer.contains("NOLINT"))
    return false;
  SmallVector<StringRef, 0> Lines;
  Buffer.split(Lines, '\n');
  if (Line > Lines.size())
    return false;
  if (lineHas(Lines[Line - 1], "NOLINT", Check))
    return true;
  if (Line >= 2 && lineHas(Lines[Line - 2], "NOLINTNEXTLINE", Check))
    return true;
  int Depth = 0;
  for (unsigned I = 0; I + 1 < Line; ++I) {
    if (lineHas(Lines[I], "NOLINTBEGIN", Check))
      ++Depth;
    if (lineHas(Lines[I], "NOLINTEND", Check) && Depth > 0)
      --Depth;
  }
  return Depth > 0;
}
