# FP units (fp32_add, fp32_fma): verilated static libraries for the tests and
# the simulator. Included from rtl/CMakeLists.txt after rtl_files.cmake.
if(verilator_FOUND)
  add_library(vl_fp32_add STATIC)
  interpsim_verilate(vl_fp32_add fp32_add Vfp32_add)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fp32_fma.sv)
    add_library(vl_fp32_fma STATIC)
    interpsim_verilate(vl_fp32_fma fp32_fma Vfp32_fma)
  endif()
endif()
