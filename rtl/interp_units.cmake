# Interpolation units (interp_lane, interp_unit) and the binary-search
# baselines (bsearch_pipelined, bsearch_iterative): verilated static libraries
# for the tests, the simulator and `interpsim verify`. Included from
# rtl/CMakeLists.txt after rtl_files.cmake (sources: interpsim_verilate()).

# The SegBits (N = 2^SegBits) at which both bsearch variants are verilated,
# one model each. C++ reads the same list from the generated header
# bsearch_rtl_models.hpp (INTERPSIM_FOR_EACH_BSEARCH_RTL_SEG_BITS).
set(INTERPSIM_BSEARCH_RTL_SEG_BITS 4 8 12)

if(verilator_FOUND AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fp32_fma.sv)
  # Fast model for tests, benchmarks and the simulator.
  add_library(vl_interp_unit STATIC)
  interpsim_verilate(vl_interp_unit interp_unit Vinterp_unit)

  # The same unit with VCD tracing compiled in (interpsim verify --vcd).
  add_library(vl_interp_unit_trace STATIC)
  interpsim_verilate(vl_interp_unit_trace interp_unit Vinterp_unit_trace TRACE)

  # The lane alone, external table port (arrays with shared/banked tables).
  add_library(vl_interp_lane STATIC)
  interpsim_verilate(vl_interp_lane interp_lane Vinterp_lane)

  # The lane with VCD tracing, for the array models' --vcd (sim/).
  add_library(vl_simd_rtl STATIC)
  interpsim_verilate(vl_simd_rtl interp_lane Vinterp_lane_trace TRACE)
  target_compile_options(vl_simd_rtl PRIVATE -Wno-unused-parameter -w)

  # Vbsearch_<variant>_<SegBits> for every SegBits of the list, and the header
  # that lists them for C++.
  set(bsearch_includes "")
  set(bsearch_x "")
  foreach(seg_bits ${INTERPSIM_BSEARCH_RTL_SEG_BITS})
    foreach(variant pipelined iterative)
      string(APPEND bsearch_includes "#include \"Vbsearch_${variant}_${seg_bits}.h\"\n"
        "#include \"Vbsearch_${variant}_${seg_bits}_bsearch_${variant}.h\"\n")
    endforeach()
    string(APPEND bsearch_x " X(${seg_bits})")
  endforeach()
  string(STRIP "${bsearch_x}" INTERPSIM_BSEARCH_RTL_X)
  set(INTERPSIM_BSEARCH_RTL_INCLUDES "${bsearch_includes}")
  set(bsearch_header_dir ${CMAKE_CURRENT_BINARY_DIR}/bsearch_rtl_include)
  configure_file(${CMAKE_CURRENT_SOURCE_DIR}/bsearch_rtl_models.hpp.in
                 ${bsearch_header_dir}/bsearch_rtl_models.hpp @ONLY)

  foreach(variant pipelined iterative)
    add_library(vl_bsearch_${variant} STATIC)
    foreach(seg_bits ${INTERPSIM_BSEARCH_RTL_SEG_BITS})
      interpsim_verilate(vl_bsearch_${variant} bsearch_${variant} Vbsearch_${variant}_${seg_bits}
        ARGS -GSegBits=${seg_bits})
    endforeach()
    target_include_directories(vl_bsearch_${variant} PUBLIC ${bsearch_header_dir})
  endforeach()
endif()
