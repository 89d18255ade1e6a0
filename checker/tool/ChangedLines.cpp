//===- ChangedLines.cpp ---------------------------------------------------===//
#include "ChangedLines.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

using namespace llvm;
using namespace allocflags::tool;

Expected<ChangedLines> ChangedLines::fromDiff(StringRef Diff, StringRef Root) {
  ChangedLines C;
  DenseSet<unsigned> *Current = nullptr;
  unsigned NewLine = 0;
  SmallVector<StringRef, 0> DiffLines;
  Diff.split(DiffLines, '\n');
  for (StringRef L : DiffLines) {
    L = L.rtrim("\r");
    if (L.starts_with("+++ ")) {
      StringRef Path = L.drop_front(4).split('\t').first.trim();
      if (Path == "/dev/null") { // a deleted file
        Current = nullptr;
        continue;
      }
      // git's a/ b/ prefixes (absent with --no-prefix, then a path is kept).
      Path.consume_front("b/");
      SmallString<256> Abs;
      if (sys::path::is_absolute(Path)) {
        Abs = Path;
      } else {
        Abs = Root;
        sys::path::append(Abs, Path);
      }
      sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
      Current = &C.Lines[Abs];
      continue;
    }
    if (L.starts_with("@@ ")) {
      // @@ -a,b +c,d @@
      size_t Plus = L.find(" +");
      if (Plus == StringRef::npos || !Current)
        return createStringError(inconvertibleErrorCode(), "not a unified diff: '%s'", L.str().c_str());
      StringRef Start = L.drop_front(Plus + 2).split(' ').first.split(',').first;
      if (Start.getAsInteger(10, NewLine))
        return createStringError(inconvertibleErrorCode(), "not a unified diff: '%s'", L.str().c_str());
      continue;
    }
    if (!Current || NewLine == 0)
      continue;
    if (L.starts_with("+")) {
      Current->insert(NewLine++);
    } else if (L.starts_with("-")) {
      if (!L.starts_with("--- "))
        Current->insert(NewLine);
    } else if (L.starts_with(" ") || L.empty()) {
      ++NewLine;
    }
  }
  return C;
}

Expected<ChangedLines> ChangedLines::fromGit(StringRef Rev, StringRef Dir) {
  auto Git = sys::findProgramByName("git");
  if (!Git)
    return createStringError(Git.getError(), "--changed-since: git not found");
  auto Run = [&](ArrayRef<StringRef> Args, std::string &Out) -> Error {
    SmallString<128> OutFile, ErrFile;
    if (std::error_code EC = sys::fs::createTemporaryFile("allocflags-git", "out", OutFile))
      return createStringError(EC, "--changed-since: %s", EC.message().c_str());
    if (std::error_code EC = sys::fs::createTemporaryFile("allocflags-git", "err", ErrFile))
      return createStringError(EC, "--changed-since: %s", EC.message().c_str());
    std::optional<StringRef> Redirects[] = {std::nullopt, StringRef(OutFile), StringRef(ErrFile)};
    std::string Msg;
    int Rc = sys::ExecuteAndWait(*Git, Args, std::nullopt, Redirects, 0, 0, &Msg);
    auto O = MemoryBuffer::getFile(OutFile), E = MemoryBuffer::getFile(ErrFile);
    sys::fs::remove(OutFile);
    sys::fs::remove(ErrFile);
    if (Rc != 0)
      return createStringError(inconvertibleErrorCode(), "--changed-since: 'git %s' failed: %s",
                               join(Args.drop_front(), " ").c_str(),
                               (E ? (*E)->getBuffer().trim().str() : Msg).c_str());
    Out = O ? (*O)->getBuffer().str() : "";
    return Error::success();
  };
  std::string Top, Diff;
  if (Error E = Run({"git", "-C", Dir, "rev-parse", "--show-toplevel"}, Top))
    return std::move(E);
  // -U0: only changed lines; no external diff drivers or renames by config.
  if (Error E = Run({"git", "-C", Dir, "diff", "-U0", "--no-color", "--no-ext-diff", "--src-prefix=a/",
                     "--dst-prefix=b/", Rev, "--"},
                    Diff))
    return std::move(E);
  return fromDiff(Diff, StringRef(Top).trim());
}

bool ChangedLines::contains(const Position &P) const {
  auto It = Lines.find(P.AbsFile);
  return It != Lines.end() && It->second.contains(P.Line);
}

bool ChangedLines::touches(const ResolvedFinding &F) const {
  if (contains(F.Where))
    return true;
  for (const ResolvedNote &N : F.Notes)
    if (contains(N.Where) || contains(N.Origin))
      return true;
  return false;
}
