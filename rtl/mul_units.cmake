# The 8-bit multipliers of issue 13 item 7: verilated static libraries.
# Included from rtl/CMakeLists.txt after rtl_files.cmake.
#   vl_lbfp8_mul, vl_int8_mul            OutReg = 1 (Vlbfp8_mul, Vint8_mul)
#   vl_lbfp8_mul_comb, vl_int8_mul_comb  OutReg = 0 (Vlbfp8_mul_comb, Vint8_mul_comb)
if(verilator_FOUND)
  foreach(unit lbfp8_mul int8_mul)
    add_library(vl_${unit} STATIC)
    interpsim_verilate(vl_${unit} ${unit} V${unit} ARGS -GOutReg=1)
    add_library(vl_${unit}_comb STATIC)
    interpsim_verilate(vl_${unit}_comb ${unit} V${unit}_comb ARGS -GOutReg=0)
  endforeach()
endif()

# The LBFP interpolation lane (docs/design.md section 12, "Decision (the LBFP
# interpolation lane)"): vl_lbfp_interp_lane (Vlbfp_interp_lane).
if(verilator_FOUND)
  add_library(vl_lbfp_interp_lane STATIC)
  interpsim_verilate(vl_lbfp_interp_lane lbfp_interp_lane Vlbfp_interp_lane)
endif()
