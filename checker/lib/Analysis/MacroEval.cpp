//===- MacroEval.cpp ------------------------------------------------------===//
#include "allocflags/Analysis/MacroEval.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace clang;
using namespace llvm;
using namespace allocflags;

namespace {

using TokenList = SmallVector<std::string, 16>;

/// Expands macros in a token list (spellings only: positions do not matter
/// here).  Depth and size are bounded so a pathological header cannot hang us.
class Expander {
public:
  Expander(const Preprocessor &PP) : PP(PP) {}

  bool expand(ArrayRef<std::string> In, TokenList &Out, StringSet<> &Hide, unsigned Depth) {
    if (Depth > 32 || Out.size() > 4096)
      return false;
    for (size_t I = 0; I < In.size(); ++I) {
      const std::string &T = In[I];
      const MacroInfo *MI = macroFor(T, Hide);
      if (!MI) {
        Out.push_back(T);
        continue;
      }
      TokenList Body;
      size_t Next;
      if (MI->isObjectLike()) {
        for (const Token &Tok : MI->tokens())
          Body.push_back(PP.getSpelling(Tok));
        Next = I + 1;
      } else {
        // function-like: needs "(args)" next, else it is just an identifier
        if (I + 1 >= In.size() || In[I + 1] != "(") {
          Out.push_back(T);
          continue;
        }
        SmallVector<TokenList, 4> Args;
        size_t J = I + 2;
        if (!collectArgs(In, J, Args))
          return false;
        if (!substitute(*MI, Args, Body, Hide, Depth))
          return false;
        Next = J + 1; // past ')'
      }
      Hide.insert(T);
      TokenList Expanded;
      bool Ok = expand(Body, Expanded, Hide, Depth + 1);
      Hide.erase(T);
      if (!Ok)
        return false;
      Out.append(Expanded.begin(), Expanded.end());
      I = Next - 1;
    }
    return true;
  }

private:
  const MacroInfo *macroFor(const std::string &T, const StringSet<> &Hide) const {
    if (T.empty() || !(isAlpha(T[0]) || T[0] == '_') || Hide.count(T))
      return nullptr;
    IdentifierInfo *II = PP.getIdentifierInfo(T);
    if (!II || !II->hasMacroDefinition())
      return nullptr;
    return PP.getMacroInfo(II);
  }

  /// In[J] is the first token after '('; on return J indexes the ')'.
  static bool collectArgs(ArrayRef<std::string> In, size_t &J, SmallVectorImpl<TokenList> &Args) {
    unsigned Nest = 0;
    Args.emplace_back();
    for (; J < In.size(); ++J) {
      const std::string &T = In[J];
      if (T == "(")
        ++Nest;
      else if (T == ")") {
        if (Nest == 0)
          return true;
        --Nest;
      } else if (T == "," && Nest == 0) {
        Args.emplace_back();
        continue;
      }
      Args.back().push_back(T);
    }
    return false;
  }

  bool substitute(const MacroInfo &MI, ArrayRef<TokenList> Args, TokenList &Out,
                  StringSet<> &Hide, unsigned Depth) {
    auto ParamIndex = [&](StringRef Name) -> int {
      unsigned I = 0;
      for (const IdentifierInfo *P : MI.params()) {
        if (P->getName() == Name)
          return I;
        ++I;
      }
      return -1;
    };
    auto ArgTokens = [&](int P) -> TokenList {
      TokenList R;
      if (MI.isVariadic() && P == static_cast<int>(MI.getNumParams()) - 1) {
        // __VA_ARGS__ takes every remaining argument, commas included
        for (size_t A = P; A < Args.size(); ++A) {
          if (A != static_cast<size_t>(P))
            R.push_back(",");
          R.append(Args[A].begin(), Args[A].end());
        }
      } else if (P < static_cast<int>(Args.size())) {
        R = Args[P];
      }
      return R;
    };
    SmallVector<std::string, 16> Body;
    for (const Token &Tok : MI.tokens())
      Body.push_back(PP.getSpelling(Tok));
    for (size_t I = 0; I < Body.size(); ++I) {
      const std::string &T = Body[I];
      if (T == "#")
        return false; // stringification never yields an integer
      if (T == "##") {
        if (Out.empty() || I + 1 >= Body.size())
          return false;
        std::string Rhs = Body[++I];
        int P = ParamIndex(Rhs);
        TokenList RhsToks = P >= 0 ? ArgTokens(P) : TokenList{Rhs};
        if (!RhsToks.empty()) {
          Out.back() += RhsToks.front();
          Out.append(RhsToks.begin() + 1, RhsToks.end());
        }
        continue;
      }
      int P = ParamIndex(T);
      if (P < 0) {
        Out.push_back(T);
        continue;
      }
      TokenList Arg = ArgTokens(P);
      bool Pasted = I + 1 < Body.size() && Body[I + 1] == "##";
      if (Pasted) {
        Out.append(Arg.begin(), Arg.end());
      } else {
        TokenList Expanded;
        if (!expand(Arg, Expanded, Hide, Depth + 1))
          return false;
        Out.append(Expanded.begin(), Expanded.end());
      }
    }
    return true;
  }

  const Preprocessor &PP;
};

/// Folds an expanded token list.  Precedence climbing over the C integer
/// operators; everything is computed in uint64_t (enough for flag masks and
/// version codes).
class Folder {
public:
  Folder(ArrayRef<std::string> Toks, const ASTContext *Ctx) : Toks(Toks), Ctx(Ctx) {}

  std::optional<uint64_t> run() {
    auto V = conditional();
    if (!V || Pos != Toks.size())
      return std::nullopt;
    return V;
  }

private:
  static int precedence(StringRef Op) {
    return StringSwitch<int>(Op)
        .Case("||", 1).Case("&&", 2).Case("|", 3).Case("^", 4).Case("&", 5)
        .Cases("==", "!=", 6).Cases("<", ">", "<=", ">=", 7).Cases("<<", ">>", 8)
        .Cases("+", "-", 9).Cases("*", "/", "%", 10).Default(-1);
  }

  std::optional<uint64_t> conditional() {
    auto C = binary(0);
    if (!C || Pos >= Toks.size() || Toks[Pos] != "?")
      return C;
    ++Pos;
    auto A = conditional();
    if (!A || Pos >= Toks.size() || Toks[Pos] != ":")
      return std::nullopt;
    ++Pos;
    auto B = conditional();
    if (!B)
      return std::nullopt;
    return *C ? A : B;
  }

  std::optional<uint64_t> binary(int MinPrec) {
    auto L = unary();
    if (!L)
      return std::nullopt;
    while (Pos < Toks.size()) {
      StringRef Op = Toks[Pos];
      int Prec = precedence(Op);
      if (Prec < 0 || Prec < MinPrec)
        break;
      ++Pos;
      auto R = binary(Prec + 1);
      if (!R)
        return std::nullopt;
      uint64_t A = *L, B = *R;
      if ((Op == "/" || Op == "%") && B == 0)
        return std::nullopt;
      L = StringSwitch<uint64_t>(Op)
              .Case("||", A || B).Case("&&", A && B).Case("|", A | B).Case("^", A ^ B)
              .Case("&", A & B).Case("==", A == B).Case("!=", A != B).Case("<", A < B)
              .Case(">", A > B).Case("<=", A <= B).Case(">=", A >= B)
              .Case("<<", B < 64 ? A << B : 0).Case(">>", B < 64 ? A >> B : 0)
              .Case("+", A + B).Case("-", A - B).Case("*", A * B)
              .Case("/", B ? A / B : 0).Case("%", B ? A % B : 0).Default(0);
    }
    return L;
  }

  bool isTypeWord(StringRef T) const {
    if (T.empty() || !(isAlpha(T[0]) || T[0] == '_'))
      return false;
    return !(Ctx && MacroValueEvaluator::evaluateEnumerator(*Ctx, T));
  }

  std::optional<uint64_t> unary() {
    if (Pos >= Toks.size())
      return std::nullopt;
    StringRef T = Toks[Pos];
    if (T == "-" || T == "~" || T == "!" || T == "+") {
      ++Pos;
      auto V = unary();
      if (!V)
        return std::nullopt;
      return T == "-" ? -*V : T == "~" ? ~*V : T == "!" ? uint64_t(!*V) : *V;
    }
    if (T == "(") {
      // A cast, "(__force gfp_t)" or "(unsigned long)": only type words inside.
      size_t J = Pos + 1;
      while (J < Toks.size() && Toks[J] != ")" && (isTypeWord(Toks[J]) || Toks[J] == "*"))
        ++J;
      if (J > Pos + 1 && J < Toks.size() && Toks[J] == ")" && J + 1 < Toks.size() &&
          precedence(Toks[J + 1]) < 0 && Toks[J + 1] != ")") {
        Pos = J + 1;
        return unary();
      }
      ++Pos;
      auto V = conditional();
      if (!V || Pos >= Toks.size() || Toks[Pos] != ")")
        return std::nullopt;
      ++Pos;
      return V;
    }
    ++Pos;
    if (isDigit(T[0]))
      return number(T);
    if (T == "true")
      return 1;
    if (T == "false")
      return 0;
    if (Ctx)
      return MacroValueEvaluator::evaluateEnumerator(*Ctx, T);
    return std::nullopt;
  }

  static std::optional<uint64_t> number(StringRef T) {
    // strip integer suffixes (u, l, ul, ull, ...)
    while (!T.empty() && (T.back() == 'u' || T.back() == 'U' || T.back() == 'l' || T.back() == 'L'))
      T = T.drop_back();
    uint64_t V;
    if (T.getAsInteger(0, V))
      return std::nullopt;
    return V;
  }

  ArrayRef<std::string> Toks;
  const ASTContext *Ctx;
  size_t Pos = 0;
};

} // namespace

std::optional<uint64_t> MacroValueEvaluator::evaluateMacro(StringRef Name) const {
  IdentifierInfo *II = PP.getIdentifierInfo(Name);
  if (!II || !II->hasMacroDefinition())
    return std::nullopt;
  const MacroInfo *MI = PP.getMacroInfo(II);
  if (!MI || !MI->isObjectLike())
    return std::nullopt;
  Expander E(PP);
  TokenList Out;
  StringSet<> Hide;
  std::string Self = Name.str();
  if (!E.expand(ArrayRef<std::string>(Self), Out, Hide, 0))
    return std::nullopt;
  return Folder(Out, Ctx).run();
}

std::optional<uint64_t> MacroValueEvaluator::evaluateTokens(ArrayRef<std::string> Tokens) const {
  if (Tokens.empty())
    return std::nullopt;
  Expander E(PP);
  TokenList Out;
  StringSet<> Hide;
  if (!E.expand(Tokens, Out, Hide, 0))
    return std::nullopt;
  return Folder(Out, Ctx).run();
}

std::optional<uint64_t> MacroValueEvaluator::evaluateEnumerator(const ASTContext &Ctx, StringRef Name) {
  IdentifierInfo *II = &Ctx.Idents.get(Name);
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(II))
    if (const auto *EC = dyn_cast<EnumConstantDecl>(D))
      return EC->getInitVal().getZExtValue();
  return std::nullopt;
}
