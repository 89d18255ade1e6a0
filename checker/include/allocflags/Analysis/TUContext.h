//===- TUContext.h - what every analysis of one TU shares -------*- C++ -*-===//
//
// One object per translation unit: the AST, the preprocessor (for macro
// definitions), the recorded model-macro expansions, the model, the options,
// the gfp evaluator, interned lock keys, the summary store read from disk (if
// any) and the summaries computed in this TU.
//
// Facts about a called function come, in this order, from: the model (the
// caller checks Operation::Facts first), the summary store (whole-program
// facts the standalone tool computed), inference inside this TU (bottom-up
// over the strongly connected components of the TU's call graph, see
// Summaries.h), and the default for unknown external functions
// (AnalysisOptions::UnknownCallees).
//
//===----------------------------------------------------------------------===//
#ifndef ALLOCFLAGS_ANALYSIS_TUCONTEXT_H
#define ALLOCFLAGS_ANALYSIS_TUCONTEXT_H

#include "allocflags/Analysis/Budget.h"
#include "allocflags/Analysis/ContextState.h"
#include "allocflags/Analysis/Gfp.h"
#include "allocflags/Analysis/LockPath.h"
#include "allocflags/Report/Finding.h"
#include "allocflags/Summary/Summary.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
class Expr;
class FieldDecl;
class FunctionDecl;
class ParmVarDecl;
class LangOptions;
class Preprocessor;
class SourceManager;
class SourceLocation;
class QualType;
} // namespace clang

namespace allocflags {
class IndirectCalls;
class MacroIndex;
class Model;
struct EntryContext;
struct FunctionFacts;

/// What to assume about a function the analysis knows nothing about (no
/// model entry, no summary, no body in the TU).
enum class UnknownCalleeKind : uint8_t {
  /// Nothing: it does not sleep and changes no context.
  Nothing,
  /// It sleeps when it is given gfp flags that allow blocking (a function
  /// that takes gfp_t allocates with it).
  GfpParam,
};

/// User-visible analysis options, shared by both front ends.
struct AnalysisOptions {
  /// Report where some (not every) path into the call holds an atomic context.
  JoinRuleKind JoinRule = JoinRuleKind::Must;
  UnknownCalleeKind UnknownCallees = UnknownCalleeKind::GfpParam;
  /// PREEMPT_RT: spin locks sleep there, so GFP_ATOMIC/GFP_NOWAIT allocations
  /// under a raw spin lock or in a hard-IRQ handler are reported too.
  bool PreemptRT = false;
  /// The analysed kernel's version (LINUX_VERSION_CODE); 0: read it from the
  /// tree, else assume a recent kernel.
  uint32_t KernelVersion = 0;
  /// Calls a finding may span between where the context begins and where
  /// the sleep is (the caller chain plus the callees below the report).
  /// Summaries are path-insensitive: every frame adds a chance that the
  /// sleeping path is not the one the atomic caller takes, so long chains
  /// are mostly noise.  0: no limit.
  unsigned MaxCallDepth = 5;
  /// Findings below this confidence are not reported: by default only those
  /// where every step from the context to the sleep is unconditional or
  /// decided (option MinConfidence=high|low).
  bool ReportLowConfidence = false;
  /// CFG blocks x analyses one function may cost (option FunctionBudget);
  /// see Budget.h.
  unsigned FunctionBudget = AnalysisBudget::DefaultFunctionWork;
  /// Namespaces whose code is flag-disciplined besides what
  /// ALLOCFLAGS_DISCIPLINED marks (option DisciplinedNamespaces, qualified
  /// names separated by ',' or ';'; nested namespaces are included).
  std::vector<std::string> DisciplinedNamespaces;
  /// Path globs of files whose code is flag-disciplined (option
  /// DisciplinedPaths, separated by ',' or ';').
  std::vector<std::string> DisciplinedPaths;
  /// A call through a function pointer that may reach more functions than
  /// this is not followed (option MaxIndirectTargets; IndirectCalls.h).
  unsigned MaxIndirectTargets = 32;
};

class TUContext {
public:
  TUContext(clang::ASTContext &Ctx, const clang::Preprocessor *PP, const MacroIndex &Macros,
            const Model &M, AnalysisOptions Opts, const SummaryStore *Store = nullptr);
  ~TUContext();

  clang::ASTContext &ast() const { return Ctx; }
  const clang::SourceManager &sourceManager() const;
  const clang::LangOptions &langOpts() const;
  const clang::Preprocessor *preprocessor() const { return PP; }
  const MacroIndex &macros() const { return Macros; }
  const Model &model() const { return M; }
  const AnalysisOptions &options() const { return Opts; }
  const GfpEvaluator &gfp() const { return Gfp; }
  const SummaryStore *store() const { return Store; }
  /// Bounds on this TU's work: deadline, per-function work, call depth.
  AnalysisBudget &budget() { return Budget; }

  /// Lock keys: normalised expression text (no blanks, no parentheses).
  LockKey internKey(llvm::StringRef Text);
  llvm::StringRef keyText(LockKey K) const { return KeyTexts[K]; }

  /// What is known about a called function without looking at its body:
  /// its source annotations (allocflags_annotate), else the model's entry
  /// for its name; null when neither says anything.
  const FunctionFacts *factsFor(const clang::FunctionDecl *FD);
  /// Annotations that could not be read, each once (reported as errors).
  llvm::ArrayRef<FindingNote> annotationErrors() const { return AnnotationErrors; }

  /// The summary of a function the model does not know: from the store,
  /// else inferred in this TU, else the default for unknown callees (null
  /// when that is "nothing").
  const FunctionSummary *summaryOf(const clang::FunctionDecl *FD);
  /// The in-TU summary, computing it (and its callees') if needed.
  const FunctionSummary *inferredSummary(const clang::FunctionDecl *FD);
  /// A summary by USR: the store's, else one computed in this TU.
  const FunctionSummary *summaryByUSR(llvm::StringRef USR) const;
  /// True when \p FD will be analysed with its callers' contexts somewhere:
  /// its body is in this TU, or the store has its definition.
  bool analysableTopDown(const clang::FunctionDecl *FD);
  /// True when what happens inside \p FD is reported inside it, in some
  /// TU: it is analysed top-down and defined in a main file (functions in
  /// headers are reported at their callers instead).
  bool reportedInside(const clang::FunctionDecl *FD);

  /// The entry contexts a function is analysed with (it is also analysed
  /// with none).  A few per function: one per distinct set of context kinds
  /// and constant arguments.
  llvm::ArrayRef<EntryContext> entryContextsOf(const clang::FunctionDecl *FD) const;
  /// Adds a context; returns its index, or -1 when one with the same kinds
  /// and constant arguments is already there, or there are enough.
  int addEntryContext(const clang::FunctionDecl *FD, EntryContext C);
  /// Replaces context \p Index of \p FD (narrowed constant arguments).
  void replaceEntryContext(const clang::FunctionDecl *FD, unsigned Index, EntryContext C);

  /// The USR of a declaration ("" when it has none).
  std::string usr(const clang::Decl *D);

  /// Calls \p F for every function with a body defined in the main file
  /// (templates: their instantiations; lambdas: their call operators).
  void forEachMainFileFunction(llvm::function_ref<void(const clang::FunctionDecl *)> F);
  bool inMainFile(const clang::FunctionDecl *FD) const;

  /// The location to report at: macro expansions resolved to where the user
  /// wrote them.
  clang::SourceLocation userLoc(clang::SourceLocation L) const;
  /// A location as text (file:line:col) for summaries and notes.
  SourcePos position(clang::SourceLocation L) const;
  /// Where a summarised position is in this TU, when it is.
  clang::SourceLocation locationOf(const SourcePos &P) const;

  /// Source text of an expression as written (macros unexpanded), or its
  /// pretty-printed form when it has no contiguous spelling.
  std::string spelledText(const clang::Expr *E) const;
  /// Pretty-printed form of an expression (stable across macro spellings).
  std::string printedText(const clang::Expr *E) const;
  /// Is this the model's gfp flags type?
  bool isGfpType(clang::QualType T) const;
  /// The first gfp_t parameter of \p FD (how its callers tell it how to
  /// allocate), null when it has none.
  const clang::ParmVarDecl *gfpParam(const clang::FunctionDecl *FD) const;

  /// What the program stores into a record field: the store's facts, else
  /// this TU's (collectFieldStores).
  const FieldFact *fieldFact(const clang::FieldDecl *FD) const;
  bool fieldStoresCollected() const { return FieldsCollected; }
  void setFieldStoresCollected() { FieldsCollected = true; }
  /// The analysed kernel's version (option, else the tree's
  /// LINUX_VERSION_CODE), 0 when unknown.
  uint32_t kernelVersion() const;

  /// Calls through function pointers and the functions stored for them.
  IndirectCalls &indirectCalls();

  /// Summaries computed in this TU, keyed by USR (for the tool's store).
  SummaryStore &localSummaries() { return Local; }
  llvm::DenseMap<const clang::FunctionDecl *, const FunctionSummary *> &inferredByDecl() { return Inferred; }

private:
  clang::ASTContext &Ctx;
  const clang::Preprocessor *PP;
  const MacroIndex &Macros;
  const Model &M;
  AnalysisOptions Opts;
  GfpEvaluator Gfp;
  const SummaryStore *Store;
  AnalysisBudget Budget;
  llvm::StringMap<LockKey> Keys;
  std::vector<std::string> KeyTexts;
  SummaryStore Local;
  llvm::DenseMap<const clang::FunctionDecl *, const FunctionSummary *> Inferred;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionSummary>> Defaults;
  llvm::DenseMap<const clang::FunctionDecl *, std::vector<EntryContext>> Entries;
  llvm::DenseMap<const clang::Decl *, std::string> USRs;
  llvm::DenseMap<const clang::FunctionDecl *, std::unique_ptr<FunctionFacts>> Annotated;
  std::vector<FindingNote> AnnotationErrors;
  std::unique_ptr<IndirectCalls> Indirect;
  bool FieldsCollected = false;
  mutable std::optional<uint32_t> Version;
  friend class SummaryBuilder;
};

/// Joins token spellings the way they would be written (a blank only between
/// two words).
std::string joinTokens(llvm::ArrayRef<std::string> Tokens);
/// templatizeLock over \p FD's parameters, a root global when it names a
/// variable with global storage.
std::string templatizeKey(llvm::StringRef Key, const clang::FunctionDecl *FD, clang::ASTContext &Ctx,
                          bool &Opaque);
/// Whether the lock \p Key ("&pcpu_lock", "dev_list.lock") is rooted at a
/// variable with global storage, so another function names it the same way;
/// with \p ExternOnly, one with external linkage (the same in every TU).
bool lockRootIsGlobal(llvm::StringRef Key, clang::ASTContext &Ctx, bool ExternOnly);

} // namespace allocflags

#endif
