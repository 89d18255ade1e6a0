//===- Runner.cpp ---------------------------------------------------------===//
#include "Runner.h"
#include "StackGuard.h"
#include "Suppression.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include <chrono>
#include <thread>
#include <optional>
#include "llvm/Support/VirtualFileSystem.h"

using namespace clang;
using namespace clang::tooling;
using namespace allocflags;
using namespace allocflags::tool;

namespace {

Position resolve(const SourceManager &SM, SourceLocation L) {
  Position P;
  if (L.isInvalid())
    return P;
  L = SM.getFileLoc(L);
  PresumedLoc PL = SM.getPresumedLoc(L);
  if (PL.isInvalid())
    return P;
  P.File = PL.getFilename();
  P.Line = PL.getLine();
  P.Column = PL.getColumn();
  bool Invalid = false;
  llvm::StringRef Buf = SM.getBufferData(SM.getFileID(L), &Invalid);
  if (!Invalid) {
    unsigned Off = SM.getFileOffset(L);
    size_t Begin = Buf.rfind('\n', Off);
    Begin = Begin == llvm::StringRef::npos ? 0 : Begin + 1;
    size_t End = Buf.find('\n', Off);
    P.SourceLine = Buf.slice(Begin, End).rtrim("\r").str();
  }
  return P;
}

/// Collects findings, dropping those a NOLINT comment suppresses.
class CollectingReporter : public Reporter {
public:
  CollectingReporter(const SourceManager &SM, TUResult &Out) : SM(SM), Out(Out) {}
  void emit(const Finding &F) override {
    llvm::StringRef Check = checkName(F.Check);
    SourceLocation L = SM.getFileLoc(F.Loc);
    if (L.isValid()) {
      bool Invalid = false;
      llvm::StringRef Buf = SM.getBufferData(SM.getFileID(L), &Invalid);
      if (!Invalid && isSuppressed(Buf, SM.getSpellingLineNumber(L), Check))
        return;
    }
    ResolvedFinding R;
    R.Check = Check.str();
    R.Where = resolve(SM, F.Loc);
    R.Message = F.Message;
    for (const FindingNote &N : F.Notes)
      R.Notes.push_back({resolve(SM, N.Loc), N.Message});
    for (const FindingFix &X : F.Fixes) {
      CharSourceRange Range = CharSourceRange::getTokenRange(X.Range);
      Range = Lexer::makeFileCharRange(Range, SM, LangOptions());
      if (Range.isInvalid())
        continue;
      auto [FID, Begin] = SM.getDecomposedLoc(Range.getBegin());
      unsigned End = SM.getFileOffset(Range.getEnd());
      OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
      if (!FE || End < Begin)
        continue;
      llvm::SmallString<256> Path(FE->getName());
      SM.getFileManager().makeAbsolutePath(Path);
      R.Fixes.push_back({std::string(Path), Begin, End - Begin, X.Text});
    }
    Out.Findings.push_back(std::move(R));
  }
  void inputError(SourceLocation Loc, const std::string &Message) override {
    Position P = resolve(SM, Loc);
    std::string Where = P.File.empty() ? "" : P.File + ":" + std::to_string(P.Line) + ":" + std::to_string(P.Column);
    Out.Errors.push_back({std::move(Where), Message});
  }

private:
  const SourceManager &SM;
  TUResult &Out;
};

struct RunInputs {
  const RunConfig &Config;
  const SummaryStore *Store;
  bool Collect;
  /// When this TU's time is up (--tu-timeout), counted from before parsing.
  std::optional<AnalysisBudget::Clock::time_point> Deadline;
};

class EngineConsumer : public ASTConsumer {
public:
  EngineConsumer(const RunInputs &In, Preprocessor &PP, TUResult &Out) : In(In), PP(PP), Out(Out) {
    PP.addPPCallbacks(std::make_unique<MacroRecorder>(*In.Config.M, PP, Macros));
  }
  void HandleTranslationUnit(ASTContext &Ctx) override {
    const SourceManager &SM = Ctx.getSourceManager();
    bool Invalid = false;
    Out.Fingerprint = fingerprint(SM.getBufferData(SM.getMainFileID(), &Invalid));
    if (!In.Config.DebugCrashOn.empty() && llvm::StringRef(Out.MainFile).ends_with(In.Config.DebugCrashOn))
      LLVM_BUILTIN_TRAP; // the hidden --debug-crash-on: what a bug in the engine would do
    TUContext TU(Ctx, &PP, Macros, *In.Config.M, In.Config.Options, In.Store);
    if (In.Deadline)
      TU.budget().setDeadline(*In.Deadline);
    if (!In.Config.DebugHangOn.empty() && llvm::StringRef(Out.MainFile).ends_with(In.Config.DebugHangOn))
      while (In.Deadline && !TU.budget().expired()) // the hidden --debug-hang-on: an analysis that never ends
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CollectingReporter R(SM, Out);
    if (!TU.budget().expired())
      runChecks(TU, In.Config.Checks, R, In.Collect ? &Out.Summaries : nullptr);
    Out.Notes.assign(TU.budget().reasons().begin(), TU.budget().reasons().end());
  }

private:
  const RunInputs &In;
  Preprocessor &PP;
  TUResult &Out;
  MacroIndex Macros;
};

class EngineAction : public ASTFrontendAction {
public:
  EngineAction(const RunInputs &In, TUResult &Out) : In(In), Out(Out) {}
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI, llvm::StringRef) override {
    return std::make_unique<EngineConsumer>(In, CI.getPreprocessor(), Out);
  }

private:
  const RunInputs &In;
  TUResult &Out;
};

class EngineActionFactory : public FrontendActionFactory {
public:
  EngineActionFactory(const RunInputs &In, TUResult &Out) : In(In), Out(Out) {}
  std::unique_ptr<FrontendAction> create() override { return std::make_unique<EngineAction>(In, Out); }

private:
  const RunInputs &In;
  TUResult &Out;
};

/// Compiler errors make the result unreliable: keep them (clang's format)
/// and let the exit code say so.  Warnings of the analysed code are not ours.
class ErrorCollector : public DiagnosticConsumer {
public:
  explicit ErrorCollector(TUResult &Out) : Out(Out) {}
  void HandleDiagnostic(DiagnosticsEngine::Level Level, const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    if (Level < DiagnosticsEngine::Error || Out.Errors.size() >= 20)
      return;
    llvm::SmallString<256> Msg;
    Info.FormatDiagnostic(Msg);
    std::string Where;
    if (Info.hasSourceManager() && Info.getLocation().isValid()) {
      Position P = resolve(Info.getSourceManager(), Info.getLocation());
      Where = P.File + ":" + std::to_string(P.Line) + ":" + std::to_string(P.Column);
    }
    Out.Errors.push_back({Where, Msg.str().str()});
  }

private:
  TUResult &Out;
};

/// What in a compile command the analysis cannot honour, before it is run:
/// clang tooling would abort on a missing directory, and compiler plugins
/// would be code from the build running inside the analyzer.
std::optional<std::string> checkCommands(llvm::ArrayRef<CompileCommand> Commands) {
  for (const CompileCommand &C : Commands) {
    if (!C.Directory.empty() && !llvm::sys::fs::is_directory(C.Directory))
      return "the compile command's directory '" + C.Directory + "' does not exist";
    for (size_t I = 0; I < C.CommandLine.size(); ++I) {
      llvm::StringRef A = C.CommandLine[I];
      bool XclangLoad = A == "-Xclang" && I + 1 < C.CommandLine.size() &&
                        llvm::is_contained({"-load", "-plugin", "-add-plugin"}, C.CommandLine[I + 1]);
      if (A.starts_with("-fplugin=") || A.starts_with("-fpass-plugin=") || XclangLoad)
        return "the compile command loads a compiler plugin ('" +
               (XclangLoad ? "-Xclang " + C.CommandLine[I + 1] : A.str()) +
               "'); allocflags runs no code from the build: remove it from the command";
    }
  }
  return std::nullopt;
}

/// A file with NUL bytes is not C source: clang would print a screenful of
/// errors about it instead of saying so.
std::optional<std::string> checkSource(const std::string &File) {
  llvm::Expected<llvm::sys::fs::file_t> F = llvm::sys::fs::openNativeFileForRead(File);
  if (!F) {
    llvm::consumeError(F.takeError()); // the parse says what is wrong with it
    return std::nullopt;
  }
  std::vector<char> Head(64 * 1024);
  llvm::Expected<size_t> N = llvm::sys::fs::readNativeFile(*F, Head);
  llvm::sys::fs::closeFile(*F);
  if (!N) {
    llvm::consumeError(N.takeError());
    return std::nullopt;
  }
  if (llvm::StringRef(Head.data(), *N).contains('\0'))
    return std::string("not a source file (it contains NUL bytes)");
  return std::nullopt;
}

} // namespace

TUResult allocflags::tool::analyzeFile(const CompilationDatabase &DB, const std::string &File,
                                       const RunConfig &Config, const SummaryStore *Store, bool Collect) {
  AnalysisBudget::Clock::time_point Start = AnalysisBudget::Clock::now();
  TUResult Out;
  Out.MainFile = File;
  std::vector<CompileCommand> Commands = DB.getCompileCommands(File);
  if (std::optional<std::string> Bad = checkCommands(Commands)) {
    Out.Errors.push_back({File, *Bad});
    return Out;
  }
  if (!llvm::sys::fs::exists(File)) {
    Out.Errors.push_back({File, "no such file"});
    return Out;
  }
  if (Commands.empty()) {
    Out.Errors.push_back({File, "no compile command for this file in the compilation database"});
    return Out;
  }
  if (std::optional<std::string> Bad = checkSource(File)) {
    Out.Errors.push_back({File, *Bad});
    return Out;
  }
  // Each tool its own physical filesystem: the real one would change the
  // process-wide working directory per compile command, racing other threads.
  ClangTool Tool(DB, {File}, std::make_shared<PCHContainerOperations>(), llvm::vfs::createPhysicalFileSystem());
  Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
      // no warnings of the analysed code, no "N errors generated" lines
      {"-w", "-fno-caret-diagnostics", "-resource-dir=" + Config.ResourceDir}, ArgumentInsertPosition::END));
  if (!Config.ExtraArgsBefore.empty())
    Tool.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(Config.ExtraArgsBefore, ArgumentInsertPosition::BEGIN));
  if (!Config.ExtraArgsAfter.empty())
    Tool.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(Config.ExtraArgsAfter, ArgumentInsertPosition::END));
  // Kernel commands write dependency files with -Wp,-MMD,<file>, which the
  // default adjusters do not remove: the analysis must write nothing.
  Tool.appendArgumentsAdjuster([](const CommandLineArguments &Args, llvm::StringRef) {
    CommandLineArguments Kept;
    for (const std::string &A : Args)
      if (!llvm::StringRef(A).starts_with("-Wp,-MD") && !llvm::StringRef(A).starts_with("-Wp,-MMD"))
        Kept.push_back(A);
    return Kept;
  });
  ErrorCollector Errors(Out);
  Tool.setDiagnosticConsumer(&Errors);
  Tool.setPrintErrorMessage(false);
  RunInputs In{Config, Store, Collect, std::nullopt};
  if (Config.TUTimeoutSeconds)
    In.Deadline = Start + std::chrono::seconds(Config.TUTimeoutSeconds);
  EngineActionFactory Factory(In, Out);

  llvm::CrashRecoveryContext CRC;
  int Rc = 0;
  bool Survived = CRC.RunSafelyOnThread(
      [&] {
        ensureAltSignalStack();
        Rc = Tool.run(&Factory);
      },
      Config.TUStackBytes);
  if (!Survived) {
    Out.Summaries = SummaryStore();
    Out.Errors.push_back({File, "internal error: the analysis crashed on this file "
                                "(please report it with the file and its compile command)"});
    Out.Findings.clear();
  } else if (In.Deadline && AnalysisBudget::Clock::now() >= *In.Deadline) {
    // What was found before the deadline is partial: none of it is kept.
    Out = TUResult();
    Out.MainFile = File;
    Out.Errors.push_back({File, "timed out: the analysis took longer than --tu-timeout=" +
                                    std::to_string(Config.TUTimeoutSeconds) + " s; nothing from it is used"});
  } else if (Rc != 0 && Out.Errors.empty()) {
    Out.Errors.push_back({File, "could not be parsed"});
  }
  return Out;
}
