#include "model/functions.hpp"

#include <cmath>
#include <stdexcept>

namespace interpsim {
namespace {

constexpr double kSqrtHalf = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;
constexpr double kSqrt2OverPi = 0.79788456080286535588;
constexpr double kGeluTanhCubic = 0.044715;

double sigmoid(double x) {
  // Two forms so neither side overflows or cancels.
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

double exp_f(double x) {
  return std::exp(x);
}

double tanh_f(double x) {
  return std::tanh(x);
}
double tanh_d1(double x) {
  const double t = std::tanh(x);
  return 1.0 - t * t;
}
double tanh_d2(double x) {
  const double t = std::tanh(x);
  return -2.0 * t * (1.0 - t * t);
}

double sigmoid_f(double x) {
  return sigmoid(x);
}
double sigmoid_d1(double x) {
  const double s = sigmoid(x);
  return s * (1.0 - s);
}
double sigmoid_d2(double x) {
  const double s = sigmoid(x);
  return s * (1.0 - s) * (1.0 - 2.0 * s);
}

// Phi(x) via erfc keeps full relative accuracy in the left tail.
double normal_cdf(double x) {
  return 0.5 * std::erfc(-x * kSqrtHalf);
}
double normal_pdf(double x) {
  return kInvSqrt2Pi * std::exp(-0.5 * x * x);
}

double gelu_f(double x) {
  return x * normal_cdf(x);
}
double gelu_d1(double x) {
  return normal_cdf(x) + x * normal_pdf(x);
}
double gelu_d2(double x) {
  return normal_pdf(x) * (2.0 - x * x);
}

double gelu_tanh_f(double x) {
  const double u = kSqrt2OverPi * (x + kGeluTanhCubic * x * x * x);
  return 0.5 * x * (1.0 + std::tanh(u));
}
double gelu_tanh_d1(double x) {
  const double u = kSqrt2OverPi * (x + kGeluTanhCubic * x * x * x);
  const double du = kSqrt2OverPi * (1.0 + 3.0 * kGeluTanhCubic * x * x);
  const double t = std::tanh(u);
  return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
}
double gelu_tanh_d2(double x) {
  const double u = kSqrt2OverPi * (x + kGeluTanhCubic * x * x * x);
  const double du = kSqrt2OverPi * (1.0 + 3.0 * kGeluTanhCubic * x * x);
  const double ddu = kSqrt2OverPi * 6.0 * kGeluTanhCubic * x;
  const double t = std::tanh(u);
  const double sech2 = 1.0 - t * t;
  return sech2 * (du + 0.5 * x * (ddu - 2.0 * t * du * du));
}

double silu_f(double x) {
  return x * sigmoid(x);
}
double silu_d1(double x) {
  const double s = sigmoid(x);
  return s + x * s * (1.0 - s);
}
double silu_d2(double x) {
  const double s = sigmoid(x);
  return s * (1.0 - s) * (2.0 + x * (1.0 - 2.0 * s));
}

double softplus_f(double x) {
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}
double softplus_d1(double x) {
  return sigmoid(x);
}
double softplus_d2(double x) {
  return sigmoid_d1(x);
}

double reciprocal_f(double x) {
  return 1.0 / x;
}
double reciprocal_d1(double x) {
  return -1.0 / (x * x);
}
double reciprocal_d2(double x) {
  return 2.0 / (x * x * x);
}

double rsqrt_f(double x) {
  return 1.0 / std::sqrt(x);
}
double rsqrt_d1(double x) {
  return -0.5 / (x * std::sqrt(x));
}
double rsqrt_d2(double x) {
  return 0.75 / (x * x * std::sqrt(x));
}

constexpr EdgeLine kNone{false, 0.0f, 0.0f};
constexpr EdgeLine line(float k, float b) {
  return EdgeLine{true, k, b};
}

FunctionInfo make(const char* name, RealFunction value, RealFunction d1, RealFunction d2, float a,
                  int m, EdgeMode edges, EdgeLine below, EdgeLine above, EdgeLine d_below,
                  EdgeLine d_above, const char* description) {
  FunctionInfo info;
  info.name = name;
  info.value = value;
  info.derivative = d1;
  info.second_derivative = d2;
  info.default_a = a;
  info.default_m = m;
  info.default_edges = edges;
  info.below_k = below.k;
  info.below_b = below.b;
  info.above_k = above.k;
  info.above_b = above.b;
  info.has_below_asymptote = below.present;
  info.has_above_asymptote = above.present;
  info.derivative_below = d_below;
  info.derivative_above = d_above;
  info.description = description;
  return info;
}

std::vector<FunctionInfo> build_registry() {
  const EdgeMode asym = EdgeMode::kAsymptote;
  const EdgeMode extra = EdgeMode::kExtrapolate;
  return {
      make("exp", exp_f, exp_f, exp_f, -16.0f, 4, asym, line(0, 0), kNone, line(0, 0), kNone,
           "e^x; softmax numerators, x - max(x) <= 0; interval [-16, 0]"),
      make("tanh", tanh_f, tanh_d1, tanh_d2, -4.0f, 3, asym, line(0, -1), line(0, 1), line(0, 0),
           line(0, 0), "hyperbolic tangent; interval [-4, 4]"),
      make("sigmoid", sigmoid_f, sigmoid_d1, sigmoid_d2, -8.0f, 4, asym, line(0, 0), line(0, 1),
           line(0, 0), line(0, 0), "1 / (1 + e^-x); interval [-8, 8]"),
      make("gelu", gelu_f, gelu_d1, gelu_d2, -5.0f, 3, asym, line(0, 0), line(1, 0), line(0, 0),
           line(0, 1), "x * Phi(x) = 0.5 x (1 + erf(x / sqrt2)); interval [-5, 3]"),
      make("gelu_tanh", gelu_tanh_f, gelu_tanh_d1, gelu_tanh_d2, -5.0f, 3, asym, line(0, 0),
           line(1, 0), line(0, 0), line(0, 1),
           "0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); interval [-5, 3]"),
      make("silu", silu_f, silu_d1, silu_d2, -16.0f, 5, asym, line(0, 0), line(1, 0), line(0, 0),
           line(0, 1), "x * sigmoid(x) (swish); interval [-16, 16]"),
      make("softplus", softplus_f, softplus_d1, softplus_d2, -16.0f, 5, asym, line(0, 0),
           line(1, 0), line(0, 0), line(0, 1), "log(1 + e^x); interval [-16, 16]"),
      make("reciprocal", reciprocal_f, reciprocal_d1, reciprocal_d2, 1.0f, 0, extra, kNone,
           line(0, 0), kNone, line(0, 0),
           "1 / x on one binade [1, 2] (callers range-reduce by the exponent)"),
      make("rsqrt", rsqrt_f, rsqrt_d1, rsqrt_d2, 1.0f, 2, extra, kNone, line(0, 0), kNone,
           line(0, 0), "1 / sqrt(x) on [1, 5], covering the two binades [1, 4) of range reduction"),
  };
}

}  // namespace

const std::vector<FunctionInfo>& all_functions() {
  static const std::vector<FunctionInfo> registry = build_registry();
  return registry;
}

std::string function_names() {
  std::string names;
  for (const FunctionInfo& info : all_functions()) {
    if (!names.empty()) names += ", ";
    names += info.name;
  }
  return names;
}

const FunctionInfo& find_function(const std::string& name) {
  for (const FunctionInfo& info : all_functions()) {
    if (info.name == name) return info;
  }
  throw std::invalid_argument("unknown function '" + name + "' (known: " + function_names() + ")");
}

RealFunction table_reference(const std::string& func, bool derivative) {
  const FunctionInfo& info = find_function(func);
  return derivative ? info.derivative : info.value;
}

EdgeLine below_asymptote(const FunctionInfo& info, bool derivative) {
  if (derivative) return info.derivative_below;
  return EdgeLine{info.has_below_asymptote, info.below_k, info.below_b};
}

EdgeLine above_asymptote(const FunctionInfo& info, bool derivative) {
  if (derivative) return info.derivative_above;
  return EdgeLine{info.has_above_asymptote, info.above_k, info.above_b};
}

}  // namespace interpsim
