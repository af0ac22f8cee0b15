// The function registry: float64 references, derivatives, default intervals
// and edge lines of every nonlinear function the tables can approximate.
#pragma once

#include <string>
#include <vector>

#include "model/table.hpp"

namespace interpsim {

using RealFunction = double (*)(double);

// A line y = k*x + b that an edge row may hold; absent where there is no asymptote.
struct EdgeLine {
  bool present = false;
  float k = 0.0f;
  float b = 0.0f;
};

// One registered function. Defaults are documented in docs/algorithm.md.
struct FunctionInfo {
  std::string name;
  RealFunction value;       // float64 reference f(x)
  RealFunction derivative;  // f'(x)
  float default_a;          // default interval [a, a + 2^m]
  int default_m;
  EdgeMode default_edges;
  // Asymptote lines used by EdgeMode::kAsymptote: y = k*x + b below a and above b.
  // A side without an asymptote (has_*_asymptote false) falls back to extrapolation.
  float below_k, below_b, above_k, above_b;
  std::string description;
  bool has_below_asymptote = true;
  bool has_above_asymptote = true;
  RealFunction second_derivative = nullptr;     // f''(x), for the h^2/8*max|f''| error bound
  EdgeLine derivative_below, derivative_above;  // asymptotes of f', for derivative tables
};

// The asymptote lines of f (or of f') below a and above b.
EdgeLine below_asymptote(const FunctionInfo& info, bool derivative);
EdgeLine above_asymptote(const FunctionInfo& info, bool derivative);

// exp, tanh, sigmoid, gelu, gelu_tanh, silu, softplus, reciprocal, rsqrt.
const std::vector<FunctionInfo>& all_functions();

// Throws std::invalid_argument whose message lists the known names.
const FunctionInfo& find_function(const std::string& name);

// "exp, tanh, ..." for help texts and error messages.
std::string function_names();

// The float64 function a table approximates: f, or f' for a derivative table.
RealFunction table_reference(const std::string& func, bool derivative);

}  // namespace interpsim
