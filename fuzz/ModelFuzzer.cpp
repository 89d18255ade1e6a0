//===- ModelFuzzer.cpp - the model loader and the annotation parser -------===//
//
// libFuzzer target (docs/fuzzing.md).  An input is a model file (YAML), read
// as `allocflags --model` reads an extra file; an input whose first line is
// "#annotations" is instead a list of allocflags_annotate texts, one per line,
// read against the shipped kernel model as a source annotation is.  Either
// way the answer must be a model or an error, never a crash.
//
//===----------------------------------------------------------------------===//
#include "Model/ModelReading.h"
#include "allocflags/Model/Model.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdlib>

using namespace allocflags;

static const Model *Shipped = nullptr;

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  auto M = Model::load({ALLOCFLAGS_SOURCE_MODEL_DIR "/kernel.yaml"});
  if (!M) {
    llvm::errs() << "model-fuzzer: " << llvm::toString(M.takeError()) << "\n";
    std::exit(2);
  }
  Shipped = new Model(std::move(*M));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  if (Text.consume_front("#annotations\n")) {
    llvm::SmallVector<llvm::StringRef, 8> Lines;
    Text.split(Lines, '\n', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
    llvm::Expected<FunctionFacts> Facts = Shipped->parseAnnotations(Lines);
    if (!Facts)
      llvm::consumeError(Facts.takeError());
    return 0;
  }
  Model M;
  ModelLoadContext Ctx;
  std::unique_ptr<llvm::MemoryBuffer> Buf = llvm::MemoryBuffer::getMemBuffer(Text, "fuzz.yaml");
  if (llvm::Error E = loadModelBuffer(M, Buf->getMemBufferRef(), Ctx))
    llvm::consumeError(std::move(E));
  return 0;
}
