# Instruments every tgauth library for the libFuzzer harnesses in this
# folder (-DTGAUTH_FUZZ=ON, clang only): coverage for libFuzzer, and
# AddressSanitizer (with LeakSanitizer) and UndefinedBehaviorSanitizer, with
# undefined behaviour aborting so libFuzzer records it as a crash. Included
# by the top CMakeLists.txt before any library is defined.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "TGAUTH_FUZZ needs clang (libFuzzer): configure with CXX=clang++-14")
endif()
add_compile_options(
  -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
add_link_options(-fsanitize=address,undefined)
