//===- TestAST.h - parse a snippet for engine unit tests --------*- C++ -*-===//
#ifndef ALLOCFLAGS_UNITTEST_TESTAST_H
#define ALLOCFLAGS_UNITTEST_TESTAST_H

#include "clang/Frontend/ASTUnit.h"
#include <memory>
#include <string>
#include <vector>

namespace clang {
class Expr;
}

namespace allocflags::test {

/// Parses C code (with the stand-in kernel headers on the include path).
std::unique_ptr<clang::ASTUnit> parseC(const std::string &Code, std::vector<std::string> Args = {});

/// The initializer of the file-scope variable \p Name.
const clang::Expr *initializerOf(clang::ASTUnit &AST, const std::string &Name);

} // namespace allocflags::test

#endif
