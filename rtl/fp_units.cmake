# FP units: verilated static libraries for the tests and the simulator.
# Included from rtl/CMakeLists.txt after rtl_files.cmake and formats.cmake.
#   vl_fp32_add, vl_fp32_fma            fp32_add / fp32_fma (Vfp32_add, Vfp32_fma)
#   vl_fp32_add_pipelined,              the same models with every register stage
#   vl_fp32_fma_pipelined               ExtraStages can add (AddMaxExtraStages,
#                                       FmaMaxExtraStages of rtl/interpsim_pkg.svh);
#                                       same class names: link one or the other
#   vl_fp_add_<io>                      fp_add in <io> (Vfp_add_<io>)
#   vl_fp_fma_<io>_<kb>                 fp_fma, a and y in <io>, b and c in <kb>
#                                       (fp32 or io) (Vfp_fma_<io>_<kb>)
# for every <io> of INTERPSIM_RTL_IO_FORMATS and <kb> of INTERPSIM_RTL_KB_FORMATS.
if(verilator_FOUND)
  add_library(vl_fp32_add STATIC)
  interpsim_verilate(vl_fp32_add fp32_add Vfp32_add)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fp32_fma.sv)
    add_library(vl_fp32_fma STATIC)
    interpsim_verilate(vl_fp32_fma fp32_fma Vfp32_fma)
  endif()

  # Pipelining for timing (docs/design.md section 5): the deepest setting.
  interpsim_rtl_pkg_int(AddMaxExtraStages INTERPSIM_ADD_MAX_EXTRA_STAGES)
  interpsim_rtl_pkg_int(FmaMaxExtraStages INTERPSIM_FMA_MAX_EXTRA_STAGES)
  add_library(vl_fp32_add_pipelined STATIC)
  interpsim_verilate(vl_fp32_add_pipelined fp32_add Vfp32_add
    ARGS -GExtraStages=${INTERPSIM_ADD_MAX_EXTRA_STAGES})
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fp32_fma.sv)
    add_library(vl_fp32_fma_pipelined STATIC)
    interpsim_verilate(vl_fp32_fma_pipelined fp32_fma Vfp32_fma
      ARGS -GExtraStages=${INTERPSIM_FMA_MAX_EXTRA_STAGES})
  endif()

  foreach(io ${INTERPSIM_RTL_IO_FORMATS})
    interpsim_rtl_format_args(add_args "" ${io})
    add_library(vl_fp_add_${io} STATIC)
    interpsim_verilate(vl_fp_add_${io} fp_add Vfp_add_${io} ARGS ${add_args})
    interpsim_rtl_format_args(io_args Io ${io})
    foreach(kb ${INTERPSIM_RTL_KB_FORMATS})
      interpsim_rtl_kb_format(kb_format ${io} ${kb})
      interpsim_rtl_format_args(kb_args Kb ${kb_format})
      add_library(vl_fp_fma_${io}_${kb} STATIC)
      interpsim_verilate(vl_fp_fma_${io}_${kb} fp_fma Vfp_fma_${io}_${kb} ARGS ${io_args} ${kb_args})
    endforeach()
  endforeach()
endif()
