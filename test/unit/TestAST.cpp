//===- TestAST.cpp --------------------------------------------------------===//
#include "TestAST.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Tooling/Tooling.h"

using namespace clang;

std::unique_ptr<ASTUnit> allocflags::test::parseC(const std::string &Code, std::vector<std::string> Args) {
  Args.insert(Args.begin(), {"-x", "c", "-std=gnu11", "-I" ALLOCFLAGS_TEST_KERNEL_INC,
                             "-resource-dir=" ALLOCFLAGS_CLANG_RESOURCE_DIR});
  return tooling::buildASTFromCodeWithArgs(Code, Args, "input.c");
}

const Expr *allocflags::test::initializerOf(ASTUnit &AST, const std::string &Name) {
  ASTContext &Ctx = AST.getASTContext();
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name)))
    if (const auto *VD = dyn_cast<VarDecl>(D))
      return VD->getInit();
  return nullptr;
}
