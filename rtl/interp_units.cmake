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

  # interp_unit in every io format of INTERPSIM_RTL_IO_FORMATS with every kb
  # format (rtl/formats.cmake): Vinterp_unit_<io>_<kb> in vl_interp_unit_<io>_<kb>,
  # and the header that lists them for C++ (interp_unit_rtl_models.hpp); the
  # INTERFACE library vl_interp_unit_formats links them all.
  set(unit_includes "")
  set(unit_x "")
  add_library(vl_interp_unit_formats INTERFACE)
  set(unit_header_dir ${CMAKE_CURRENT_BINARY_DIR}/interp_unit_rtl_include)
  foreach(io ${INTERPSIM_RTL_IO_FORMATS})
    interpsim_rtl_format_args(io_args Io ${io})
    foreach(kb ${INTERPSIM_RTL_KB_FORMATS})
      interpsim_rtl_kb_format(kb_format ${io} ${kb})
      interpsim_rtl_format_args(kb_args Kb ${kb_format})
      add_library(vl_interp_unit_${io}_${kb} STATIC)
      interpsim_verilate(vl_interp_unit_${io}_${kb} interp_unit Vinterp_unit_${io}_${kb}
        ARGS ${io_args} ${kb_args})
      target_include_directories(vl_interp_unit_${io}_${kb} PUBLIC ${unit_header_dir})
      target_link_libraries(vl_interp_unit_formats INTERFACE vl_interp_unit_${io}_${kb})
      string(APPEND unit_includes "#include \"Vinterp_unit_${io}_${kb}.h\"\n"
        "#include \"Vinterp_unit_${io}_${kb}_interp_unit.h\"\n")
      string(APPEND unit_x " X(${io}, ${kb})")
    endforeach()
  endforeach()
  string(STRIP "${unit_x}" INTERPSIM_INTERP_UNIT_RTL_X)
  set(INTERPSIM_INTERP_UNIT_RTL_INCLUDES "${unit_includes}")
  configure_file(${CMAKE_CURRENT_SOURCE_DIR}/interp_unit_rtl_models.hpp.in
                 ${unit_header_dir}/interp_unit_rtl_models.hpp @ONLY)

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
