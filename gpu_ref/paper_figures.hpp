// The paper's V100 figures (Huang et al., High Technology Letters 2023,
// Tables 3, 11, 12), printed by
// gpu_bench beside the measured ones.
#pragma once

#include <array>

namespace gpu_ref {

// Table 3: kernel time (ms), native vs Algorithm 1 at 64/256/1024/4096 segments.
struct PaperTable3Row {
  const char* function;
  double native_ms;
  std::array<double, 4> alg1_ms;  // 64, 256, 1024, 4096 segments
  double speedup;
};
constexpr std::array<int, 4> kPaperTable3Segments = {64, 256, 1024, 4096};
constexpr std::array<PaperTable3Row, 4> kPaperTable3 = {{
    {"exp", 549.13, {484.70, 484.70, 484.72, 484.77}, 1.13},
    {"tanh", 574.43, {484.71, 484.72, 484.74, 484.83}, 1.19},
    {"sigmoid", 767.46, {484.70, 484.77, 484.74, 484.82}, 1.58},
    {"gelu", 900.52, {484.64, 484.64, 484.64, 484.63}, 1.86},
}};
constexpr double kPaperTable3AverageSpeedup = 1.44;

// Table 11: GELU kernel time (ms) and speedup over native GELU.
struct PaperTable11Row {
  const char* method;  // gpu_ref kernel name
  double ms;
  double speedup;
};
constexpr std::array<PaperTable11Row, 4> kPaperTable11 = {{
    {"native_gelu_normcdf", 900.52, 1.00},
    {"igelu_f32", 1190.86, 0.76},
    {"igelu_i32", 953.82, 0.94},
    {"alg1_global", 484.63, 1.86},  // 4096 segments
}};

// Table 12: speedup over native GELU, binary-search LUT vs Algorithm 1.
struct PaperTable12Row {
  int segments;
  double bsearch_speedup;
  double alg1_speedup;
  double alg1_over_bsearch;
};
constexpr std::array<PaperTable12Row, 5> kPaperTable12 = {{
    {16, 4.559, 1.858, 0.404},
    {64, 2.794, 1.858, 0.665},
    {256, 1.356, 1.858, 1.370},
    {1024, 0.516, 1.858, 3.602},
    {4096, 0.193, 1.858, 9.645},
}};

}  // namespace gpu_ref
