# FP units (fp32_add, fp32_fma): verilated static libraries for the tests and
# the simulator. Included from rtl/CMakeLists.txt.
set(INTERPSIM_VERILATOR_FAST_ARGS -O3 --x-assign fast --x-initial fast)

# Verilator's runtime headers are not ours to warn about: include them as system headers.
function(interpsim_quiet_verilator_headers target)
  target_include_directories(${target} SYSTEM PUBLIC "${VERILATOR_ROOT}/include"
                                                     "${VERILATOR_ROOT}/include/vltstd")
  target_compile_options(${target} PRIVATE -Wno-unused-parameter)
endfunction()

if(verilator_FOUND)
  add_library(vl_fp32_add STATIC)
  verilate(vl_fp32_add
    SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fp32_add.sv ${CMAKE_CURRENT_SOURCE_DIR}/fp32_lzc.sv
    TOP_MODULE fp32_add PREFIX Vfp32_add
    VERILATOR_ARGS ${INTERPSIM_VERILATOR_FAST_ARGS})
  interpsim_quiet_verilator_headers(vl_fp32_add)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fp32_fma.sv)
    add_library(vl_fp32_fma STATIC)
    verilate(vl_fp32_fma
      SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/fp32_fma.sv ${CMAKE_CURRENT_SOURCE_DIR}/fp32_lzc.sv
      TOP_MODULE fp32_fma PREFIX Vfp32_fma
      VERILATOR_ARGS ${INTERPSIM_VERILATOR_FAST_ARGS})
    interpsim_quiet_verilator_headers(vl_fp32_fma)
  endif()
endif()
