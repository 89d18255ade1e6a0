# lit configuration for allocflags' checker tests.  Every check test runs through
# both front ends (the clang-tidy module and the standalone tool) with the same
# expectations; see check_allocflags.py.
import os
import lit.formats

config.name = "allocflags"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.test_source_root = os.path.dirname(os.path.abspath(__file__))
config.test_exec_root = os.path.join(config.allocflags_obj_root, "test")
config.excludes = ["Inputs", "unit", "kalloc", "CMakeLists.txt", "README.md", "lit.cfg.py", "check_allocflags.py",
                   "expect_exit.py"]

inputs = os.path.join(config.test_source_root, "Inputs")
config.environment["PATH"] = os.pathsep.join([config.llvm_bin, config.environment.get("PATH", os.environ["PATH"])])
config.environment["ALLOCFLAGS_MODEL_DIR"] = os.path.join(config.allocflags_obj_root, "share", "allocflags")

# A sanitizer build: the clang-tidy module is instrumented but clang-tidy is
# not, so clang-tidy runs with the sanitizer runtime preloaded (a wrapper in
# the build tree); every report fails the test.
if config.sanitize:
    import subprocess
    runtime = subprocess.run([config.clang, "-print-file-name=libclang_rt.asan-x86_64.so"], capture_output=True,
                             text=True).stdout.strip()
    wrapper = os.path.join(config.allocflags_obj_root, "test", "clang-tidy-sanitized")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\n"
                f"LD_PRELOAD={runtime} ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0:allow_user_poisoning=0 "
                f"exec {config.clang_tidy} \"$@\"\n")
    os.chmod(wrapper, 0o755)
    config.clang_tidy = wrapper
    # The engine recovers from crashes itself (CrashRecoveryContext): the
    # sanitizer leaves fatal signals to it.  LLVM headers poison memory in
    # instrumented code that the uninstrumented LLVM libraries then use:
    # manual poisoning is off.
    asan = "allow_user_poisoning=0:handle_segv=0:handle_sigbus=0:handle_abort=0:handle_sigill=0:handle_sigfpe=0"
    config.environment["ASAN_OPTIONS"] = asan
    config.environment["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
    config.available_features.add("sanitized")
    # A TU abandoned by a crash (injected, or a stack overflow the engine
    # survives) leaves its memory behind: no leak check for those runs.
    config.substitutions.append(("%crash_env", f"env ASAN_OPTIONS={asan}:detect_leaks=0"))
else:
    config.substitutions.append(("%crash_env", ""))

check = os.path.join(config.test_source_root, "check_allocflags.py")
config.substitutions.append(("%check_allocflags",
    f"{config.python} {check} --tool {config.allocflags_tool} --tidy {config.clang_tidy} "
    f"--plugin {config.allocflags_plugin} --filecheck {os.path.join(config.llvm_bin, 'FileCheck')}"))
config.substitutions.append(("%expect_exit", f"{config.python} {os.path.join(config.test_source_root, 'expect_exit.py')}"))
config.substitutions.append(("%allocflags", config.allocflags_tool))
config.substitutions.append(("%clang_tidy", config.clang_tidy))
config.substitutions.append(("%plugin", config.allocflags_plugin))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%kernel_inc", os.path.join(inputs, "kernel")))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%src_root", config.allocflags_src_root))
config.substitutions.append(("%obj_root", config.allocflags_obj_root))
config.substitutions.append(("%kalloc_bin", os.path.join(config.allocflags_obj_root, "bin")))
config.substitutions.append(("%kalloc_inc", os.path.join(config.test_source_root, "..", "allocators", "include")))
config.substitutions.append(("%python", config.python))
config.available_features.add("llvm-" + config.llvm_major)
config.substitutions.append(("%samples_build", os.path.join(config.allocflags_obj_root, "samples")))
config.substitutions.append(("%samples_src", os.path.join(os.path.dirname(config.test_source_root), "samples")))

# Consumers of the tool's output (scripts/install-test-tools.sh installs them).  A missing one makes
# its tests UNSUPPORTED, said here loudly: they never pass without it.
multitool = os.path.join(config.allocflags_src_root, ".tools", "node_modules", "@microsoft",
                         "sarif-multitool-linux", "Sarif.Multitool")
if os.access(multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
else:
    lit_config.warning(f"no SARIF Multitool at {multitool} (run scripts/install-test-tools.sh): SARIF tests UNSUPPORTED")
try:
    import jsonschema  # noqa: F401
    config.available_features.add("jsonschema")
except ImportError:
    lit_config.warning("no python3-jsonschema: SARIF schema tests UNSUPPORTED")
import shutil
chromium = shutil.which("chromium")
if chromium:
    config.available_features.add("chromium")
else:
    lit_config.warning("no chromium: the HTML report test is UNSUPPORTED")
config.substitutions.append(("%validate_sarif",
    f"{config.python} {os.path.join(config.test_source_root, 'validate_sarif.py')} "
    f"--multitool {multitool} --schema {os.path.join(inputs, 'schemas', 'sarif-schema-2.1.0.json')}"))
config.substitutions.append(("%check_html", f"{config.python} {os.path.join(config.test_source_root, 'check_html.py')} "
                             f"--chromium {chromium}"))
