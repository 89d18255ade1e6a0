# Finds LLVM and Clang through their CMake packages (Debian: /usr/lib/llvm-<major>/lib/cmake).
# The supported majors are declared here and nowhere else; source-level differences between them
# live in checker/lib/Support/LLVMCompat.h.
set(ALLOCFLAGS_SUPPORTED_LLVM_MAJORS 19 22)
list(GET ALLOCFLAGS_SUPPORTED_LLVM_MAJORS 0 _af_default_major)
set(ALLOCFLAGS_LLVM_MAJOR ${_af_default_major} CACHE STRING
    "LLVM/Clang major version to build against (one of ${ALLOCFLAGS_SUPPORTED_LLVM_MAJORS})")
if(NOT ALLOCFLAGS_LLVM_MAJOR IN_LIST ALLOCFLAGS_SUPPORTED_LLVM_MAJORS)
  message(FATAL_ERROR "ALLOCFLAGS_LLVM_MAJOR=${ALLOCFLAGS_LLVM_MAJOR} is not supported; "
                      "supported: ${ALLOCFLAGS_SUPPORTED_LLVM_MAJORS}")
endif()

find_package(LLVM REQUIRED CONFIG
  HINTS /usr/lib/llvm-${ALLOCFLAGS_LLVM_MAJOR}/lib/cmake/llvm NO_DEFAULT_PATH)
find_package(Clang REQUIRED CONFIG
  HINTS /usr/lib/llvm-${ALLOCFLAGS_LLVM_MAJOR}/lib/cmake/clang NO_DEFAULT_PATH)
if(NOT LLVM_VERSION_MAJOR EQUAL ALLOCFLAGS_LLVM_MAJOR)
  message(FATAL_ERROR "found LLVM ${LLVM_PACKAGE_VERSION} in ${LLVM_DIR}, wanted ${ALLOCFLAGS_LLVM_MAJOR}")
endif()
message(STATUS "allocflags: LLVM/Clang ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

# Tools the tests use, all from the same LLVM.
set(ALLOCFLAGS_LLVM_BIN ${LLVM_TOOLS_BINARY_DIR})
find_program(ALLOCFLAGS_CLANG_TIDY NAMES clang-tidy HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH REQUIRED)
find_program(ALLOCFLAGS_CLANG NAMES clang HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH REQUIRED)
find_program(ALLOCFLAGS_FILECHECK NAMES FileCheck HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH REQUIRED)
find_program(ALLOCFLAGS_SPLIT_FILE NAMES split-file HINTS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH REQUIRED)
# lit: Debian ships it as build/utils/lit/lit.py (19) or bin/lit (22).
find_program(ALLOCFLAGS_LIT NAMES lit lit.py
  HINTS ${LLVM_TOOLS_BINARY_DIR} ${LLVM_TOOLS_BINARY_DIR}/../build/utils/lit
        ${LLVM_TOOLS_BINARY_DIR}/../utils/lit NO_DEFAULT_PATH REQUIRED)
# Clang's builtin headers (stddef.h, ...) for the standalone tool; clang-tidy finds its own.
set(ALLOCFLAGS_CLANG_RESOURCE_DIR ${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR})
if(NOT EXISTS ${ALLOCFLAGS_CLANG_RESOURCE_DIR}/include/stddef.h)
  message(FATAL_ERROR "no clang resource dir at ${ALLOCFLAGS_CLANG_RESOURCE_DIR} (install clang-${LLVM_VERSION_MAJOR})")
endif()

# Like LLVM itself: no RTTI, no exceptions, in everything that links LLVM.
function(allocflags_llvm_target target)
  target_include_directories(${target} SYSTEM PRIVATE ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
  target_compile_definitions(${target} PRIVATE ${LLVM_DEFINITIONS})
  target_compile_options(${target} PRIVATE -fno-rtti -fno-exceptions)
endfunction()
