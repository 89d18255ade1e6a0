//===- LockPath.cpp - the lock-expression algebra -------------------------===//
#include "allocflags/Analysis/LockPath.h"

#include "llvm/ADT/StringExtras.h"

using namespace llvm;
using namespace allocflags;

std::string allocflags::normalizeLockText(StringRef Text) {
  std::string Out;
  for (char C : Text)
    if (!isSpace(C))
      Out += C;
  // (&x)->f is x.f: the same lock however a macro spelled it
  // (xa_lock(&t->xa) expands to spin_lock(&(&t->xa)->xa_lock)).
  for (size_t P = Out.find("(&"); P != std::string::npos; P = Out.find("(&", P + 1)) {
    int Depth = 0;
    size_t E = P;
    for (; E < Out.size(); ++E) {
      if (Out[E] == '(')
        ++Depth;
      else if (Out[E] == ')' && --Depth == 0)
        break;
    }
    if (E < Out.size() && Out.compare(E + 1, 2, "->") == 0) {
      std::string Inner = Out.substr(P + 2, E - P - 2);
      Out = Out.substr(0, P) + Inner + "." + Out.substr(E + 3);
      P = P > 0 ? P - 1 : 0;
    }
  }
  std::string Final;
  for (char C : Out)
    if (C != '(' && C != ')')
      Final += C;
  return Final;
}

std::string allocflags::instantiateLock(StringRef Template, function_ref<std::string(std::optional<unsigned>)> Arg,
                                       LockArgs Style) {
  std::string Out;
  for (size_t I = 0; I < Template.size();) {
    if (Template[I] != '$') {
      Out += Template[I++];
      continue;
    }
    size_t J = I + 1;
    std::optional<unsigned> Param;
    if (Template.substr(J).starts_with("this")) {
      J += 4;
    } else {
      unsigned N = 0;
      bool Digits = false;
      while (J < Template.size() && isDigit(Template[J]))
        N = N * 10 + (Template[J++] - '0'), Digits = true;
      if (!Digits)
        return "";
      Param = N;
    }
    std::string A = Arg(Param);
    if (A.empty())
      return "";
    if (Style == LockArgs::Names) {
      Out += A;
    } else if (A[0] == '&' && Template.substr(J).starts_with("->")) {
      // "(&x)->f" reads better, and keys the same, as "x.f"
      Out += A.substr(1) + ".";
      J += 2;
    } else {
      Out += "(" + A + ")";
    }
    I = J;
  }
  return Out;
}

std::string allocflags::instantiateWith(StringRef Template, ArrayRef<std::string> Params) {
  return instantiateLock(
      Template,
      [&](std::optional<unsigned> P) -> std::string {
        if (!P)
          return "this";
        return *P < Params.size() ? Params[*P] : "";
      },
      LockArgs::Names);
}

std::string allocflags::rebaseLockOverArguments(StringRef Key, ArrayRef<std::string> ArgTexts, bool KeepGlobal) {
  if (Key.empty())
    return "";
  // Blanks and parentheses out (not normalizeLockText: "(&x)->f" is matched
  // against an argument "&x" as written).
  auto Norm = [](StringRef T) {
    std::string R;
    for (char C : T)
      if (!isSpace(C) && C != '(' && C != ')')
        R += C;
    return R;
  };
  std::string K = Norm(Key);
  // The longest argument text the key starts with, followed by a member access.
  int Best = -1;
  size_t BestLen = 0;
  for (unsigned I = 0; I < ArgTexts.size(); ++I) {
    std::string A = Norm(ArgTexts[I]);
    if (A.empty())
      continue;
    for (StringRef Prefix : {"", "&"}) {
      std::string P = Prefix.str() + A;
      if (StringRef(K).starts_with(P) && P.size() > BestLen) {
        StringRef Rest = StringRef(K).drop_front(P.size());
        if (Rest.empty() || Rest.starts_with("->") || Rest.starts_with(".")) {
          Best = I;
          BestLen = P.size();
        }
      }
      // the caller passes &x and the key is &x.y: the callee sees $i->y
      if (A[0] == '&' && StringRef(K).starts_with(A) && A.size() > BestLen) {
        StringRef Rest = StringRef(K).drop_front(A.size());
        if (Rest.starts_with(".")) {
          Best = I;
          BestLen = A.size();
        }
      }
    }
  }
  if (Best < 0)
    return KeepGlobal ? K : "";
  std::string A = Norm(ArgTexts[Best]);
  StringRef Rest = StringRef(K).drop_front(BestLen);
  std::string Param = "$" + std::to_string(Best);
  if (A[0] == '&' && Rest.starts_with("."))
    return "&" + Param + "->" + Rest.drop_front(1).str();
  if (StringRef(K).starts_with("&") && !StringRef(A).starts_with("&"))
    return "&" + Param + Rest.str();
  return Param + Rest.str();
}

std::string allocflags::templatizeLock(StringRef Key, ArrayRef<StringRef> Params,
                                      function_ref<bool(StringRef)> IsGlobalRoot, bool &Opaque) {
  std::string Out;
  bool SawParam = false, RootIsGlobal = false, FirstIdent = true;
  for (size_t I = 0; I < Key.size();) {
    char C = Key[I];
    if (!(isAlpha(C) || C == '_' || C == '$')) {
      Out += C;
      ++I;
      continue;
    }
    size_t J = I + 1;
    while (J < Key.size() && (isAlnum(Key[J]) || Key[J] == '_'))
      ++J;
    StringRef Ident = Key.slice(I, J);
    // only identifiers not preceded by a member access are roots
    bool IsMember = I > 0 && (Key[I - 1] == '.' || (I > 1 && Key.slice(I - 2, I) == "->"));
    bool Replaced = false;
    if (!IsMember) {
      if (Ident == "this") {
        Out += "$this";
        SawParam = Replaced = true;
      } else if (Ident.starts_with("$")) {
        SawParam = true; // already a template
      } else {
        for (unsigned P = 0; P < Params.size(); ++P)
          if (Params[P] == Ident) {
            Out += "$" + std::to_string(P);
            SawParam = Replaced = true;
            break;
          }
      }
      if (!Replaced && FirstIdent)
        RootIsGlobal = IsGlobalRoot(Ident);
      FirstIdent = false;
    }
    if (!Replaced)
      Out += Ident;
    I = J;
  }
  Opaque = !SawParam && !RootIsGlobal;
  return Out;
}
