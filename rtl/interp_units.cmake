# Interpolation units (interp_lane, interp_unit) and the binary-search
# baselines (bsearch_pipelined, bsearch_iterative): verilated static libraries
# for the tests, the simulator and `interpsim verify`. Included from
# rtl/CMakeLists.txt after fp_units.cmake.
set(INTERPSIM_INTERP_VERILATOR_ARGS -O3 --x-assign fast --x-initial fast)

set(INTERPSIM_FP_RTL
  ${CMAKE_CURRENT_SOURCE_DIR}/fp32_lzc.sv
  ${CMAKE_CURRENT_SOURCE_DIR}/fp32_add.sv
  ${CMAKE_CURRENT_SOURCE_DIR}/fp32_fma.sv)
set(INTERPSIM_INTERP_RTL
  ${CMAKE_CURRENT_SOURCE_DIR}/interp_order_key.sv
  ${CMAKE_CURRENT_SOURCE_DIR}/interp_side_fifo.sv
  ${CMAKE_CURRENT_SOURCE_DIR}/table_mem.sv
  ${INTERPSIM_FP_RTL}
  ${CMAKE_CURRENT_SOURCE_DIR}/interp_lane.sv
  ${CMAKE_CURRENT_SOURCE_DIR}/interp_unit.sv
  CACHE INTERNAL "interp_unit sources in compile order")
set(INTERPSIM_BSEARCH_RTL
  ${CMAKE_CURRENT_SOURCE_DIR}/interp_order_key.sv
  ${CMAKE_CURRENT_SOURCE_DIR}/table_mem.sv
  ${INTERPSIM_FP_RTL})
# Every file, in compile order, for lint, Icarus and Yosys drivers.
set(INTERPSIM_INTERP_RTL_ALL
  ${INTERPSIM_INTERP_RTL}
  ${CMAKE_CURRENT_SOURCE_DIR}/bsearch_pipelined.sv
  ${CMAKE_CURRENT_SOURCE_DIR}/bsearch_iterative.sv
  CACHE INTERNAL "interp RTL sources in compile order")

# The bsearch variants are verilated at these N = 2^SegBits (one model each).
set(INTERPSIM_BSEARCH_SEG_BITS 4 8)

if(verilator_FOUND AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/fp32_fma.sv)
  # Fast model for tests, benchmarks and the simulator.
  add_library(vl_interp_unit STATIC)
  verilate(vl_interp_unit SOURCES ${INTERPSIM_INTERP_RTL}
    TOP_MODULE interp_unit PREFIX Vinterp_unit
    VERILATOR_ARGS ${INTERPSIM_INTERP_VERILATOR_ARGS})

  # The same unit with VCD tracing compiled in (interpsim verify --vcd).
  add_library(vl_interp_unit_trace STATIC)
  verilate(vl_interp_unit_trace SOURCES ${INTERPSIM_INTERP_RTL}
    TOP_MODULE interp_unit PREFIX Vinterp_unit_trace TRACE
    VERILATOR_ARGS ${INTERPSIM_INTERP_VERILATOR_ARGS})

  # The lane alone, external table port (arrays with shared/banked tables).
  add_library(vl_interp_lane STATIC)
  verilate(vl_interp_lane SOURCES ${INTERPSIM_INTERP_RTL}
    TOP_MODULE interp_lane PREFIX Vinterp_lane
    VERILATOR_ARGS ${INTERPSIM_INTERP_VERILATOR_ARGS})

  foreach(variant pipelined iterative)
    add_library(vl_bsearch_${variant} STATIC)
    foreach(seg_bits ${INTERPSIM_BSEARCH_SEG_BITS})
      verilate(vl_bsearch_${variant}
        SOURCES ${INTERPSIM_BSEARCH_RTL} ${CMAKE_CURRENT_SOURCE_DIR}/bsearch_${variant}.sv
        TOP_MODULE bsearch_${variant} PREFIX Vbsearch_${variant}_${seg_bits}
        VERILATOR_ARGS ${INTERPSIM_INTERP_VERILATOR_ARGS} -GSegBits=${seg_bits})
    endforeach()
  endforeach()

  # Variants the SIMD array model (sim/simd) needs beyond these: interp_lane
  # with VCD tracing (--vcd) and the binary-search units at 4096 segments.
  add_library(vl_simd_rtl STATIC)
  verilate(vl_simd_rtl
    SOURCES ${INTERPSIM_INTERP_RTL}
    TOP_MODULE interp_lane PREFIX Vinterp_lane_trace TRACE
    VERILATOR_ARGS ${INTERPSIM_INTERP_VERILATOR_ARGS})
  foreach(variant pipelined iterative)
    verilate(vl_simd_rtl
      SOURCES ${INTERPSIM_BSEARCH_RTL} ${CMAKE_CURRENT_SOURCE_DIR}/bsearch_${variant}.sv
      TOP_MODULE bsearch_${variant} PREFIX Vbsearch_${variant}_12
      VERILATOR_ARGS ${INTERPSIM_INTERP_VERILATOR_ARGS} -GSegBits=12)
  endforeach()
  target_compile_options(vl_simd_rtl PRIVATE -Wno-unused-parameter -w)
endif()
