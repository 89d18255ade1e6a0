//===- MacroIndex.cpp -----------------------------------------------------===//
#include "allocflags/Analysis/MacroIndex.h"
#include "allocflags/Model/Model.h"

#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/Token.h"

using namespace clang;
using namespace allocflags;

void MacroRecorder::MacroExpands(const Token &MacroNameTok, const MacroDefinition &MD,
                                 SourceRange, const MacroArgs *Args) {
  const IdentifierInfo *II = MacroNameTok.getIdentifierInfo();
  if (!II || !M.isModelName(II->getName()))
    return;
  MacroExpansion E;
  E.Name = II->getName(); // identifier table strings live as long as the TU
  if (Args) {
    // The variadic parameter receives every remaining argument, commas and
    // all (kmalloc(...) -> alloc_hooks(kmalloc_noprof(__VA_ARGS__))): split it
    // back into the arguments the user wrote.
    const MacroInfo *MI = MD.getMacroInfo();
    unsigned N = Args->getNumMacroArguments();
    for (unsigned I = 0; I < N; ++I) {
      bool SplitCommas = MI && MI->isVariadic() && I + 1 == N;
      const Token *T = Args->getUnexpArgument(I);
      auto Begin = [&] {
        E.Args.push_back({SourceLocation(), SourceLocation()});
        E.ArgTokens.emplace_back();
      };
      Begin();
      unsigned Depth = 0;
      for (; T && T->isNot(tok::eof); ++T) {
        if (T->isOneOf(tok::l_paren, tok::l_square, tok::l_brace))
          ++Depth;
        else if (T->isOneOf(tok::r_paren, tok::r_square, tok::r_brace) && Depth)
          --Depth;
        else if (SplitCommas && Depth == 0 && T->is(tok::comma)) {
          Begin();
          continue;
        }
        auto &Range = E.Args.back();
        if (Range.first.isInvalid())
          Range.first = T->getLocation();
        Range.second = T->getLocation();
        E.ArgTokens.back().push_back(PP.getSpelling(*T));
      }
    }
  }
  if (const FunctionFacts *F = M.lookup(E.Name); F && F->Assertion)
    Index.addAnnotation(MacroNameTok.getLocation());
  Index.add(MacroNameTok.getLocation(), std::move(E));
}
