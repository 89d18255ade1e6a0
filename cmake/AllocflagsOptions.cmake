set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_POSITION_INDEPENDENT_CODE ON)   # the engine is linked into the clang-tidy plugin
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "" FORCE)
endif()

add_compile_options(-Wall -Wextra -Wno-unused-parameter)

# Sanitizer builds (see docs/ci.md): -DALLOCFLAGS_SANITIZE=address,undefined.  With
# ALLOCFLAGS_KALLOC_ONLY only the allocator library and its tests; else everything -
# engine, tool, clang-tidy module, tests - against the (uninstrumented) Debian LLVM
# libraries.  Any report stops the program (-fno-sanitize-recover).
set(ALLOCFLAGS_SANITIZE "" CACHE STRING "sanitizers to build with")
if(ALLOCFLAGS_SANITIZE AND NOT ALLOCFLAGS_KALLOC_ONLY)
  add_compile_options(-fsanitize=${ALLOCFLAGS_SANITIZE} -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${ALLOCFLAGS_SANITIZE})
endif()

# Fuzzing builds (docs/fuzzing.md, scripts/fuzz.sh): -DALLOCFLAGS_FUZZ=ON with a
# sanitizer instruments our code for libFuzzer's coverage; the fuzz targets
# themselves are built in every build (fuzz/CMakeLists.txt).
option(ALLOCFLAGS_FUZZ "instrument for coverage-guided fuzzing" OFF)
if(ALLOCFLAGS_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
