//===- LLVMCompat.h - every LLVM/Clang version fork lives here --*- C++ -*-===//
//
// allocflags builds against the LLVM/Clang majors listed in
// cmake/AllocflagsLLVM.cmake.  Where their APIs differ, this header gives the
// rest of the code one spelling; no other file tests LLVM_VERSION_MAJOR.
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_SUPPORT_LLVMCOMPAT_H
#define ALLOCFLAGS_SUPPORT_LLVMCOMPAT_H

#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR < 19
#error "allocflags needs LLVM/Clang 19 or newer"
#endif

#endif
