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
