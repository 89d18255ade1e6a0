//===- AllocflagsTidyModule.cpp - the clang-tidy module -------------------===//
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/ClangTidyModuleRegistry.h"

#include "BackendMismatchCheck.h"
#include "GfpNotForwardedCheck.h"
#include "ImplicitAllocationCheck.h"
#include "SleepInAtomicCheck.h"

namespace allocflags::tidy {

class AllocflagsModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
#define ALLOCFLAGS_CHECK(Name, Class, Kind) Factories.registerCheck<Class>(Name);
#include "allocflags/Checks.def"
  }
};

} // namespace allocflags::tidy

static clang::tidy::ClangTidyModuleRegistry::Add<allocflags::tidy::AllocflagsModule>
    X("allocflags-module", "Allocation-flag discipline checks (allocflags).");
