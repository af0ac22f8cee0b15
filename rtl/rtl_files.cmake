# The RTL file list: every rtl/ module (file rtl/MODULE.sv, one module per
# file) with the modules it instantiates. Each dependency list is written
# here and nowhere else; the sources of a top are its dependencies (depth
# first) followed by itself. Readers: interpsim_rtl_sources() below (every
# verilate() call), rtl/rtl_files.py (Icarus runs, lint, Yosys synthesis).
# rtl/interpsim_pkg.svh is not listed: the files that use it include it.
#
# Format (rtl/rtl_files.py parses it too): one quoted "MODULE: DEP DEP ..."
# entry per line inside this set().
set(INTERPSIM_RTL_MODULES
  "lzc:"
  "fp_add: lzc"
  "fp_fma: lzc"
  "fp32_add: fp_add"
  "fp32_fma: fp_fma"
  "interp_order_key:"
  "interp_side_fifo:"
  "interp_side_pipe:"
  "table_mem:"
  "lbfp_antilog:"
  "lbfp8_mul: lbfp_antilog"
  "lbfp8_decode: lbfp_antilog"
  "lbfp_align:"
  "int8_mul:"
  "interp_output_stage: fp_fma fp32_fma"
  "interp_lane: interp_order_key interp_side_pipe fp_add fp32_add interp_output_stage"
  "interp_unit: interp_lane table_mem"
  "interp_lane_array: interp_lane"
  "int_interp_lane:"
  "int_interp_unit: int_interp_lane table_mem"
  "lbfp8_int_interp_lane: lbfp8_decode int_interp_lane"
  "lbfp_interp_lane: lbfp8_mul lbfp8_decode lbfp_align"
  "subword_interp_lane: int_interp_lane"
  "bsearch_pipelined: interp_order_key table_mem interp_output_stage"
  "bsearch_iterative: interp_order_key table_mem interp_output_stage"
  "value_lut_lane: interp_order_key interp_side_fifo fp32_add fp32_fma lzc interp_output_stage"
  "value_lut_unit: value_lut_lane table_mem"
  "nonuniform_lane: interp_order_key table_mem interp_lane"
)

set(INTERPSIM_RTL_DIR ${CMAKE_CURRENT_LIST_DIR} CACHE INTERNAL "rtl/ source directory")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_FILE})

foreach(entry ${INTERPSIM_RTL_MODULES})
  string(REGEX MATCH "^([A-Za-z0-9_]+):(.*)$" matched "${entry}")
  if(NOT matched)
    message(FATAL_ERROR "rtl_files.cmake: bad entry '${entry}'")
  endif()
  separate_arguments(deps UNIX_COMMAND "${CMAKE_MATCH_2}")
  set_property(GLOBAL PROPERTY INTERPSIM_RTL_DEPS_${CMAKE_MATCH_1} "${deps}")
  set_property(GLOBAL APPEND PROPERTY INTERPSIM_RTL_MODULE_NAMES ${CMAKE_MATCH_1})
endforeach()

# interpsim_rtl_sources(OUT_VAR TOP...): absolute paths of the sources of the
# given modules and everything they instantiate, dependencies first, once each.
function(interpsim_rtl_sources out_var)
  set(order)
  set(pending ${ARGN})
  # Depth-first post-order without recursion: a stack of modules, each pushed
  # back behind its dependencies until they are placed.
  list(REVERSE pending)
  set(visiting)
  while(pending)
    list(POP_BACK pending module)
    if(module IN_LIST order)
      continue()
    endif()
    get_property(known GLOBAL PROPERTY INTERPSIM_RTL_DEPS_${module} SET)
    if(NOT known)
      message(FATAL_ERROR "interpsim_rtl_sources: ${module} is not in rtl/rtl_files.cmake")
    endif()
    get_property(deps GLOBAL PROPERTY INTERPSIM_RTL_DEPS_${module})
    set(missing)
    foreach(dep ${deps})
      if(NOT dep IN_LIST order)
        list(APPEND missing ${dep})
      endif()
    endforeach()
    if(NOT missing)
      list(APPEND order ${module})
    elseif(module IN_LIST visiting)
      message(FATAL_ERROR "interpsim_rtl_sources: dependency cycle at ${module}")
    else()
      list(APPEND visiting ${module})
      list(APPEND pending ${module})
      list(REVERSE missing)
      list(APPEND pending ${missing})
    endif()
  endwhile()
  list(TRANSFORM order PREPEND "${INTERPSIM_RTL_DIR}/")
  list(TRANSFORM order APPEND ".sv")
  set(${out_var} ${order} PARENT_SCOPE)
endfunction()

# Verilator arguments of every fast model (tests, benchmarks, simulator).
set(INTERPSIM_VERILATOR_FAST_ARGS -O3 --x-assign fast --x-initial fast
  CACHE INTERNAL "Verilator arguments of the fast verilated models")

# Verilator's runtime headers are not ours to warn about: include them as system headers.
function(interpsim_quiet_verilator_headers target)
  target_include_directories(${target} SYSTEM PUBLIC "${VERILATOR_ROOT}/include"
                                                     "${VERILATOR_ROOT}/include/vltstd")
  target_compile_options(${target} PRIVATE -Wno-unused-parameter)
endfunction()

# interpsim_verilate(TARGET TOP PREFIX [TRACE] [ARGS arg...]): verilate rtl/TOP
# and its dependencies into the library TARGET as model PREFIX, with the fast
# arguments and extra ARGS such as -GParam=value; Verilator's headers become
# system headers of TARGET. No -y or -I search path
# (Verilator would find a module missing from the list there): includes
# resolve next to the including file (--relative-includes).
function(interpsim_verilate target top prefix)
  cmake_parse_arguments(arg "TRACE" "" "ARGS" ${ARGN})
  interpsim_rtl_sources(sources ${top})
  set(trace)
  if(arg_TRACE)
    set(trace TRACE)
  endif()
  verilate(${target} SOURCES ${sources} TOP_MODULE ${top} PREFIX ${prefix} ${trace}
    VERILATOR_ARGS ${INTERPSIM_VERILATOR_FAST_ARGS} --relative-includes ${arg_ARGS})
  interpsim_quiet_verilator_headers(${target})
  interpsim_unity_verilated(${target})
endfunction()

# The model's generated C++ files compiled as one translation unit (what
# Verilator's own makefile does with <prefix>__ALL.cpp): the per-clock
# functions of each module then inline into the eval loop, -8 % instructions
# per clock for interp_unit (docs/results/rtl-throughput.md). Verilator's
# runtime sources (verilated*.cpp) stay separate.
function(interpsim_unity_verilated target)
  get_target_property(target_sources ${target} SOURCES)
  set(generated "")
  foreach(source ${target_sources})
    if(source MATCHES "/CMakeFiles/${target}\\.dir/[^/]+\\.dir/[^/]+\\.cpp$")
      list(APPEND generated ${source})
    endif()
  endforeach()
  if(NOT generated)
    message(FATAL_ERROR "interpsim_unity_verilated: no generated sources found in ${target}")
  endif()
  set_source_files_properties(${generated} PROPERTIES UNITY_GROUP model)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_MODE GROUP)
endfunction()

# interpsim_rtl_pkg_int(NAME OUT_VAR): the value of `localparam int NAME = <integer>;`
# in rtl/interpsim_pkg.svh (e.g. FpAddLatency for the tests' expectations).
function(interpsim_rtl_pkg_int name out_var)
  set(pkg ${INTERPSIM_RTL_DIR}/interpsim_pkg.svh)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${pkg})
  file(STRINGS ${pkg} line REGEX "localparam int ${name} *= *[0-9]+ *;")
  string(REGEX MATCH "= *[0-9]+" value "${line}")
  string(REGEX MATCH "[0-9]+" value "${value}")
  if(NOT value MATCHES "^[0-9]+$")
    message(FATAL_ERROR "no 'localparam int ${name} = <integer>;' in ${pkg}")
  endif()
  set(${out_var} ${value} PARENT_SCOPE)
endfunction()
