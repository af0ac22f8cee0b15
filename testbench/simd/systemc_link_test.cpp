// Links interpsim_simd (and so libsystemc) while using nothing of the array
// model: the link succeeds only if the sc_main stub reaches every binary that
// links SystemC, whatever the build type and flags (sim/simd/sc_main_stub.cpp).
#include <gtest/gtest.h>

#include <string>

#include <systemc.h>

TEST(SystemcLink, BinaryWithoutArrayCodeLinksAndRunsSystemc) {
  EXPECT_NE(std::string(sc_core::sc_version()).find("SystemC"), std::string::npos);
}
