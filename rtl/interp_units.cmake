# Interpolation units (interp_lane, interp_unit) and the binary-search
# baselines (bsearch_pipelined, bsearch_iterative): verilated static libraries
# for the tests, the simulator and `interpsim verify`. Included from
# rtl/CMakeLists.txt after rtl_files.cmake (sources: interpsim_verilate()).

# The SegBits (N = 2^SegBits) at which both bsearch variants are verilated,
# one model each. C++ reads the same list from the generated header
# bsearch_rtl_models.hpp (INTERPSIM_FOR_EACH_BSEARCH_RTL_SEG_BITS).
set(INTERPSIM_BSEARCH_RTL_SEG_BITS 4 8 12)

if(verilator_FOUND AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fp32_fma.sv)
  # Fast model for tests, benchmarks and the simulator. --flatten: every
  # module in the root class, so the per-clock code reaches each signal at an
  # offset from one pointer instead of through the symbol table's per-module
  # pointers: 6 % less time per clock (docs/results/rtl-throughput.md). The
  # unit's Latency is then Vinterp_unit___024root::interp_unit__DOT__Latency.
  set(unit_flat_args --flatten)
  add_library(vl_interp_unit STATIC)
  interpsim_verilate(vl_interp_unit interp_unit Vinterp_unit ARGS ${unit_flat_args})

  # The same unit with VCD tracing compiled in (interpsim verify --vcd).
  add_library(vl_interp_unit_trace STATIC)
  interpsim_verilate(vl_interp_unit_trace interp_unit Vinterp_unit_trace TRACE)

  # The lane alone, external table port (arrays with shared/banked tables).
  add_library(vl_interp_lane STATIC)
  interpsim_verilate(vl_interp_lane interp_lane Vinterp_lane)

  # Pipelining for timing (docs/design.md section 5): the lane and the unit
  # with every register stage fp_add and fp_fma can add (the
  # INTERPSIM_*_MAX_EXTRA_STAGES of rtl/fp_units.cmake): Vinterp_lane_pipelined
  # in vl_interp_lane_pipelined, Vinterp_unit in vl_interp_unit_pipelined (the
  # class name of vl_interp_unit: link one or the other).
  set(pipelined_args -GAddExtraStages=${INTERPSIM_ADD_MAX_EXTRA_STAGES}
                     -GFmaExtraStages=${INTERPSIM_FMA_MAX_EXTRA_STAGES})
  add_library(vl_interp_lane_pipelined STATIC)
  interpsim_verilate(vl_interp_lane_pipelined interp_lane Vinterp_lane_pipelined
    ARGS ${pipelined_args})
  add_library(vl_interp_unit_pipelined STATIC)
  interpsim_verilate(vl_interp_unit_pipelined interp_unit Vinterp_unit
    ARGS ${pipelined_args} ${unit_flat_args})

  # INTERPSIM_LANE_ARRAY_LANES fp32 interp_lanes in one model, the SIMD
  # array's RTL lanes (sim/lanes/rtl_lane_array.hpp): one eval() per model and
  # array phase instead of one per lane (docs/design.md section 6).
  set(INTERPSIM_LANE_ARRAY_LANES 4)
  add_library(vl_interp_lane_array STATIC)
  interpsim_verilate(vl_interp_lane_array interp_lane_array Vinterp_lane_array
    ARGS -GNumLanes=${INTERPSIM_LANE_ARRAY_LANES})
  target_compile_definitions(vl_interp_lane_array PUBLIC
    INTERPSIM_LANE_ARRAY_LANES=${INTERPSIM_LANE_ARRAY_LANES})

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
        "#include \"Vinterp_unit_${io}_${kb}___024root.h\"\n"
        "#include \"Vinterp_unit_${io}_${kb}_interp_unit.h\"\n")
      string(APPEND unit_x " X(${io}, ${kb})")
    endforeach()
  endforeach()
  string(STRIP "${unit_x}" INTERPSIM_INTERP_UNIT_RTL_X)
  set(INTERPSIM_INTERP_UNIT_RTL_INCLUDES "${unit_includes}")
  configure_file(${CMAKE_CURRENT_SOURCE_DIR}/interp_unit_rtl_models.hpp.in
                 ${unit_header_dir}/interp_unit_rtl_models.hpp @ONLY)

  # interp_lane (the lane with the external table port that the arrays' RTL
  # lanes use, sim/lanes/rtl_lanes.hpp) in the same format instances:
  # Vinterp_lane_<io>_<kb> in vl_interp_lane_<io>_<kb>, the INTERFACE library
  # vl_interp_lane_formats linking them all, and the generated header
  # interp_lane_rtl_models.hpp (INTERPSIM_FOR_EACH_INTERP_LANE_RTL_FORMAT(X),
  # X(IO, KB) per instance). The fp32/fp32 lane is Vinterp_lane (vl_interp_lane).
  set(lane_includes "")
  set(lane_x "")
  add_library(vl_interp_lane_formats INTERFACE)
  set(lane_header_dir ${CMAKE_CURRENT_BINARY_DIR}/interp_lane_rtl_include)
  foreach(io ${INTERPSIM_RTL_IO_FORMATS})
    interpsim_rtl_format_args(io_args Io ${io})
    foreach(kb ${INTERPSIM_RTL_KB_FORMATS})
      interpsim_rtl_kb_format(kb_format ${io} ${kb})
      interpsim_rtl_format_args(kb_args Kb ${kb_format})
      add_library(vl_interp_lane_${io}_${kb} STATIC)
      interpsim_verilate(vl_interp_lane_${io}_${kb} interp_lane Vinterp_lane_${io}_${kb}
        ARGS ${io_args} ${kb_args})
      target_include_directories(vl_interp_lane_${io}_${kb} PUBLIC ${lane_header_dir})
      target_link_libraries(vl_interp_lane_formats INTERFACE vl_interp_lane_${io}_${kb})
      string(APPEND lane_includes "#include \"Vinterp_lane_${io}_${kb}.h\"\n")
      string(APPEND lane_x " X(${io}, ${kb})")
    endforeach()
  endforeach()
  string(STRIP "${lane_x}" lane_x)
  file(CONFIGURE OUTPUT ${lane_header_dir}/interp_lane_rtl_models.hpp CONTENT
"// Generated by rtl/interp_units.cmake: do not edit.
//
// The format instances of interp_lane (docs/rtl.md, \"Format instances\"):
// every io format of INTERPSIM_RTL_IO_FORMATS (rtl/formats.cmake) with every
// kb format of INTERPSIM_RTL_KB_FORMATS (fp32, io). Model
// Vinterp_lane_<io>_<kb> (library vl_interp_lane_<io>_<kb>); ports as
// Vinterp_lane's with cfg_a_i, cfg_b_i, in_x_i, out_y_o of the io width and
// tbl_rdata_i of 2 * (kb width) bits. The fp32/fp32 lane is Vinterp_lane
// (vl_interp_lane), not listed here. Link vl_interp_lane_formats.
//
//   #define CASE(IO, KB) run<Vinterp_lane_##IO##_##KB>(#IO, #KB);
//   INTERPSIM_FOR_EACH_INTERP_LANE_RTL_FORMAT(CASE)
#pragma once

${lane_includes}
// X(IO, KB) for every verilated format instance: IO one of fp16 bf16
// fp8e5m2 fp8e4m3 (model/number_format.hpp names), KB fp32 or io.
#define INTERPSIM_FOR_EACH_INTERP_LANE_RTL_FORMAT(X) ${lane_x}
" @ONLY)

  # The NVDLA-style value LUT (docs/rtl.md "value_lut_lane"), fp32: the unit
  # at its default SegBitsMax 8 (65- and 257-entry tables) and the lane alone
  # (external table port, for the SIMD array's design `value`).
  add_library(vl_value_lut_unit STATIC)
  interpsim_verilate(vl_value_lut_unit value_lut_unit Vvalue_lut_unit)
  add_library(vl_value_lut_lane STATIC)
  interpsim_verilate(vl_value_lut_lane value_lut_lane Vvalue_lut_lane)

  # The fixed-point unit (docs/design.md section 12) at each width:
  # Vint_interp_unit_int<W> in vl_int_interp_unit_int<W>, SegBitsMax 10.
  foreach(width 8 16 32)
    add_library(vl_int_interp_unit_int${width} STATIC)
    interpsim_verilate(vl_int_interp_unit_int${width} int_interp_unit Vint_interp_unit_int${width}
      ARGS -GWidth=${width} -GSegBitsMax=10)
  endforeach()
  # The 16-bit lane alone, external table port (denied grants in the tests).
  add_library(vl_int_interp_lane_int16 STATIC)
  interpsim_verilate(vl_int_interp_lane_int16 int_interp_lane Vint_interp_lane_int16
    ARGS -GWidth=16 -GSegBitsMax=10)
  # LBFP8 elements decoded into the integer lane's x (lbfp8_int_interp_lane),
  # int8 and int16: Vlbfp8_int_interp_lane_int<W>, SegBitsMax 10.
  foreach(width 8 16)
    add_library(vl_lbfp8_int_interp_lane_int${width} STATIC)
    interpsim_verilate(vl_lbfp8_int_interp_lane_int${width} lbfp8_int_interp_lane
      Vlbfp8_int_interp_lane_int${width} ARGS -GWidth=${width} -GSegBitsMax=10)
  endforeach()
  # The sub-word lane (1 x int32, 2 x int16, 4 x int8), external table ports;
  # its SegBitsMax reaches C++ as INTERPSIM_SUBWORD_LANE_SEG_BITS_MAX (the
  # SIMD array's fixed-point RTL lanes unpack tbl_idx_o with it).
  set(subword_lane_seg_bits_max 10)
  add_library(vl_subword_interp_lane STATIC)
  interpsim_verilate(vl_subword_interp_lane subword_interp_lane Vsubword_interp_lane
    ARGS -GSegBitsMax=${subword_lane_seg_bits_max})
  target_compile_definitions(vl_subword_interp_lane PUBLIC
    INTERPSIM_SUBWORD_LANE_SEG_BITS_MAX=${subword_lane_seg_bits_max})

  # The non-uniform table lane (search over the part starts + interp_lane),
  # external table port, PartBitsMax = interpsim_pkg::NonuniformLanePartBits:
  # the RTL lanes of design = nonuniform (sim/lanes/rtl_lanes.hpp).
  add_library(vl_nonuniform_lane STATIC)
  interpsim_verilate(vl_nonuniform_lane nonuniform_lane Vnonuniform_lane)

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
