//===- SourceFuzzer.cpp - arbitrary C source through the whole engine -----===//
//
// libFuzzer target (docs/fuzzing.md).  The input is the text of a C file,
// compiled against the stand-in kernel headers (test/Inputs/kernel) and run
// through every check twice, as the standalone tool runs a program: phase 1
// collects the TU's summaries, the store goes through its JSON form and the
// whole-program resolution, and phase 2 checks the TU again with that store.
// The headers are copied into an in-memory file system once, so an input
// cannot include anything else (a fuzzer that finds #include "/dev/zero"
// has found the file system, not us) and nothing is read from disk per run.
//
//===----------------------------------------------------------------------===//
#include "allocflags/Engine.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

using namespace clang;
using namespace allocflags;

namespace {

const char *const HeaderRoot = "/kernel";
const char *const MainFile = "/src/input.c";

struct Fixture {
  Model M;
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> Headers;
  std::vector<CheckKind> Checks;
};

Fixture *TheFixture = nullptr;

[[noreturn]] void die(const llvm::Twine &Why) {
  llvm::errs() << "source-fuzzer: " << Why << "\n";
  std::exit(2);
}

llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> loadHeaders(llvm::StringRef Dir) {
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  std::error_code EC;
  for (llvm::sys::fs::recursive_directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC)) {
    if (It->type() != llvm::sys::fs::file_type::regular_file)
      continue;
    auto Buf = llvm::MemoryBuffer::getFile(It->path());
    if (!Buf)
      die(It->path() + ": " + Buf.getError().message());
    llvm::SmallString<256> Path(HeaderRoot);
    llvm::sys::path::append(Path, llvm::StringRef(It->path()).drop_front(Dir.size()));
    FS->addFile(Path, 0, std::move(*Buf));
  }
  if (EC)
    die(Dir + ": " + EC.message());
  return FS;
}

class NullReporter : public Reporter {
public:
  void emit(const Finding &F) override { Bytes += F.Message.size(); }
  void inputError(SourceLocation, const std::string &Message) override { Bytes += Message.size(); }
  size_t Bytes = 0;
};

class EngineConsumer : public ASTConsumer {
public:
  EngineConsumer(const Fixture &Fx, Preprocessor &PP) : Fx(Fx), PP(PP) {
    PP.addPPCallbacks(std::make_unique<MacroRecorder>(Fx.M, PP, Macros));
  }
  void HandleTranslationUnit(ASTContext &Ctx) override {
    NullReporter R;
    SummaryStore Collected;
    {
      TUContext TU(Ctx, &PP, Macros, Fx.M, AnalysisOptions(), nullptr);
      runChecks(TU, Fx.Checks, R, &Collected);
    }
    // What the whole-program pass would read back: the file's form, not the
    // in-memory one, so the writer and the reader are both exercised.
    std::string Text;
    llvm::raw_string_ostream OS(Text);
    OS << Collected.toJSON();
    llvm::Expected<SummaryStore> Program = SummaryStore::parseJSON(Text, "fuzz-store.json");
    if (!Program) {
      // The store just written must read back: anything else is a bug.
      llvm::errs() << llvm::toString(Program.takeError()) << "\n";
      std::abort();
    }
    Program->resolve();
    TUContext TU(Ctx, &PP, Macros, Fx.M, AnalysisOptions(), &*Program);
    runChecks(TU, Fx.Checks, R, nullptr);
  }

private:
  const Fixture &Fx;
  Preprocessor &PP;
  MacroIndex Macros;
};

class EngineAction : public ASTFrontendAction {
public:
  explicit EngineAction(const Fixture &Fx) : Fx(Fx) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, llvm::StringRef) override {
    return std::make_unique<EngineConsumer>(Fx, CI.getPreprocessor());
  }

private:
  const Fixture &Fx;
};

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  auto M = Model::load({ALLOCFLAGS_SOURCE_MODEL_DIR "/kernel.yaml"});
  if (!M)
    die(llvm::toString(M.takeError()));
  TheFixture = new Fixture{std::move(*M), loadHeaders(ALLOCFLAGS_TEST_KERNEL_INC), {}};
  for (unsigned K = 0; K < NumCheckKinds; ++K)
    TheFixture->Checks.push_back(CheckKind(K));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  // Clang's debug pragmas (#pragma clang __debug crash, ...) stop the compiler
  // on purpose; they are not inputs the engine could mend.
  if (Text.contains("__debug"))
    return -1;
  auto FS = llvm::makeIntrusiveRefCnt<llvm::vfs::InMemoryFileSystem>();
  // The headers are shared (read-only) through an overlay; the input is new.
  auto Overlay = llvm::makeIntrusiveRefCnt<llvm::vfs::OverlayFileSystem>(TheFixture->Headers);
  Overlay->pushOverlay(FS);
  FS->addFile(MainFile, 0, llvm::MemoryBuffer::getMemBufferCopy(Text, MainFile));
  auto Files = llvm::makeIntrusiveRefCnt<FileManager>(FileSystemOptions(), Overlay);
  std::vector<std::string> Args = {"clang-tool", "-fsyntax-only", "-x", "c", "-std=gnu11", "-nostdinc",
                                   std::string("-I") + HeaderRoot, "-ferror-limit=20", MainFile};
  tooling::ToolInvocation Inv(Args, std::make_unique<EngineAction>(*TheFixture), Files.get());
  IgnoringDiagConsumer Quiet;
  Inv.setDiagnosticConsumer(&Quiet);
  Inv.run();
  return 0;
}
