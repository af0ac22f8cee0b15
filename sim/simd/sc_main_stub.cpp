// libsystemc's own main() calls sc_main; interpsim and the tests have their
// own main(), so this definition only satisfies the link. It is its own object
// (sim/simd/CMakeLists.txt) so that every binary linking SystemC gets it.
// SystemC declares sc_main with C linkage (sysc/kernel/sc_externs.h).
extern "C" int sc_main(int /*argc*/, char** /*argv*/) {
  return 0;
}
