# The number formats of the RTL (docs/design.md section 12) and the format
# instances that are verilated: the one list of them. Included from
# rtl/CMakeLists.txt before fp_units.cmake and interp_units.cmake.
#
# INTERPSIM_RTL_FORMAT_<name>: ExpBits ManBits FiniteOnly (the parameters of
# fp_add, and with an Io/Kb prefix of fp_fma, interp_lane and interp_unit).
set(INTERPSIM_RTL_FORMAT_fp32 8 23 0 CACHE INTERNAL "")
set(INTERPSIM_RTL_FORMAT_fp16 5 10 0 CACHE INTERNAL "")
set(INTERPSIM_RTL_FORMAT_bf16 8 7 0 CACHE INTERNAL "")
set(INTERPSIM_RTL_FORMAT_fp8e5m2 5 2 0 CACHE INTERNAL "")
set(INTERPSIM_RTL_FORMAT_fp8e4m3 4 3 1 CACHE INTERNAL "")

# The io formats verilated besides fp32, each with both kb formats: kb fp32
# and kb io (K and B in the io format). Models (docs/rtl.md, "Format
# instances"): Vfp_add_<io>, Vfp_fma_<io>_<kb>, Vinterp_unit_<io>_<kb>.
set(INTERPSIM_RTL_IO_FORMATS fp16 bf16 fp8e5m2 fp8e4m3 CACHE INTERNAL "")
set(INTERPSIM_RTL_KB_FORMATS fp32 io CACHE INTERNAL "")

# (Cache variables: the test folders read them too.)

# interpsim_rtl_format_args(OUT_VAR PREFIX FORMAT): Verilator -G arguments
# setting <PREFIX>ExpBits, <PREFIX>ManBits and <PREFIX>FiniteOnly to FORMAT.
function(interpsim_rtl_format_args out_var prefix format)
  if(NOT DEFINED INTERPSIM_RTL_FORMAT_${format})
    message(FATAL_ERROR "rtl/formats.cmake: unknown format '${format}'")
  endif()
  list(GET INTERPSIM_RTL_FORMAT_${format} 0 exp_bits)
  list(GET INTERPSIM_RTL_FORMAT_${format} 1 man_bits)
  list(GET INTERPSIM_RTL_FORMAT_${format} 2 finite_only)
  set(${out_var} -G${prefix}ExpBits=${exp_bits} -G${prefix}ManBits=${man_bits}
      -G${prefix}FiniteOnly=${finite_only} PARENT_SCOPE)
endfunction()

# interpsim_rtl_kb_format(OUT_VAR IO KB): the format name of kb (fp32 or IO).
function(interpsim_rtl_kb_format out_var io kb)
  if(kb STREQUAL "io")
    set(${out_var} ${io} PARENT_SCOPE)
  else()
    set(${out_var} ${kb} PARENT_SCOPE)
  endif()
endfunction()

# interpsim_rtl_format_assignments(OUT_VAR PREFIX FORMAT): the same as
# PARAM=VALUE words (scripts/synth_rtl.sh).
function(interpsim_rtl_format_assignments out_var prefix format)
  interpsim_rtl_format_args(args "${prefix}" ${format})
  list(TRANSFORM args REPLACE "^-G" "")
  set(${out_var} ${args} PARENT_SCOPE)
endfunction()
