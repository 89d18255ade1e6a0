//===- Runner.cpp ---------------------------------------------------------===//
#include "Runner.h"
#include "StackGuard.h"
#include "Suppression.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/STLExtras.h"
#include <functional>
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <chrono>
#include <optional>
#include <thread>
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
  llvm::SmallString<256> Abs(P.File);
  // The tool's VFS works in the compile command's directory.
  SM.getFileManager().makeAbsolutePath(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  P.AbsFile = std::string(Abs);
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

/// The place a note names in its text when it is in another TU (see
/// ResolvedNote::Origin): a trailing "(file:line:col)".
Position noteOrigin(const Position &Shown, llvm::StringRef Message) {
  Message = Message.rtrim();
  if (!Message.consume_back(")"))
    return Shown;
  size_t Open = Message.rfind('(');
  if (Open == llvm::StringRef::npos)
    return Shown;
  llvm::StringRef Ref = Message.substr(Open + 1);
  auto [Rest, Col] = Ref.rsplit(':');
  auto [File, Line] = Rest.rsplit(':');
  Position P;
  if (File.empty() || Line.getAsInteger(10, P.Line) || Col.getAsInteger(10, P.Column))
    return Shown;
  P.File = File.str();
  llvm::SmallString<256> Abs(File);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  P.AbsFile = std::string(Abs);
  return P;
}

/// The function whose body holds \p L, for fingerprints that survive line
/// moves ("" at file scope).
std::string enclosingFunction(const ASTContext &Ctx, SourceLocation L) {
  const SourceManager &SM = Ctx.getSourceManager();
  L = SM.getExpansionLoc(L);
  std::string Found;
  std::function<void(const DeclContext *)> Visit = [&](const DeclContext *DC) {
    for (const Decl *D : DC->decls()) {
      if (const auto *FD = llvm::dyn_cast<FunctionDecl>(D)) {
        if (!FD->doesThisDeclarationHaveABody())
          continue;
        SourceRange R(SM.getExpansionLoc(FD->getBeginLoc()), SM.getExpansionLoc(FD->getEndLoc()));
        if (R.isValid() && !SM.isBeforeInTranslationUnit(L, R.getBegin()) &&
            !SM.isBeforeInTranslationUnit(R.getEnd(), L)) {
          Found = FD->getQualifiedNameAsString();
          return;
        }
      } else if (llvm::isa<NamespaceDecl, LinkageSpecDecl, CXXRecordDecl>(D)) {
        Visit(llvm::cast<DeclContext>(D));
      }
    }
  };
  Visit(Ctx.getTranslationUnitDecl());
  return Found;
}

/// Collects findings, dropping those a NOLINT comment suppresses.
class CollectingReporter : public Reporter {
public:
  CollectingReporter(const ASTContext &Ctx, TUResult &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Out(Out) {}
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
    R.Function = enclosingFunction(Ctx, F.Loc);
    R.Message = F.Message;
    R.LowReason = F.LowReason;
    for (const FindingNote &N : F.Notes) {
      Position Where = resolve(SM, N.Loc);
      Position Origin = N.Loc == F.Loc || SM.getFileLoc(N.Loc) == SM.getFileLoc(F.Loc) ? noteOrigin(Where, N.Message)
                                                                                       : Where;
      R.Notes.push_back({std::move(Where), N.Message, std::move(Origin)});
    }
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
  const ASTContext &Ctx;
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
    CollectingReporter R(Ctx, Out);
    {
      // On this thread, where the analysis asks the store its questions.
      std::optional<StoreReads> Reads;
      if (In.Config.RecordInputs && In.Store)
        Reads.emplace(*In.Store);
      if (!TU.budget().expired())
        runChecks(TU, In.Config.Checks, R, In.Collect ? &Out.Summaries : nullptr);
      if (Reads)
        Out.Questions = Reads->questions();
    }
    Out.Notes.assign(TU.budget().reasons().begin(), TU.budget().reasons().end());
    if (In.Config.RecordInputs)
      recordInputs(SM);
  }

private:
  const RunInputs &In;
  Preprocessor &PP;
  TUResult &Out;
  MacroIndex Macros;

  /// Every file the preprocessor entered, with a digest of the contents it
  /// parsed (not of the file now: it may have changed since).
  void recordInputs(const SourceManager &SM) {
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      std::optional<llvm::StringRef> Data = It->second->getBufferDataIfLoaded();
      if (!Data)
        continue;
      llvm::SmallString<256> Path(It->first.getName());
      SM.getFileManager().makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      Out.Inputs.push_back({std::string(Path), contentDigest(*Data)});
    }
    llvm::sort(Out.Inputs);
    Out.Inputs.erase(std::unique(Out.Inputs.begin(), Out.Inputs.end()), Out.Inputs.end());
  }
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
/// clang tooling would abort on a missing directory.  (Compiler plugins are
/// stripped with a warning by sanitizeCommand: never run, and a kernel built
/// with gcc plugins is still analysed.)
std::optional<std::string> checkCommands(llvm::ArrayRef<CompileCommand> Commands) {
  for (const CompileCommand &C : Commands) {
    if (!C.Directory.empty() && !llvm::sys::fs::is_directory(C.Directory))
      return "the compile command's directory '" + C.Directory + "' does not exist";
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

CommandLineArguments allocflags::tool::sanitizeCommand(const CommandLineArguments &Args,
                                                        std::vector<ToolError> &Warnings,
                                                        std::vector<std::string> &Remarks) {
  // Options that load code into the compiler: a DB from a pull request or a
  // downloaded build must not run anything by being analysed.
  auto LoadsCode = [](llvm::StringRef A) {
    return A.starts_with("-fplugin=") || A.starts_with("-fplugin-arg-") || A.starts_with("-fpass-plugin=") ||
           A == "-load" || A == "-plugin" || A == "-add-plugin" || A.starts_with("-plugin-arg-") ||
           A.starts_with("-fdepfile-entry=");
  };
  // gcc options clang rejects, all seen in kernel builds made with CC=gcc
  // (arch/x86/Makefile, the top Makefile's cc-option lists).  They change
  // code generation only, never what the analysis sees.
  static constexpr llvm::StringLiteral GccFlags[] = {
      "-fconserve-stack",  "-mrecord-mcount",       "-fno-allow-store-data-races",   "-fallow-store-data-races",
      "-mindirect-branch-register", "-fno-var-tracking-assignments", "-fno-ipa-sra", "-fno-code-hoisting",
      "-fsched-pressure",  "-fno-partial-inlining", "-ftrack-macro-expansion=0",     "-fno-tree-loop-im"};
  static constexpr llvm::StringLiteral GccPrefixes[] = {
      "--param=", "-fmin-function-alignment=", "-mindirect-branch=", "-mpreferred-stack-boundary=",
      "-fpatchable-function-entry-section=", "-fzero-init-padding-bits=", "-Wp,-MD", "-Wp,-MMD"};
  auto GccOnly = [](llvm::StringRef A) {
    return llvm::is_contained(GccFlags, A) ||
           llvm::any_of(GccPrefixes, [&](llvm::StringRef P) { return A.starts_with(P); });
  };
  CommandLineArguments Kept;
  for (size_t I = 0; I < Args.size(); ++I) {
    llvm::StringRef A = Args[I];
    if (I == 0) { // the compiler
      Kept.push_back(Args[I]);
      continue;
    }
    // "-Xclang -load -Xclang lib.so": the option and its argument.
    if (A == "-Xclang" && I + 1 < Args.size() && LoadsCode(Args[I + 1])) {
      std::string What = Args[I + 1];
      I += 1;
      bool TakesArg = What == "-load" || What == "-plugin" || What == "-add-plugin" ||
                      llvm::StringRef(What).starts_with("-plugin-arg-");
      if (TakesArg && I + 2 < Args.size() && Args[I + 1] == "-Xclang") {
        What += " -Xclang " + Args[I + 2];
        I += 2;
      }
      Warnings.push_back({"", "ignoring '-Xclang " + What + "' from the compilation database: it would load code"});
      continue;
    }
    if (LoadsCode(A)) {
      std::string What = Args[I];
      if ((A == "-load" || A == "-plugin" || A == "-add-plugin") && I + 1 < Args.size())
        What += " " + Args[++I];
      Warnings.push_back({"", "ignoring '" + What + "' from the compilation database: it would load code"});
      continue;
    }
    if (A == "--param" && I + 1 < Args.size()) { // "--param name=value"
      Remarks.push_back("dropped gcc-only option '--param " + Args[I + 1] + "'");
      ++I;
      continue;
    }
    if (GccOnly(A)) {
      // Dependency-file options are not gcc-only but would write files.
      if (!A.starts_with("-Wp,"))
        Remarks.push_back("dropped gcc-only option '" + A.str() + "'");
      continue;
    }
    Kept.push_back(Args[I]);
  }
  return Kept;
}

std::string allocflags::tool::commandLineOf(const CompilationDatabase &DB, const std::string &File,
                                           const RunConfig &Config) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  std::vector<ToolError> Warnings;
  std::vector<std::string> Remarks;
  for (const CompileCommand &C : DB.getCompileCommands(File)) {
    OS << C.Directory << '\0' << C.Filename << '\0';
    for (const std::string &A : sanitizeCommand(C.CommandLine, Warnings, Remarks))
      OS << A << '\0';
    OS << '\n';
  }
  for (const std::string &A : Config.ExtraArgsBefore)
    OS << A << '\0';
  OS << '\n';
  for (const std::string &A : Config.ExtraArgsAfter)
    OS << A << '\0';
  OS << '\n' << Config.ResourceDir;
  return Out;
}

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
  // A compile DB is untrusted input and often written for gcc: see
  // sanitizeCommand.  Only the DB's own arguments are sanitised; the user's
  // --extra-arg are theirs.
  Tool.appendArgumentsAdjuster([&Out](const CommandLineArguments &Args, llvm::StringRef) {
    return sanitizeCommand(Args, Out.Warnings, Out.Remarks);
  });
  Tool.appendArgumentsAdjuster(getInsertArgumentAdjuster(
      // no warnings of the analysed code, no "N errors generated" lines
      {"-w", "-fno-caret-diagnostics", "-resource-dir=" + Config.ResourceDir}, ArgumentInsertPosition::END));
  if (!Config.ExtraArgsBefore.empty())
    Tool.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(Config.ExtraArgsBefore, ArgumentInsertPosition::BEGIN));
  if (!Config.ExtraArgsAfter.empty())
    Tool.appendArgumentsAdjuster(
        getInsertArgumentAdjuster(Config.ExtraArgsAfter, ArgumentInsertPosition::END));
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
