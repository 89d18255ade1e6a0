//===- Budget.cpp ---------------------------------------------------------===//
#include "allocflags/Analysis/Budget.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"

using namespace allocflags;

static std::string describe(const clang::FunctionDecl *FD) {
  const clang::SourceManager &SM = FD->getASTContext().getSourceManager();
  clang::PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(FD->getLocation()));
  std::string S = "'" + FD->getNameAsString() + "'";
  if (P.isValid())
    S += " (" + std::string(P.getFilename()) + ":" + std::to_string(P.getLine()) + ")";
  return S;
}

void AnalysisBudget::gaveUp(const clang::FunctionDecl *FD, const std::string &Why) {
  std::string R = describe(FD) + ": " + Why;
  if (llvm::find(Reasons, R) == Reasons.end())
    Reasons.push_back(std::move(R));
}

bool AnalysisBudget::charge(const clang::FunctionDecl *FD, unsigned Blocks) {
  uint64_t &S = Spent[FD];
  if (S + Blocks <= FunctionWork) {
    S += Blocks;
    return true;
  }
  if (!(Told[FD] & 1)) {
    Told[FD] |= 1;
    gaveUp(FD, "analysis budget reached (" + std::to_string(Blocks) + " CFG blocks, " +
                   std::to_string(FunctionWork) + " blocks x analyses allowed); its facts are unknown");
  }
  return false;
}

bool AnalysisBudget::tooDeep(const clang::FunctionDecl *Callee, unsigned Depth) {
  if (Depth <= MaxContextDepth)
    return false;
  if (!(Told[Callee] & 2)) {
    Told[Callee] |= 2;
    gaveUp(Callee, "contexts of callers more than " + std::to_string(MaxContextDepth) +
                       " calls away are not followed");
  }
  return true;
}
