//===- Main.cpp - the standalone allocflags analyzer ----------------------===//
//
//   allocflags -p <build-dir> [files...]        files from compile_commands.json
//   allocflags [options] file.c -- <flags>       one-off, like clang-tidy
//
// The same run split for make, ninja or a CI matrix (byte-identical output):
//   allocflags summarise -p <build-dir> --shard I/N -o part-I.json
//   allocflags merge part-*.json -o program.json
//   allocflags report -p <build-dir> program.json [output options]
//
// Runs the allocflags checks over translation units in parallel and prints the
// findings in clang's diagnostic format, JSON, SARIF or HTML (docs/output.md),
// optionally against a baseline or only on the lines a change touched.  Exit codes: 0 nothing found, 1
// findings, 2 an error (bad option, model file or compilation database, a file
// that does not parse); the other files are still analysed.
//
//===----------------------------------------------------------------------===//
#include "Baseline.h"
#include "Cache.h"
#include "ChangedLines.h"
#include "ClangTidyConfig.h"
#include "Output.h"
#include "Parts.h"
#include "Runner.h"
#include "StackGuard.h"
#include "Suppression.h"

#include "allocflags/Summary/CheckAgain.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Core/Replacement.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <atomic>
#include <map>
#include <set>
#include <mutex>
#include <optional>

using namespace llvm;
using namespace clang::tooling;
using namespace allocflags;
using namespace allocflags::tool;

static cl::OptionCategory Category("allocflags options");

static cl::opt<std::string> BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
                                      cl::value_desc("build-path"), cl::cat(Category));
static cl::list<std::string> SourcePaths(cl::Positional, cl::desc("[<file> ...]"), cl::cat(Category));
static cl::opt<std::string> ChecksOpt("checks",
                                      cl::desc("Checks to run, as a clang-tidy glob list (default: allocflags-*)"),
                                      cl::init("allocflags-*"), cl::cat(Category));
static cl::list<std::string> ModelOpt("model", cl::desc("Extra model file (repeatable), after the shipped kernel model"),
                                      cl::value_desc("file.yaml"), cl::cat(Category));
static cl::list<std::string> OptionOpt("option",
                                       cl::desc("Check option Key=Value, the same keys as the clang-tidy module "
                                                "(JoinRule=must|may, ModelFiles=a.yaml;b.yaml)"),
                                       cl::value_desc("Key=Value"), cl::cat(Category));
static cl::opt<unsigned> JobsOpt("j", cl::desc("Translation units analysed in parallel (default: all cores)"),
                                 cl::init(0), cl::cat(Category));
static cl::opt<bool> ListChecksOpt("list-checks", cl::desc("List the enabled checks and exit"), cl::cat(Category));
static cl::list<std::string> ExtraArgBefore("extra-arg-before",
                                            cl::desc("Argument to prepend to the compiler command line"),
                                            cl::cat(Category));
static cl::list<std::string> ExtraArg("extra-arg", cl::desc("Argument to append to the compiler command line"),
                                      cl::cat(Category));
static cl::opt<std::string> SummariesOpt("summaries",
                                         cl::desc("Write the whole-program summary store here (JSON), for "
                                                  "clang-tidy's SummaryStore option"),
                                         cl::value_desc("file.json"), cl::cat(Category));
static cl::opt<bool> StatsOpt("phase-times", cl::desc("Print the wall time of each phase to stderr"), cl::cat(Category));
static cl::opt<bool> FixOpt("fix", cl::desc("Apply the suggested fixes to the source files"), cl::cat(Category));
static cl::opt<std::string> ResourceDirOpt("resource-dir", cl::desc("Clang resource directory (builtin headers)"),
                                           cl::init(ALLOCFLAGS_CLANG_RESOURCE_DIR), cl::cat(Category));

enum class FormatKind { Text, JSON, Sarif, Html };
static cl::opt<FormatKind> FormatOpt("format", cl::desc("Output format"), cl::init(FormatKind::Text),
                                     cl::values(clEnumValN(FormatKind::Text, "text", "clang's diagnostics (default)"),
                                                clEnumValN(FormatKind::JSON, "json", "one object per finding"),
                                                clEnumValN(FormatKind::Sarif, "sarif", "SARIF 2.1.0, for code scanning"),
                                                clEnumValN(FormatKind::Html, "html", "one self-contained page")),
                                     cl::cat(Category));
static cl::opt<std::string> OutputOpt("o", cl::desc("Write the findings to this file instead of stdout"),
                                      cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> SourceRootOpt("source-root",
                                          cl::desc("SARIF paths are relative to this folder (%SRCROOT%); default: "
                                                   "the common folder of the analysed files"),
                                          cl::value_desc("dir"), cl::cat(Category));
static cl::opt<std::string> BaselineOpt("baseline",
                                        cl::desc("Do not report the findings this baseline (or an earlier JSON or "
                                                 "SARIF output) knows"),
                                        cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> WriteBaselineOpt("write-baseline",
                                             cl::desc("Write the fingerprints of this run's findings here"),
                                             cl::value_desc("file"), cl::cat(Category));
static cl::opt<std::string> ChangedSinceOpt("changed-since",
                                            cl::desc("Report only findings on lines changed since this git revision "
                                                     "(the finding or any step of its story)"),
                                            cl::value_desc("rev"), cl::cat(Category));
static cl::opt<std::string> ChangedLinesOpt("changed-lines",
                                            cl::desc("Report only findings on lines this unified diff adds"),
                                            cl::value_desc("file.diff"), cl::cat(Category));
static cl::opt<cl::boolOrDefault> ProgressOpt("progress",
                                              cl::desc("Show TUs done, findings, elapsed time and ETA on stderr "
                                                       "(default: when stderr is a terminal)"),
                                              cl::cat(Category));
static cl::opt<bool> VerboseOpt("verbose", cl::desc("Say which compile-DB options were dropped, where a budget left facts unknown and why a TU is checked again"), cl::cat(Category));
static cl::opt<std::string> ConfigFileOpt("config-file",
                                          cl::desc("Read Checks and CheckOptions from this .clang-tidy file "
                                                   "(default: the nearest .clang-tidy above the first file)"),
                                          cl::value_desc("file"), cl::cat(Category));

static cl::opt<std::string> CacheDirOpt("cache-dir",
                                        cl::desc("Keep results here between runs, to analyse again only what changed "
                                                 "(default: <build-dir>/.allocflags-cache)"),
                                        cl::value_desc("dir"), cl::cat(Category));
static cl::opt<bool> NoCacheOpt("no-cache", cl::desc("Neither read nor write the cache"), cl::cat(Category));

static cl::opt<std::string> ShardOpt("shard",
                                     cl::desc("allocflags summarise: the I-th of N shares of the files (by path, "
                                              "every N-th from the I-th), 0 <= I < N"),
                                     cl::value_desc("I/N"), cl::cat(Category));

static cl::opt<unsigned> SarifMaxResults("sarif-max-results", cl::Hidden, cl::init(25000),
                                         cl::desc("Results per SARIF run (GitHub's limit; lower to test the cut)"));
static cl::opt<unsigned> SarifMaxFlowSteps("sarif-max-flow-steps", cl::Hidden, cl::init(10000),
                                           cl::desc("Locations per SARIF thread flow (GitHub's limit)"));
static cl::opt<unsigned> TUTimeoutOpt("tu-timeout",
                                      cl::desc("Seconds one translation unit may take (0: no limit); one that "
                                               "takes longer is an error, the others go on"),
                                      cl::value_desc("seconds"), cl::init(0), cl::cat(Category));
static cl::opt<std::string> DebugCrashOnOpt("debug-crash-on", cl::Hidden,
                                            cl::desc("Testing: crash the analysis of files ending with this"),
                                            cl::cat(Category));
static cl::opt<std::string> DebugHangOnOpt("debug-hang-on", cl::Hidden,
                                           cl::desc("Testing: analyse files ending with this until --tu-timeout"),
                                           cl::cat(Category));

static cl::opt<bool> DebugCheckAllAgainOpt("debug-check-all-again", cl::Hidden,
                                           cl::desc("Testing: analyse every TU again with whole-program facts, "
                                                    "whether or not they can change its findings"),
                                           cl::cat(Category));

static cl::opt<unsigned> DebugTUStackOpt("debug-tu-stack-kb", cl::Hidden,
                                         cl::desc("Testing: stack of each TU's analysis, in KiB"),
                                         cl::init(256 * 1024), cl::cat(Category));

static void anchor() {}

/// Applies every finding's fixes, each file rewritten through a temporary file
/// and a rename so that an interrupted run loses nothing.  A fix that
/// overlaps one already taken (two findings at one call) or no longer fits
/// the file (it changed since the analysis) is left for the next run.
static Error applyFixes(const std::vector<ResolvedFinding> &Findings) {
  std::map<std::string, Replacements> ByFile;
  std::map<std::string, std::unique_ptr<MemoryBuffer>> Texts;
  for (const ResolvedFinding &F : Findings)
    for (const ResolvedFix &X : F.Fixes) {
      auto [It, New] = Texts.try_emplace(X.File);
      if (New) {
        auto Buf = MemoryBuffer::getFile(X.File);
        if (!Buf)
          return createStringError(Buf.getError(), "%s: cannot read to fix: %s", X.File.c_str(),
                                   Buf.getError().message().c_str());
        It->second = std::move(*Buf);
      }
      if (X.Offset + X.Length > It->second->getBufferSize())
        continue;
      if (Error E = ByFile[X.File].add(Replacement(X.File, X.Offset, X.Length, X.Text)))
        consumeError(std::move(E));
    }
  for (auto &[File, Reps] : ByFile) {
    Expected<std::string> Fixed = applyAllReplacements(Texts[File]->getBuffer(), Reps);
    if (!Fixed)
      return Fixed.takeError();
    std::string &Text = *Fixed;
    SmallString<256> Tmp(File);
    Tmp += ".allocflags-fix%%%%%%";
    int FD;
    if (std::error_code EC = sys::fs::createUniqueFile(Tmp, FD, Tmp))
      return createStringError(EC, "%s: cannot write the fixed file: %s", File.c_str(), EC.message().c_str());
    {
      raw_fd_ostream OS(FD, /*shouldClose=*/true);
      OS << Text;
    }
    if (std::error_code EC = sys::fs::rename(Tmp, File)) {
      sys::fs::remove(Tmp);
      return createStringError(EC, "%s: cannot replace the file: %s", File.c_str(), EC.message().c_str());
    }
  }
  return Error::success();
}

static int fail(const Twine &Msg) {
  errs() << "error: " << Msg << "\n";
  return 2;
}

int main(int argc, const char **argv) {
  InitLLVM X(argc, argv);
  CrashRecoveryContext::Enable();
  handleCrashesOnAltStack();

  // Everything after "--" is a compile command for the files (no database).
  std::string FixedError;
  std::unique_ptr<CompilationDatabase> DB =
      FixedCompilationDatabase::loadFromCommandLine(argc, argv, FixedError);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "allocflags " << ALLOCFLAGS_VERSION << "\n";
    // Where the model comes from says which install is running (a moved
    // prefix finds its model next to the binary).
    auto Dir = Model::shippedModelDir(reinterpret_cast<const void *>(&anchor));
    auto M = Model::loadShipped({}, reinterpret_cast<const void *>(&anchor));
    if (Dir && M) {
      SmallString<256> Kernel(*Dir);
      sys::path::append(Kernel, "kernel.yaml");
      OS << "  model: " << Kernel << ", fingerprint " << modelFingerprint(*M) << "\n";
    } else {
      OS << "  model: not found (" << (M ? toString(Dir.takeError()) : toString(M.takeError())) << ")\n";
      if (!Dir)
        consumeError(Dir.takeError());
    }
    OS << "  LLVM/Clang " << LLVM_VERSION_STRING << "\n";
  });
  cl::HideUnrelatedOptions(Category);
  // LLVM's -stats, listed in --help as ours: counts of how the run went.
  if (cl::Option *Stats = cl::getRegisteredOptions().lookup("stats")) {
    Stats->setHiddenFlag(cl::NotHidden);
    Stats->addCategory(Category);
    Stats->setDescription("Print to stderr how calls through function pointers were resolved");
  }
  // Taken out before LLVM sees it: LLVM would also print its own (disabled)
  // statistics at exit.
  std::vector<const char *> Args(argv, argv + argc);
  // A subcommand first: one phase of a split run.
  enum class Mode { Run, Summarise, Merge, Report } RunMode = Mode::Run;
  if (Args.size() > 1) {
    StringRef First = Args[1];
    RunMode = First == "summarise" || First == "summarize" ? Mode::Summarise
              : First == "merge"                           ? Mode::Merge
              : First == "report"                          ? Mode::Report
                                                           : Mode::Run;
    if (RunMode != Mode::Run)
      Args.erase(Args.begin() + 1);
  }
  bool PrintStats = false;
  llvm::erase_if(Args, [&](const char *A) {
    bool Is = StringRef(A) == "--stats" || StringRef(A) == "-stats";
    PrintStats |= Is;
    return Is;
  });
  if (!cl::ParseCommandLineOptions(static_cast<int>(Args.size()), Args.data(),
                                   "allocflags: allocation-flag discipline checks\n", &errs()))
    return 2;

  if (RunMode == Mode::Merge)
    return mergeParts(SourcePaths, OutputOpt);
  if ((RunMode == Mode::Summarise || RunMode == Mode::Report) && BuildPath.empty())
    return fail(Twine(RunMode == Mode::Summarise ? "summarise" : "report") + ": give -p <build-dir>");
  if (RunMode == Mode::Summarise && OutputOpt.empty())
    return fail("summarise: give -o part.json");
  if (RunMode == Mode::Report && SourcePaths.size() != 1)
    return fail("report: give one program file (from allocflags merge)");
  std::optional<std::pair<unsigned, unsigned>> Shard;
  if (!ShardOpt.empty()) {
    auto [I, N] = StringRef(ShardOpt).split('/');
    unsigned A = 0, B = 0;
    if (RunMode != Mode::Summarise || I.getAsInteger(10, A) || N.getAsInteger(10, B) || B == 0 || A >= B)
      return fail("--shard '" + ShardOpt + "': expected I/N with 0 <= I < N, for allocflags summarise");
    Shard = {A, B};
  }

  // .clang-tidy: the same configuration as the clang-tidy module.
  SmallString<256> ConfigStart;
  if (!SourcePaths.empty() && RunMode == Mode::Run)
    ConfigStart = sys::path::parent_path(SourcePaths.front());
  else if (!BuildPath.empty())
    ConfigStart = BuildPath;
  if (ConfigStart.empty())
    ConfigStart = ".";
  auto Tidy = readTidyConfig(ConfigFileOpt, ConfigStart);
  if (!Tidy)
    return fail(toString(Tidy.takeError()));
  std::string CheckGlobs = ChecksOpt;
  if (!ChecksOpt.getNumOccurrences()) {
    // A .clang-tidy that does not mention us configures other checks; it
    // does not turn ours off.
    std::string FromFile = join(Tidy->Checks, ",");
    if (StringRef(FromFile).contains("allocflags"))
      CheckGlobs = FromFile;
  }
  std::vector<CheckKind> Checks;
  std::vector<StringRef> CheckNames;
#define ALLOCFLAGS_CHECK(Name, Class, Kind)                                                        \
  if (checkEnabled(CheckGlobs, Name)) {                                                            \
    Checks.push_back(CheckKind::Kind);                                                             \
    CheckNames.push_back(Name);                                                                    \
  }
#include "allocflags/Checks.def"
  if (ListChecksOpt) {
    outs() << "Enabled checks:\n";
    for (StringRef N : CheckNames)
      outs() << "    " << N << "\n";
    return 0;
  }
  if (Checks.empty())
    return fail("no check enabled by " +
                (ChecksOpt.getNumOccurrences() || Tidy->Files.empty() ? "--checks" : Tidy->Files.front() + ": Checks") +
                "='" + CheckGlobs + "' (see --list-checks)");

  // Options and model: one namespace of keys for both front ends.
  RunConfig Config;
  std::vector<std::string> ModelFiles(ModelOpt.begin(), ModelOpt.end());
  struct OptionSetting {
    std::string Key, Value, From;
  };
  std::vector<OptionSetting> Options;
  for (const std::string &O : OptionOpt) {
    auto [Key, Value] = StringRef(O).split('=');
    if (Key.empty() || !StringRef(O).contains('='))
      return fail("--option '" + O + "' is not Key=Value");
    Options.push_back({Key.str(), Value.str(), ""});
  }
  // The command line wins over .clang-tidy, a nearer file over a farther one.
  // SummaryStore tells clang-tidy where the tool's facts are: not for us.
  for (auto &[Key, Value] : llvm::reverse(Tidy->Options))
    if (Key != "SummaryStore" &&
        llvm::none_of(Options, [&, &Key = Key](const OptionSetting &O) { return O.Key == Key; }))
      Options.insert(Options.begin(), {Key, Value, Tidy->Files.front()});
  for (const OptionSetting &O : Options) {
    StringRef Key = O.Key, Value = O.Value;
    if (Key == "ModelFiles") {
      SmallVector<StringRef, 4> Parts;
      SplitString(Value, Parts, ";");
      for (StringRef P : Parts)
        ModelFiles.push_back(P.trim().str());
      continue;
    }
    if (Error E = applyOption(Config.Options, Key, Value))
      return fail((O.From.empty() ? "" : O.From + ": CheckOptions: ") + toString(std::move(E)));
  }
  auto M = Model::loadShipped(ModelFiles, reinterpret_cast<const void *>(&anchor));
  if (!M)
    return fail(toString(M.takeError()));
  Config.M = &*M;
  Config.Checks = Checks;
  Config.ExtraArgsBefore.assign(ExtraArgBefore.begin(), ExtraArgBefore.end());
  Config.ExtraArgsAfter.assign(ExtraArg.begin(), ExtraArg.end());
  Config.ResourceDir = ResourceDirOpt;
  Config.TUTimeoutSeconds = TUTimeoutOpt;
  Config.DebugCrashOn = DebugCrashOnOpt;
  Config.DebugHangOn = DebugHangOnOpt;
  Config.TUStackBytes = DebugTUStackOpt * 1024u;

  // The compilation database.
  if (!DB) {
    std::string Err;
    if (!BuildPath.empty()) {
      SmallString<256> Dir(BuildPath);
      if (sys::path::filename(Dir) == "compile_commands.json")
        Dir = sys::path::parent_path(Dir);
      DB = CompilationDatabase::loadFromDirectory(Dir, Err);
      if (!DB)
        return fail(BuildPath + ": cannot load the compilation database: " + Err);
    } else if (!SourcePaths.empty()) {
      DB = CompilationDatabase::autoDetectFromSource(SourcePaths.front(), Err);
      if (!DB)
        return fail("no compilation database: give -p <build-dir>, or compile flags after '--' (" + Err + ")");
    } else {
      return fail("nothing to analyse: give -p <build-dir> and/or files (see --help)");
    }
  }
  // What the results depend on besides each TU's command and files: the
  // cache's key, and what a split run's parts must agree on.
  std::string RunKey;
  {
    raw_string_ostream OS(RunKey);
    OS << executableDigest(argv[0], reinterpret_cast<void *>(&anchor)) << '\0' << modelFingerprint(*M) << '\0';
    for (CheckKind C : Checks)
      OS << static_cast<int>(C) << ',';
    for (const OptionSetting &O : Options)
      OS << '\0' << O.Key << '=' << O.Value;
    RunKey = contentDigest(RunKey);
  }

  std::vector<TUResult> Results;
  std::vector<std::string> Files;
  if (RunMode == Mode::Report) {
    Expected<std::vector<TUResult>> Program = readProgram(SourcePaths.front(), RunKey);
    if (!Program)
      return fail(toString(Program.takeError()));
    Results = std::move(*Program);
    for (const TUResult &R : Results)
      Files.push_back(R.MainFile);
  } else if (SourcePaths.empty()) {
    // The database's own order, not getAllFiles()'s hash order: output must
    // not depend on where the tree is checked out.
    llvm::StringSet<> Seen;
    for (const CompileCommand &C : DB->getAllCompileCommands()) {
      SmallString<256> Abs(C.Filename);
      if (!sys::path::is_absolute(Abs)) {
        Abs = C.Directory;
        sys::path::append(Abs, C.Filename);
      }
      sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
      if (Seen.insert(Abs).second)
        Files.push_back(std::string(Abs));
    }
    if (Files.empty())
      return fail("the compilation database lists no files");
  } else {
    for (const std::string &P : SourcePaths) {
      SmallString<256> Abs(P);
      sys::fs::make_absolute(Abs);
      sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
      Files.push_back(std::string(Abs));
    }
  }

  // By path, not in the database's order: the output, the store and which
  // of two alike facts is kept do not depend on how the database was written.
  llvm::sort(Files);
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  if (Shard) {
    // Every N-th by path: shares of alike size and cost whatever the layout.
    std::vector<std::string> Mine;
    for (size_t I = Shard->first; I < Files.size(); I += Shard->second)
      Mine.push_back(Files[I]);
    if (Mine.empty())
      return fail("--shard " + ShardOpt + ": there are only " + Twine(Files.size()) + " files");
    Files = std::move(Mine);
  }

  // SARIF paths and diffs are relative to this: given, or the deepest folder
  // holding every analysed file.
  std::string SourceRoot;
  if (!SourceRootOpt.empty()) {
    SmallString<256> Abs(SourceRootOpt);
    sys::fs::make_absolute(Abs);
    sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
    if (!sys::fs::is_directory(Abs))
      return fail("--source-root: '" + SourceRootOpt + "' is not a folder");
    SourceRoot = std::string(Abs.str().rtrim('/'));
  } else {
    SourceRoot = sys::path::parent_path(Files.front()).str();
    for (const std::string &F : Files)
      while (!SourceRoot.empty() && !(StringRef(F).starts_with(SourceRoot) && F.size() > SourceRoot.size() &&
                                      F[SourceRoot.size()] == '/'))
        SourceRoot = sys::path::parent_path(SourceRoot).str();
  }

  // The cache: a result is as good as the binary, model, options and checks
  // that made it, and the TU's command and files (Cache.h).
  std::optional<ResultCache> Cache;
  std::string CacheDir = CacheDirOpt;
  if (CacheDir.empty() && !BuildPath.empty()) {
    SmallString<256> Dir(BuildPath);
    if (sys::path::filename(Dir) == "compile_commands.json")
      Dir = sys::path::parent_path(Dir);
    sys::path::append(Dir, ".allocflags-cache");
    CacheDir = std::string(Dir);
  }
  if (!NoCacheOpt && !CacheDir.empty()) {
    Cache.emplace(CacheDir, RunKey);
    Config.RecordInputs = true;
  }

  // Phase 1: every TU on its own, recording what it knows for the others.
  Results.resize(Files.size());
  unsigned Jobs = JobsOpt ? unsigned(JobsOpt) : 0;
  bool Progress = ProgressOpt == cl::BOU_TRUE || (ProgressOpt == cl::BOU_UNSET && sys::Process::StandardErrIsDisplayed());
  using Clock = std::chrono::steady_clock;
  auto Seconds = [](Clock::time_point From) { return std::chrono::duration<double>(Clock::now() - From).count(); };
  Clock::time_point Start = Clock::now();
  std::mutex ProgressLock;
  auto RunAll = [&](llvm::ArrayRef<size_t> Which, const SummaryStore *Store, bool Collect) {
    DefaultThreadPool Pool(hardware_concurrency(Jobs));
    std::atomic<size_t> Done = 0, Found = 0;
    Clock::time_point PhaseStart = Clock::now();
    for (size_t I : Which)
      Pool.async([&, I] {
        std::string Command = Cache ? commandLineOf(*DB, Files[I], Config) : "";
        std::optional<TUResult> Kept;
        if (Cache)
          Kept = Collect ? Cache->summary(Files[I], Command) : Cache->check(Files[I], Command, *Store);
        if (Kept) {
          Results[I] = std::move(*Kept);
        } else {
          Results[I] = analyzeFile(*DB, Files[I], Config, Store, Collect);
          if (Cache && Collect)
            Cache->storeSummary(Results[I], Command);
          else if (Cache)
            Cache->storeCheck(Results[I], Command, *Store);
        }
        if (!Progress)
          return;
        // Counted under the lock: lines come out in order, the last one says N/N.
        std::lock_guard<std::mutex> G(ProgressLock);
        size_t N = ++Done, F = Found += Results[I].Findings.size();
        double Phase = Seconds(PhaseStart);
        errs() << format("\rallocflags: %s %zu/%zu TUs, %zu findings, %.0f s elapsed, ETA %.0f s  ",
                         Collect ? "summarising" : "checking again", N, Which.size(), F, Seconds(Start),
                         Phase / N * (Which.size() - N));
        if (N == Which.size())
          errs() << "\n";
      });
    Pool.wait();
  };
  std::vector<size_t> All(Files.size());
  for (size_t I = 0; I < Files.size(); ++I)
    All[I] = I;
  Clock::time_point T0 = Clock::now();
  if (RunMode != Mode::Report)
    RunAll(All, nullptr, /*Collect=*/true);
  double Phase1 = Seconds(T0);
  T0 = Clock::now();
  if (RunMode == Mode::Summarise) {
    if (Error E = writePart(OutputOpt, RunKey, Results))
      return fail(toString(std::move(E)));
    return 0;
  }

  // The whole program: merge, resolve sleeping chains and entry contexts.
  SummaryStore Global;
  Global.ModelHash = modelFingerprint(*M);
  std::vector<TUFootprint> Footprints(Files.size());
  for (size_t I = 0; I < Files.size(); ++I) {
    TUResult &R = Results[I];
    Footprints[I] = TUFootprint::of(R.Summaries, R.MainFile);
    if (!R.Fingerprint.empty())
      Global.Sources[R.MainFile] = R.Fingerprint;
    Global.merge(std::move(R.Summaries));
  }
  Global.resolve(Config.Options.MaxCallDepth, Config.Options.MaxIndirectTargets);

  // Phase 2: the TUs whose findings facts from elsewhere can change.
  std::vector<size_t> Again;
  unsigned Why[NumCheckAgainReasons] = {};
  for (size_t I = 0; I < Files.size(); ++I) {
    CheckAgainReason R = needsCheckAgain(Footprints[I], Global, Config.Options.MaxIndirectTargets);
    ++Why[static_cast<unsigned>(R)];
    if (R != CheckAgainReason::None || DebugCheckAllAgainOpt)
      Again.push_back(I);
    if (VerboseOpt && R != CheckAgainReason::None)
      errs() << "allocflags: checking " << Files[I] << " again: " << checkAgainReasonName(R) << "\n";
  }
  double Resolve = Seconds(T0);
  T0 = Clock::now();
  RunAll(Again, &Global, /*Collect=*/false);
  double Phase2 = Seconds(T0);
  if (PrintStats) {
    const IndirectStats &X = Global.Indirect;
    errs() << format("allocflags: calls through function pointers: %u seen, %u resolved (%u by type only), "
                     "%.2f targets on average, %u at most; %u unresolved: %u without a key, %u with no function "
                     "stored, %u over MaxIndirectTargets=%u\n",
                     X.Sites, X.Resolved, X.ByType, X.Resolved ? double(X.Targets) / X.Resolved : 0.0,
                     X.MaxTargets, X.NoKey + X.NoTargets + X.OverLimit, X.NoKey, X.NoTargets, X.OverLimit,
                     Config.Options.MaxIndirectTargets);
  }
  if (PrintStats) {
    errs() << "allocflags: checked again: " << Again.size() << " TUs, for";
    for (unsigned K = 1; K < NumCheckAgainReasons; ++K)
      errs() << (K == 1 ? " " : ", ") << checkAgainReasonName(static_cast<CheckAgainReason>(K)) << " " << Why[K];
    errs() << "\n";
    unsigned Hits1 = Cache ? unsigned(Cache->SummaryHits) : 0, Hits2 = Cache ? unsigned(Cache->CheckHits) : 0;
    errs() << format("allocflags: parsed %zu TUs (%u of %zu summaries and %u of %zu checks from the cache)\n",
                     Files.size() - Hits1 + Again.size() - Hits2, Hits1, Files.size(), Hits2, Again.size());
  }
  if (Cache)
    if (std::string Problem = Cache->writeProblem(); !Problem.empty())
      errs() << "warning: " << Problem << "\n";
  if (StatsOpt)
    errs() << format("allocflags: phase 1 (summarise %zu TUs) %.2f s, whole program %.2f s, phase 2 (check %zu TUs "
                     "again) %.2f s\n",
                     Files.size(), Phase1, Resolve, Again.size(), Phase2);
  if (!SummariesOpt.empty()) {
    if (Error E = Global.writeJSON(SummariesOpt)) {
      TUResult R;
      R.Errors.push_back({"", toString(std::move(E))});
      Results.push_back(std::move(R));
    }
  }

  // One list in the tool's order (TU by TU, by position within a TU), each
  // finding once: a header function reached through several TUs is one
  // finding, in every format.
  RunReport Report;
  Report.Files = Files.size();
  Report.SourceRoot = SourceRoot;
  Report.MaxResults = SarifMaxResults;
  Report.MaxFlowSteps = SarifMaxFlowSteps;
  std::set<std::tuple<std::string, unsigned, unsigned, std::string, std::string>> Seen;
  for (TUResult &R : Results) {
    // clang-tidy's order: by position, then by text (deterministic output)
    llvm::sort(R.Findings, [](const ResolvedFinding &A, const ResolvedFinding &B) {
      return std::tie(A.Where.File, A.Where.Line, A.Where.Column, A.Check, A.Message) <
             std::tie(B.Where.File, B.Where.Line, B.Where.Column, B.Check, B.Message);
    });
    for (ResolvedFinding &F : R.Findings)
      if (Seen.insert({F.Where.AbsFile, F.Where.Line, F.Where.Column, F.Check, F.Message}).second)
        Report.Findings.push_back(std::move(F));
    for (const ToolError &W : R.Warnings)
      errs() << (W.Where.empty() ? R.MainFile : W.Where) << ": warning: " << W.Message << "\n";
    if (VerboseOpt)
      for (const std::string &Remark : R.Remarks)
        errs() << R.MainFile << ": " << Remark << "\n";
    if (VerboseOpt)
      for (const std::string &N : R.Notes)
        errs() << R.MainFile << ": note: " << N << "\n";
    for (const ToolError &E : R.Errors) {
      errs() << (E.Where.empty() ? "" : E.Where + ": ") << "error: " << E.Message << "\n";
      Report.Errors.push_back(E);
    }
  }
  assignFingerprints(Report.Findings);
  auto Problem = [&](Error E) {
    std::string Msg = toString(std::move(E));
    errs() << "error: " << Msg << "\n";
    Report.Errors.push_back({"", Msg});
  };
  // Read before writing: `--baseline F --write-baseline F` gates on the old
  // baseline and then records today's findings.
  std::optional<Baseline> Known;
  if (!BaselineOpt.empty()) {
    if (auto B = Baseline::read(BaselineOpt))
      Known = std::move(*B);
    else
      Problem(B.takeError());
  }
  if (!WriteBaselineOpt.empty())
    if (Error E = Baseline::write(WriteBaselineOpt, Report.Findings))
      Problem(std::move(E));
  if (Known)
    Report.Suppressed = Known->suppress(Report.Findings);
  if (!ChangedSinceOpt.empty() || !ChangedLinesOpt.empty()) {
    Expected<ChangedLines> Changed = ChangedLines();
    if (!ChangedSinceOpt.empty()) {
      Changed = ChangedLines::fromGit(ChangedSinceOpt, Report.SourceRoot);
    } else if (auto Buf = MemoryBuffer::getFile(ChangedLinesOpt)) {
      Changed = ChangedLines::fromDiff((*Buf)->getBuffer(), Report.SourceRoot);
      if (!Changed)
        Changed = createStringError(inconvertibleErrorCode(), "%s: %s", ChangedLinesOpt.c_str(),
                                    toString(Changed.takeError()).c_str());
    } else {
      Changed = createStringError(Buf.getError(), "%s: cannot read: %s", ChangedLinesOpt.c_str(),
                                  Buf.getError().message().c_str());
    }
    if (Changed) {
      size_t Before = Report.Findings.size();
      llvm::erase_if(Report.Findings, [&](const ResolvedFinding &F) { return !Changed->touches(F); });
      Report.Unchanged = Before - Report.Findings.size();
    } else {
      Problem(Changed.takeError());
    }
  }

  auto Print = [&](raw_ostream &OS, bool Colors) {
    switch (FormatOpt) {
    case FormatKind::Text:
      printText(OS, Report.Findings, Colors);
      break;
    case FormatKind::JSON:
      printJSON(OS, Report);
      break;
    case FormatKind::Sarif:
      printSarif(OS, Report);
      break;
    case FormatKind::Html:
      printHtml(OS, Report);
      break;
    }
  };
  if (OutputOpt.empty()) {
    Print(outs(), outs().has_colors());
    outs().flush();
  } else if (Error E = writeFileAtomically(OutputOpt, [&](raw_ostream &OS) {
               Print(OS, false);
               return Error::success();
             })) {
    Problem(std::move(E));
  }
  if (FixOpt)
    if (Error E = applyFixes(Report.Findings))
      Problem(std::move(E));
  size_t NumFindings = Report.Findings.size(), NumErrors = Report.Errors.size();
  errs() << "allocflags: " << NumFindings << (NumFindings == 1 ? " finding" : " findings") << " in "
         << Files.size() << (Files.size() == 1 ? " file" : " files");
  if (!Again.empty())
    errs() << " (" << Again.size() << " analysed again with whole-program facts)";
  if (Report.Suppressed)
    errs() << ", " << Report.Suppressed << " suppressed by the baseline";
  if (Report.Unchanged)
    errs() << ", " << Report.Unchanged << " outside the changed lines";
  if (NumErrors)
    errs() << ", " << NumErrors << (NumErrors == 1 ? " error" : " errors");
  errs() << "\n";
  if (NumErrors)
    return 2;
  return NumFindings ? 1 : 0;
}
