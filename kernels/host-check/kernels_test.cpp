// Runs every kernel of blitz.cu on the host (cuda_emu.h) and compares it with a plain loop.
// Build and run from the repository root (KernelsOnHostTest does this when g++ is installed):
//   g++ -std=c++20 -O1 -pthread -Wno-unknown-pragmas -Ikernels -Ikernels/host-check kernels/host-check/kernels_test.cpp -o kt && ./kt
#include "cuda_emu.h"
#include "blitz.cu"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <type_traits>

static int failures = 0;
static std::mt19937 rng(42);

static std::vector<float> random(size_t n) {
    std::uniform_real_distribution<float> u(-2, 2);
    std::vector<float> v(n);
    for (auto& x : v) x = u(rng);
    return v;
}

static bool close(double got, double want, double tol = 1e-6) {
    return std::fabs(got - want) <= tol * (1 + std::fabs(want));
}

// Reports the first mismatch of a kernel's output only.
static bool expect(bool ok, const char* what, double got, double want) {
    if (!ok) {
        ++failures;
        printf("FAIL %s: got %.9g, want %.9g\n", what, got, want);
    }
    return ok;
}

static unsigned gridFor(long n) { return (unsigned)std::clamp((n + 255) / 256, 1L, 4096L); }

static std::vector<int> contiguous(const std::vector<int>& dims) {
    std::vector<int> strides(dims.size());
    for (int d = (int)dims.size() - 1, s = 1; d >= 0; s *= dims[d--]) strides[d] = s;
    return strides;
}

static Strides strides(const std::vector<int>& dims, const std::vector<int>& a, const std::vector<int>& b,
                       const std::vector<int>& c = {}) {
    Strides s{};
    s.rank = (int)dims.size();
    for (size_t d = 0; d < dims.size(); ++d) {
        s.dims[d] = dims[d];
        s.a[d] = a[d];
        s.b[d] = b.empty() ? 0 : b[d];
        s.c[d] = c.empty() ? 0 : c[d];
    }
    return s;
}

static int product(const std::vector<int>& dims) {
    int n = 1;
    for (int d : dims) n *= d;
    return n;
}

// keep[d] = 1 where dst keeps source dim d.
static void sumTo(const std::vector<int>& src, const std::vector<int>& keep, unsigned grid) {
    std::vector<int> dstDims;
    for (size_t d = 0; d < src.size(); ++d) dstDims.push_back(keep[d] ? src[d] : 1);
    auto cd = contiguous(dstDims);
    std::vector<int> a(src.size());
    for (size_t d = 0; d < src.size(); ++d) a[d] = keep[d] && src[d] > 1 ? cd[d] : 0;
    int n = product(src), nDst = product(dstDims);
    auto x = random(n);
    std::vector<double> want(nDst, 0);
    for (int i = 0; i < n; ++i) {
        int rest = i, j = 0;
        for (int d = (int)src.size() - 1; d >= 0; rest /= src[d--]) j += rest % src[d] * a[d];
        want[j] += x[i];
    }
    std::vector<float> dst(nDst, NAN);
    Strides s = strides(src, a, {});
    launch(grid, 256, [&] { sum_to_f32(nDst, x.data(), dst.data(), s); });
    for (int j = 0; j < nDst; ++j) if (!expect(close(dst[j], want[j], 1e-5), "sum_to_f32", dst[j], want[j])) break;
}

static void mse(int n, unsigned block = 256) {
    auto x = random(n), t = random(n);
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += ((double)x[i] - t[i]) * ((double)x[i] - t[i]);
    int blocks = std::clamp((n + 255) / 256, 1, 1024);
    std::vector<float> partials(blocks, NAN), out(1, NAN);
    launch(blocks, block, [&] { mse_partial_f32(n, x.data(), t.data(), partials.data()); });
    float mean = 1.0f / std::max(n, 1);
    launch(1, 256, [&] { sum_finish_f32(blocks, partials.data(), mean, out.data()); });
    expect(close(out[0], sum * mean, 1e-5), "mse mean", out[0], sum * mean);
    launch(1, 256, [&] { sum_finish_f32(blocks, partials.data(), 1.0f, out.data()); });
    expect(close(out[0], sum, 1e-5), "mse sum", out[0], sum);

    std::vector<float> none(n);
    launch(gridFor(n), 256, [&] { mse_none_f32(n, x.data(), t.data(), none.data()); });
    for (int i = 0; i < n; ++i) {
        float d = x[i] - t[i];
        if (!expect(none[i] == d * d, "mse_none_f32", none[i], d * d)) break;
    }

    float gradOut = 0.75f;
    auto gradOuts = random(n);
    std::vector<float> gradIn(n);
    launch(gridFor(n), 256, [&] { mse_backward_f32(n, x.data(), t.data(), &gradOut, 0, 2 * mean, gradIn.data()); });
    for (int i = 0; i < n; ++i) {
        float want = 2 * mean * (x[i] - t[i]) * gradOut;
        if (!expect(close(gradIn[i], want), "mse_backward_f32 mean", gradIn[i], want)) break;
    }
    launch(gridFor(n), 256, [&] { mse_backward_f32(n, x.data(), t.data(), gradOuts.data(), 1, 2, gradIn.data()); });
    for (int i = 0; i < n; ++i) {
        float want = 2 * (x[i] - t[i]) * gradOuts[i];
        if (!expect(close(gradIn[i], want), "mse_backward_f32 none", gradIn[i], want)) break;
    }
}

// torch.optim.SGD's _single_tensor_sgd, one element at a time.
static void sgd() {
    const int n = 1000;
    for (int flags = 0; flags < 16; ++flags) {
        bool nesterov = flags & SGD_NESTEROV, maximize = flags & SGD_MAXIMIZE, first = flags & SGD_FIRST_STEP,
             momentum = flags & SGD_HAS_MOMENTUM;
        if (nesterov && !momentum) continue;
        auto p = random(n), g = random(n), buf = random(n);
        auto wantP = p, wantBuf = buf;
        float lr = 0.1f, mu = momentum ? 0.9f : 0, dampening = 0.25f, wd = 0.01f;
        launch(3, 256, [&] { sgd_f32(n, p.data(), g.data(), momentum ? buf.data() : nullptr, lr, mu, dampening, wd, flags); });
        for (int i = 0; i < n; ++i) {
            float d = maximize ? -g[i] : g[i];
            d = d + wd * wantP[i];
            if (momentum) {
                wantBuf[i] = first ? d : mu * wantBuf[i] + (1 - dampening) * d;
                d = nesterov ? d + mu * wantBuf[i] : wantBuf[i];
            }
            wantP[i] = wantP[i] - lr * d;
        }
        for (int i = 0; i < n; ++i) {
            if (!expect(close(p[i], wantP[i]), "sgd_f32 param", p[i], wantP[i])) { printf("  flags %d\n", flags); break; }
            if (momentum && !expect(close(buf[i], wantBuf[i]), "sgd_f32 buf", buf[i], wantBuf[i])) break;
        }
    }
}

// close(), with NaN matching NaN and infinities matching exactly.
static bool same(double got, double want, double tol) {
    if (std::isnan(want) || std::isinf(want)) return std::isnan(want) ? std::isnan(got) : got == want;
    return close(got, want, tol);
}

// Log-softmax per row in double; the shift rule of the CPU kernel (0 for an infinite maximum).
static std::vector<float> logSoftmaxWant(const std::vector<float>& x, int rows, int cols) {
    std::vector<float> want(x.size());
    for (int r = 0; r < rows; ++r) {
        const float* xr = &x[size_t(r) * cols];
        float max = -INFINITY;
        for (int j = 0; j < cols; ++j) max = std::isnan(max) || std::isnan(xr[j]) ? NAN : std::max(max, xr[j]);
        float shift = std::isinf(max) ? 0 : max;
        double sum = 0;
        for (int j = 0; j < cols; ++j) sum += std::exp(double(xr[j]) - shift);
        for (int j = 0; j < cols; ++j) want[size_t(r) * cols + j] = float(double(xr[j]) - shift - std::log(sum));
    }
    return want;
}

// Rows 0..3 (where there are that many) hold a -inf, only -inf, a +inf, a NaN.
static void logSoftmax(int rows, int cols, unsigned grid, unsigned block) {
    auto x = random(size_t(rows) * cols);
    for (auto& v : x) v *= 5;
    if (rows >= 4 && cols >= 2) {
        x[0] = -INFINITY;
        for (int j = 0; j < cols; ++j) x[cols + j] = -INFINITY;
        x[2 * cols + 1] = INFINITY;
        x[3 * cols + cols - 1] = NAN;
    }
    auto want = logSoftmaxWant(x, rows, cols);
    std::vector<float> out(x.size(), 12345);
    launch(grid, block, [&] { log_softmax_f32(rows, x.data(), cols, out.data()); });
    for (size_t i = 0; i < x.size(); ++i) {
        if (!expect(same(out[i], want[i], 1e-5), "log_softmax_f32", out[i], want[i])) {
            printf("  rows %d cols %d grid %u block %u, element %zu\n", rows, cols, grid, block, i);
            return;
        }
    }
}

// Every reduction through the launcher's steps (per-row losses, then sum_finish_f32 for sum and
// cross_entropy_mean_f32 for mean), the backward for each, targets of -100 (PyTorch's ignore_index: every
// ignoreEvery-th row, from row 1; 1 ignores every row, 0 none), and targets that are not class indices.
static void crossEntropy(int n, int c, float eps, unsigned grid, unsigned block = 256, int ignoreEvery = 0) {
    const float ignore = -100.0f;
    auto logits = random(size_t(n) * c);
    auto logp = logSoftmaxWant(logits, n, c);
    std::uniform_int_distribution<int> cls(0, c - 1);
    std::vector<float> target(n);
    for (auto& t : target) t = float(cls(rng));
    auto ignored = [&](int i) { return ignoreEvery == 1 || (ignoreEvery > 1 && i % ignoreEvery == 1); };
    for (int i = 0; i < n; ++i) {
        if (ignored(i)) target[i] = ignore;
    }
    std::vector<double> loss(n);
    double total = 0;
    int kept = 0;
    for (int i = 0; i < n; ++i) {
        if (ignored(i)) continue;  // loss 0
        double sum = 0;
        for (int j = 0; j < c; ++j) sum += logp[size_t(i) * c + j];
        loss[i] = -(1.0 - eps) * logp[size_t(i) * c + int(target[i])] - eps * sum / c;
        total += loss[i];
        ++kept;
    }
    std::vector<float> rows(std::max(n, 1), 12345), bad(2, 0), out(1);
    launch(grid, block, [&] {
        cross_entropy_f32(n, logp.data(), target.data(), c, eps, ignore, rows.data(), bad.data());
    });
    for (int i = 0; i < n; ++i) {
        bool ok = ignored(i) ? rows[i] == 0.0f : close(rows[i], loss[i], 1e-5);
        if (!expect(ok, ignored(i) ? "cross_entropy_f32 ignored row" : "cross_entropy_f32", rows[i], loss[i])) break;
    }
    expect(bad[0] == 0 && bad[1] == 0, "cross_entropy_f32 flags no valid or ignored target", bad[0], 0);
    launch(1, 256, [&] { sum_finish_f32(n, rows.data(), 1.0f, out.data()); });
    expect(close(out[0], total, 1e-5), "cross_entropy sum", out[0], total);
    launch(1, block, [&] {
        cross_entropy_mean_f32(n, rows.data(), n, target.data(), ignore, out.data());
    });
    if (kept == 0) {
        expect(std::isnan(out[0]), "cross_entropy mean over no kept row is NaN", out[0], NAN);
    } else {
        expect(close(out[0], total / kept, 1e-5), "cross_entropy mean over the kept rows", out[0], total / kept);
    }

    auto gradOuts = random(n);
    float one = 0.75f;
    for (int reduction = 0; reduction < 3; ++reduction) {  // none, sum, mean
        int stride = reduction == 0 ? 1 : 0;
        const float* g = reduction == 0 ? gradOuts.data() : &one;
        float perKept = 12345;
        if (reduction == 2) {
            launch(1, block, [&] { cross_entropy_mean_f32(1, &one, n, target.data(), ignore, &perKept); });
            g = &perKept;
        }
        double scale = reduction == 2 ? 1.0 / kept : 1.0;
        std::vector<float> gradIn(size_t(n) * c, 12345);
        int total = n * c;
        launch(std::min(gridFor(total), 3u), 256, [&] {  // grid-stride: a few blocks cover any size
            cross_entropy_backward_f32(total, logp.data(), target.data(), g, stride, c, eps, ignore, gradIn.data());
        });
        for (int k = 0; k < total; ++k) {
            int i = k / c, j = k % c;
            double upstream = reduction == 0 ? gradOuts[i] : one;
            double q = (!ignored(i) && j == int(target[i]) ? 1.0 - eps : 0.0) + double(eps) / c;
            double want = ignored(i) ? 0.0 : upstream * scale * (std::exp(double(logp[k])) - q);
            bool ok = ignored(i) ? gradIn[k] == 0.0f
                                 : std::fabs(gradIn[k] - want) <= 1e-6 * (std::fabs(upstream * scale) + 1e-3);
            if (!expect(ok, ignored(i) ? "cross_entropy_backward_f32 ignored row" : "cross_entropy_backward_f32",
                        gradIn[k], want)) {
                printf("  n %d c %d eps %g reduction %d ignoreEvery %d\n", n, c, eps, reduction, ignoreEvery);
                break;
            }
        }
    }

    // Not class indices: never used as an index, NaN for their rows, one of them reported with c.
    if (n < 5 || ignoreEvery != 0) return;
    std::vector<float> invalid = {float(c), -1.0f, 0.5f, NAN};
    for (int i = 0; i < 4; ++i) target[i + 1] = invalid[i];
    launch(grid, block, [&] {
        cross_entropy_f32(n, logp.data(), target.data(), c, eps, ignore, rows.data(), bad.data());
    });
    for (int i = 1; i <= 4; ++i) expect(std::isnan(rows[i]), "cross_entropy_f32 bad target gives NaN", rows[i], NAN);
    expect(close(rows[0], loss[0], 1e-5), "cross_entropy_f32 valid row beside bad ones", rows[0], loss[0]);
    bool reported = std::isnan(bad[0]) || bad[0] == invalid[0] || bad[0] == invalid[1] || bad[0] == invalid[2];
    expect(reported && bad[1] == c, "cross_entropy_f32 reports a bad target and c", bad[0], bad[1]);
    std::vector<float> gradIn(size_t(n) * c);
    launch(2, 256, [&] {
        cross_entropy_backward_f32(n * c, logp.data(), target.data(), &one, 0, c, eps, ignore, gradIn.data());
    });
    expect(std::isnan(gradIn[c]) && std::isnan(gradIn[5 * c - 1]) && !std::isnan(gradIn[0]),
           "cross_entropy_backward_f32 NaN rows for bad targets", gradIn[c], NAN);
}

// AdamCpu's loop (PyTorch's single-tensor Adam/AdamW) over several steps, for every flag combination.
static void adam() {
    const int n = 1000;
    for (int flags = 0; flags < 8; ++flags) {
        bool maximize = flags & ADAM_MAXIMIZE, decoupled = flags & ADAM_DECOUPLED, amsgrad = flags & ADAM_AMSGRAD;
        for (double beta1 : {0.9, 0.3}) {  // lerp's two branches
            for (float wd : {0.0f, 0.01f}) {
                double beta2 = 0.999;
                float lr = 0.01f, eps = 1e-8f;
                auto p = random(n), m = std::vector<float>(n, 0), v = m, vMax = m;
                auto wantP = p, wantM = m, wantV = v, wantVMax = vMax;
                for (int step = 1; step <= 3; ++step) {
                    auto grad = random(n);
                    float weight = float(1 - beta1), b2 = float(beta2), omb2 = float(1 - beta2);
                    double bc1 = 1 - std::pow(beta1, step);
                    float bc2Sqrt = float(std::sqrt(1 - std::pow(beta2, step)));
                    float negStep = float(-lr / bc1), decay = float(1 - double(lr) * wd);
                    launch(1, 128, [&] {
                        adam_f32(n, p.data(), grad.data(), m.data(), v.data(), amsgrad ? vMax.data() : nullptr,
                                 weight, b2, omb2, negStep, bc2Sqrt, eps, wd, decay, flags);
                    });
                    for (int i = 0; i < n; ++i) {
                        float g = maximize ? -grad[i] : grad[i];
                        if (wd != 0) {
                            if (decoupled) wantP[i] *= decay;
                            else g += wd * wantP[i];
                        }
                        wantM[i] = weight < 0.5f ? wantM[i] + weight * (g - wantM[i])
                                                 : g - (g - wantM[i]) * (1 - weight);
                        wantV[i] = wantV[i] * b2 + omb2 * g * g;
                        float second = wantV[i];
                        if (amsgrad) second = wantVMax[i] = std::max(wantVMax[i], wantV[i]);
                        wantP[i] += negStep * wantM[i] / (std::sqrt(second) / bc2Sqrt + eps);
                    }
                }
                for (int i = 0; i < n; ++i) {
                    bool ok = expect(close(p[i], wantP[i]), "adam_f32 param", p[i], wantP[i]) &&
                              expect(close(m[i], wantM[i]), "adam_f32 exp_avg", m[i], wantM[i]) &&
                              expect(close(v[i], wantV[i]), "adam_f32 exp_avg_sq", v[i], wantV[i]) &&
                              (!amsgrad || expect(close(vMax[i], wantVMax[i]), "adam_f32 max_exp_avg_sq", vMax[i],
                                                  wantVMax[i]));
                    if (!ok) {
                        printf("  flags %d beta1 %g weight decay %g\n", flags, beta1, wd);
                        break;
                    }
                }
            }
        }
    }
}

static void elementwise() {
    auto x = random(777), x0 = x;  // in place, a block smaller than the grid needs
    launch(1, 64, [&] { affine_f32(777, x.data(), 2.0f, -1.0f, x.data()); });
    for (int i = 0; i < 777; ++i) if (!expect(close(x[i], 2 * x0[i] - 1), "affine_f32", x[i], 2 * x0[i] - 1)) break;

    auto y = random(500), y0 = y;
    launch(2, 256, [&] { axpy_f32(500, -0.5f, x.data(), y.data()); });
    for (int i = 0; i < 500; ++i) if (!expect(close(y[i], y0[i] - 0.5f * x[i]), "axpy_f32", y[i], y0[i] - 0.5 * x[i])) break;
}

// The general kernels, one template per family over the element types; values are small multiples of 1/8
// (floats) or small integers, so sums and products are exact, with NaN, infinities and ties put in by hand.

template <typename T> static std::vector<T> values(size_t n) {
    std::uniform_int_distribution<int> u(-32, 32);
    std::vector<T> v(n);
    for (auto& x : v) {
        int r = u(rng);
        if constexpr (std::is_same_v<T, unsigned char>) x = r > 0;
        else if constexpr (IsFloat<T>::value) x = T(r / 8.0);
        else x = r / 4;
    }
    return v;
}

template <typename T> static bool eq(T got, T want) { return got == want || (got != got && want != want); }

// Element offsets of up to three views over dims for the row-major position i.
static std::array<long, 3> offsetsOf(long i, const std::vector<int>& dims, const std::vector<int>& a,
                                     const std::vector<int>& b = {}, const std::vector<int>& c = {}) {
    std::array<long, 3> o{};
    for (int d = (int)dims.size() - 1; d >= 0; i /= dims[d--]) {
        long coord = i % dims[d];
        o[0] += coord * a[d];
        if (!b.empty()) o[1] += coord * b[d];
        if (!c.empty()) o[2] += coord * c[d];
    }
    return o;
}

// Elements a view over dims with these strides reaches: 1 + its largest offset (1 when empty).
static size_t span(const std::vector<int>& dims, const std::vector<int>& strides) {
    size_t last = 0;
    for (size_t d = 0; d < dims.size(); ++d) last += size_t(std::max(dims[d] - 1, 0)) * strides[d];
    return last + 1;
}

// Checks every element, so that writes outside the view show too; reports the first mismatch.
template <typename T> static void expectAll(const std::vector<T>& got, const std::vector<T>& want, const char* what) {
    for (size_t i = 0; i < got.size(); ++i) {
        if (!expect(eq(got[i], want[i]), what, double(got[i]), double(want[i]))) {
            printf("  element %zu\n", i);
            return;
        }
    }
}

struct View {
    std::vector<int> strides;
    int offset;
};

template <typename T>
static void copyStrided(void (*kernel)(int, const T*, T*, Strides), const char* name) {
    struct Case {
        std::vector<int> dims;
        View src, dst;
    };
    std::vector<Case> cases = {
        {{3, 4}, {{1, 3}, 0}, {{4, 1}, 0}},                  // contiguous() of a transpose
        {{2, 3, 4}, {{0, 4, 1}, 5}, {{12, 4, 1}, 0}},        // expand: zero stride, source at an offset
        {{2, 3}, {{3, 1}, 0}, {{10, 1}, 7}},                 // into a slice of a wider matrix (cat)
        {{4, 2}, {{0, 0}, 3}, {{2, 1}, 1}},                  // one element everywhere
        {{2, 2, 2, 2, 2, 2, 2, 2}, {{1, 2, 4, 8, 16, 32, 64, 128}, 0}, {{128, 64, 32, 16, 8, 4, 2, 1}, 0}},
        {{0, 3}, {{3, 1}, 0}, {{3, 1}, 0}},                  // empty: nothing written
    };
    for (auto& c : cases) {
        int n = product(c.dims);
        auto src = values<T>(c.src.offset + span(c.dims, c.src.strides));
        auto dst = values<T>(c.dst.offset + span(c.dims, c.dst.strides)), want = dst;
        for (int i = 0; i < n; ++i) {
            auto o = offsetsOf(i, c.dims, c.src.strides, c.dst.strides);
            want[c.dst.offset + o[1]] = src[c.src.offset + o[0]];
        }
        Strides s = strides(c.dims, c.src.strides, c.dst.strides);
        launch(2, 32, [&] { kernel(n, src.data() + c.src.offset, dst.data() + c.dst.offset, s); });
        expectAll(dst, want, name);
    }
}

// Java's (long) x, written out independently of to_i64.
template <typename T> static long long javaLong(T x) {
    if constexpr (!IsFloat<T>::value) {
        return (long long)x;
    } else {
        double v = x;
        if (v != v) return 0;
        if (v >= 0x1p63) return std::numeric_limits<long long>::max();
        if (v <= -0x1p63) return std::numeric_limits<long long>::min();
        return (long long)std::trunc(v);
    }
}

template <typename T>
static void castFrom(void (*kernel)(int, const T*, void*, int), std::vector<T> x, const char* name) {
    int n = (int)x.size();
    std::vector<float> f(n, 12345);
    std::vector<double> d(n, 12345);
    std::vector<long long> l(n, 12345);
    std::vector<unsigned char> b(n, 7);
    launch(1, 32, [&] { kernel(n, x.data(), f.data(), DTYPE_FLOAT32); });
    launch(1, 32, [&] { kernel(n, x.data(), d.data(), DTYPE_FLOAT64); });
    launch(1, 32, [&] { kernel(n, x.data(), l.data(), DTYPE_INT64); });
    launch(1, 32, [&] { kernel(n, x.data(), b.data(), DTYPE_BOOL); });
    for (int i = 0; i < n; ++i) {
        bool ok = expect(eq(f[i], float(x[i])), name, f[i], double(x[i])) &&
                  expect(eq(d[i], double(x[i])), name, d[i], double(x[i])) &&
                  expect(l[i] == javaLong(x[i]), name, double(l[i]), double(javaLong(x[i]))) &&
                  expect(b[i] == (x[i] != 0), name, b[i], x[i] != 0);
        if (!ok) {
            printf("  element %d\n", i);
            return;
        }
    }
}

static void castAndFill() {
    const double inf = INFINITY;
    castFrom<float>(cast_f32, {0.0f, -0.0f, 1.5f, -2.7f, 2.7f, NAN, INFINITY, -INFINITY, 1e30f, -1e30f, 9.3e18f,
                               16777217.0f, 0.1f, -0.5f}, "cast_f32");
    castFrom<double>(cast_f64, {0.0, -0.0, 1.5, -2.7, 2.7, NAN, inf, -inf, 1e300, -1e300, 9.3e18, -9.3e18,
                                0x1p53 + 1, 0.1, 3.4e38, 1e-320}, "cast_f64");
    castFrom<long long>(cast_i64, {0, 1, -1, 1LL << 62, -(1LL << 62), (1LL << 53) + 1, (1LL << 24) + 1,
                                   std::numeric_limits<long long>::max(), std::numeric_limits<long long>::min(),
                                   123456789}, "cast_i64");
    castFrom<unsigned char>(cast_b8, {0, 1, 1, 0, 1}, "cast_b8");

    std::vector<double> d(300);
    launch(1, 64, [&] { fill_f64(300, -2.5, d.data()); });
    expectAll(d, std::vector<double>(300, -2.5), "fill_f64");
    for (double v : {2.9, -2.9, 1e300, -inf, (double)NAN, 7.0}) {
        std::vector<long long> l(300, 1);
        launch(2, 32, [&] { fill_i64(300, v, l.data()); });
        expectAll(l, std::vector<long long>(300, javaLong(v)), "fill_i64");
    }
}

// C's pow, PyTorch's: 1 for a base of 1 or an exponent of 0 (NaN included), 1 for (-1)^+-inf.
template <typename T> static T cPow(T x, T y) {
    return std::pow(x, y);
}

template <typename T> static T arithmeticWant(int op, T x, T y) {
    if constexpr (IsFloat<T>::value) {
        switch (op) {
            case BINARY_ADD: return x + y;
            case BINARY_SUB: return x - y;
            case BINARY_MUL: return x * y;
            case BINARY_DIV: return x / y;
            case BINARY_POW: return cPow(x, y);
            case BINARY_MAXIMUM: return x != x || y != y ? T(NAN) : std::max(x, y);
            default: return x != x || y != y ? T(NAN) : std::min(x, y);
        }
    } else {
        switch (op) {
            case BINARY_ADD: return x + y;
            case BINARY_SUB: return x - y;
            case BINARY_MUL: return x * y;
            case BINARY_DIV: return y == 0 ? 0 : x / y;
            case BINARY_POW: {
                if (y < 0) return x == 1 ? 1 : x == -1 ? (y % 2 == 0 ? 1 : -1) : 0;
                T r = 1;
                for (T e = 0; e < y; ++e) r *= x;
                return r;
            }
            case BINARY_MAXIMUM: return std::max(x, y);
            default: return std::min(x, y);
        }
    }
}

template <typename T> static bool comparisonWant(int op, T x, T y) {
    switch (op) {
        case BINARY_EQ: return x == y;
        case BINARY_NE: return x != y;
        case BINARY_LT: return x < y;
        case BINARY_LE: return x <= y;
        case BINARY_GT: return x > y;
        default: return x >= y;
    }
}

// a and b views over out (broadcast with stride 0, a transposed in one case, both at offsets); arithmetic
// through binary_<T> unless null, comparisons through compare_<T>.
template <typename T>
static void binaryOps(void (*arith)(int, int, const T*, const T*, T*, Strides),
                      void (*cmp)(int, int, const T*, const T*, unsigned char*, Strides), const char* name) {
    struct Case {
        std::vector<int> dims;
        View a, b;
        unsigned grid, block;
    };
    std::vector<Case> cases = {
        {{2, 3, 4}, {{12, 4, 1}, 0}, {{12, 4, 1}, 0}, 1, 32},
        {{2, 3, 4}, {{0, 1, 0}, 2}, {{4, 0, 1}, 5}, 1, 7},       // both broadcast, at offsets
        {{5, 7}, {{1, 5}, 3}, {{0, 0}, 1}, 3, 8},                 // a transposed, b a scalar
        {{64, 120}, {{120, 1}, 0}, {{0, 1}, 0}, 3, 32},           // a bias add
        {{2, 3, 2, 2, 3, 2, 2, 2}, {{72, 24, 12, 6, 2, 1, 0, 0}, 0}, {{0, 1, 0, 3, 6, 0, 12, 24}, 0}, 2, 16},
    };
    for (auto& c : cases) {
        int n = product(c.dims);
        auto a = values<T>(c.a.offset + span(c.dims, c.a.strides));
        auto b = values<T>(c.b.offset + span(c.dims, c.b.strides));
        if constexpr (IsFloat<T>::value) {
            a[c.a.offset] = NAN;
            if (b.size() > 2) b.back() = NAN;
        }
        Strides s = strides(c.dims, c.a.strides, c.b.strides);
        for (int op = BINARY_ADD; arith && op <= BINARY_MINIMUM; ++op) {
            std::vector<T> out(n, T(99)), want(n);
            for (int i = 0; i < n; ++i) {
                auto o = offsetsOf(i, c.dims, c.a.strides, c.b.strides);
                want[i] = arithmeticWant(op, a[c.a.offset + o[0]], b[c.b.offset + o[1]]);
            }
            launch(c.grid, c.block, [&] { arith(n, op, a.data() + c.a.offset, b.data() + c.b.offset, out.data(), s); });
            expectAll(out, want, name);
        }
        for (int op = BINARY_EQ; op <= BINARY_GE; ++op) {
            std::vector<unsigned char> out(n, 7), want(n);
            for (int i = 0; i < n; ++i) {
                auto o = offsetsOf(i, c.dims, c.a.strides, c.b.strides);
                want[i] = comparisonWant(op, a[c.a.offset + o[0]], b[c.b.offset + o[1]]);
            }
            launch(c.grid, c.block, [&] { cmp(n, op, a.data() + c.a.offset, b.data() + c.b.offset, out.data(), s); });
            expectAll(out, want, "compare");
        }
    }
}

// The int64 corners: a zero divisor gives 0, MIN / -1 wraps, a negative exponent gives 0 but for bases 1 and -1;
// out == a.
static void binaryInt64Corners() {
    const long long min = std::numeric_limits<long long>::min();
    std::vector<long long> a = {7, -7, min, 3, -2, 5, 1, -1}, b = {0, 2, -1, -1, 3, -2, -5, -3};
    std::vector<long long> div = {0, -3, min, -3, 0, -2, 0, 0}, pow = {1, 49, 0, 0, -8, 0, 1, -1};
    Strides s = strides({8}, {1}, {1});
    auto x = a;
    launch(1, 32, [&] { binary_i64(8, BINARY_DIV, x.data(), b.data(), x.data(), s); });
    expectAll(x, div, "binary_i64 DIV corners");
    x = a;
    launch(1, 32, [&] { binary_i64(8, BINARY_POW, x.data(), b.data(), x.data(), s); });
    expectAll(x, pow, "binary_i64 POW corners");
}

template <typename T> static T unaryWant(int op, T x, double alpha, double beta) {
    if constexpr (IsFloat<T>::value) {
        switch (op) {
            case UNARY_NEG: return -x;
            case UNARY_ABS: return std::fabs(x);
            case UNARY_SIGN: return x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : x;
            case UNARY_EXP: return std::exp(x);
            case UNARY_LOG: return std::log(x);
            case UNARY_SQRT: return std::sqrt(x);
            case UNARY_RSQRT: return 1 / std::sqrt(x);
            case UNARY_SIN: return std::sin(x);
            case UNARY_COS: return std::cos(x);
            case UNARY_TANH: return std::tanh(x);
            case UNARY_SIGMOID: return 1 / (1 + std::exp(-x));
            case UNARY_RELU: return x != x ? x : std::max(x, T(0));
            case UNARY_POW: return cPow(x, T(alpha));
            case UNARY_CLAMP: return x != x ? x : std::min(std::max(x, T(alpha)), T(beta));
            default: return T(alpha) * x + T(beta);
        }
    } else {
        switch (op) {
            case UNARY_NEG: return -x;
            case UNARY_ABS: return x < 0 ? -x : x;
            case UNARY_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
            case UNARY_RELU: return std::max(x, T(0));
            case UNARY_CLAMP: return std::min(std::max(double(x), alpha), beta);  // whole bounds here, or infinite
            default: return T(alpha) * x + T(beta);
        }
    }
}

template <typename T> static bool unaryBoolWant(int op, T x) {
    switch (op) {
        case UNARY_ISNAN: return x != x;
        case UNARY_ISFINITE: return IsFloat<T>::value ? std::isfinite(double(x)) : true;
        default: return x == 0;
    }
}

// Every op the dtype takes, read through a transposed view at an offset, then in place (out == x).
template <typename T>
static void unaryOps(void (*kernel)(int, int, const T*, double, double, void*, Strides), std::vector<int> ops,
                     const char* name) {
    const double inf = INFINITY;
    std::vector<int> dims = {4, 6}, transposed = {1, 4};
    int n = 24, offset = 3;
    auto x = values<T>(offset + n);
    if constexpr (IsFloat<T>::value) {
        std::vector<T> special = {T(NAN), T(INFINITY), T(-INFINITY), T(0), T(-0.0), T(-1), T(30), T(-30), T(1e-3)};
        std::copy(special.begin(), special.end(), x.begin() + offset);
    }
    Strides view = strides(dims, transposed, {}), flat = strides({n}, {1}, {});
    std::vector<std::array<double, 2>> params = {{2, 0.5}, {-1.5, 2.5}, {-inf, 1}, {1, inf}, {3, -2}, {0.5, 0},
                                                 {NAN, 0}};
    for (int op : ops) {
        for (auto [alpha, beta] : params) {
            if (alpha != alpha && op != UNARY_POW) continue;  // a NaN parameter only as POW's exponent
            // int64 takes whole parameters, and infinite ones only as CLAMP's missing bounds
            bool whole = op == UNARY_CLAMP ? alpha == std::floor(alpha) : !std::isinf(alpha + beta);
            if (!IsFloat<T>::value && !whole) continue;
            bool isBool = op >= UNARY_ISNAN;
            std::vector<T> out(n, T(99)), want(n);
            std::vector<unsigned char> bools(n, 7), boolsWant(n);
            for (int i = 0; i < n; ++i) {
                T v = x[offset + offsetsOf(i, dims, transposed)[0]];
                want[i] = isBool ? T(0) : unaryWant(op, v, alpha, beta);
                boolsWant[i] = unaryBoolWant(op, v);
            }
            void* o = isBool ? (void*)bools.data() : (void*)out.data();
            launch(2, 16, [&] { kernel(n, op, x.data() + offset, alpha, beta, o, view); });
            if (isBool) {
                expectAll(bools, boolsWant, name);
                break;  // the bool ops have no parameters
            }
            for (int i = 0; i < n; ++i) {
                bool ok = IsFloat<T>::value ? same(out[i], want[i], 1e-6) : out[i] == want[i];
                if (!expect(ok, name, double(out[i]), double(want[i]))) {
                    printf("  op %d alpha %g beta %g element %d\n", op, alpha, beta, i);
                    break;
                }
            }
            if (op == UNARY_NEG || op == UNARY_AFFINE) {  // in place over a contiguous x
                std::vector<T> y(x.begin() + offset, x.end()), yWant(n);
                for (int i = 0; i < n; ++i) yWant[i] = unaryWant(op, y[i], alpha, beta);
                launch(1, 32, [&] { kernel(n, op, y.data(), alpha, beta, y.data(), flat); });
                expectAll(y, yWant, name);
            }
        }
    }
}

static void unaryAll() {
    std::vector<int> all, ints = {UNARY_NEG, UNARY_ABS, UNARY_SIGN, UNARY_RELU, UNARY_CLAMP, UNARY_AFFINE,
                                  UNARY_ISNAN, UNARY_ISFINITE, UNARY_LOGICAL_NOT};
    for (int op = UNARY_NEG; op <= UNARY_LOGICAL_NOT; ++op) all.push_back(op);
    unaryOps<float>(unary_f32, all, "unary_f32");
    unaryOps<double>(unary_f64, all, "unary_f64");
    unaryOps<long long>(unary_i64, ints, "unary_i64");
    unaryOps<unsigned char>(unary_b8, {UNARY_ISNAN, UNARY_ISFINITE, UNARY_LOGICAL_NOT}, "unary_b8");
}

// cond broadcast along dim 0, a transposed at an offset, b a scalar.
template <typename T>
static void where(void (*kernel)(int, const unsigned char*, const T*, const T*, T*, Strides), const char* name) {
    std::vector<int> dims = {3, 4};
    View cond = {{0, 1}, 1}, a = {{1, 3}, 2}, b = {{0, 0}, 1};
    auto c = values<unsigned char>(5);
    auto x = values<T>(14), y = values<T>(2);
    std::vector<T> out(12, T(99)), want(12);
    for (int i = 0; i < 12; ++i) {
        auto o = offsetsOf(i, dims, cond.strides, a.strides, b.strides);
        want[i] = c[cond.offset + o[0]] ? x[a.offset + o[1]] : y[b.offset + o[2]];
    }
    Strides s = strides(dims, cond.strides, a.strides, b.strides);
    launch(1, 8, [&] { kernel(12, c.data() + cond.offset, x.data() + a.offset, y.data() + b.offset, out.data(), s); });
    expectAll(out, want, name);
}

// The scan the SPI describes, per output: sums in double (int64 wrapping), the first max/min and the first
// NaN for the arg ops and MAX/MIN, true over nothing for ALL.
template <typename T>
static void reduce(void (*kernel)(int, int, const T*, int, int, void*, int), int outer, int size, int inner,
                   int blockPerOutput, unsigned grid, unsigned block, const char* name) {
    auto x = values<T>(size_t(outer) * size * inner);
    if constexpr (IsFloat<T>::value) {
        for (auto& v : x) v = std::round(v);  // coarse: many ties
        for (size_t i = 3; i < x.size(); i += 11) x[i] = NAN;  // some slices hold NaNs, others none
        if (x.size() > 7) x[5] = INFINITY, x[7] = -INFINITY;
    }
    int nOut = outer * inner;
    for (int op = REDUCE_SUM; op <= REDUCE_ANY; ++op) {
        if (size == 0 && op >= REDUCE_MAX && op <= REDUCE_ARGMIN) continue;
        std::vector<long long> raw(std::max(nOut, 1), 0x5555555555555555LL);  // 8 bytes per output, any type
        launch(grid, block, [&] { kernel(nOut, op, x.data(), size, inner, raw.data(), blockPerOutput); });
        for (int j = 0; j < nOut; ++j) {
            const T* p = x.data() + size_t(j / inner) * size * inner + j % inner;
            double sum = 0, prod = 1;
            unsigned long long isum = 0, iprod = 1;
            bool all = true, any = false;
            int best = 0;
            for (int k = 0; k < size; ++k) {
                T v = p[size_t(k) * inner];
                sum += double(v), prod *= double(v);
                isum += (unsigned long long)(long long)v, iprod *= (unsigned long long)(long long)v;
                all = all && v != 0, any = any || v != 0;
                T b = p[size_t(best) * inner];
                bool max = op == REDUCE_MAX || op == REDUCE_ARGMAX;
                if (b == b && (v != v || (max ? v > b : v < b))) best = k;
            }
            double got, want;
            bool ok;
            if (op == REDUCE_SUM || op == REDUCE_PROD) {
                if constexpr (IsFloat<T>::value) {
                    got = ((T*)raw.data())[j], want = T(op == REDUCE_SUM ? sum : prod);
                    ok = same(got, want, sizeof(T) == 4 ? 1e-6 : 1e-13);
                } else {
                    long long w = (long long)(op == REDUCE_SUM ? isum : iprod);
                    got = double(raw[j]), want = double(w), ok = raw[j] == w;
                }
            } else if (op == REDUCE_MAX || op == REDUCE_MIN) {
                T g = ((T*)raw.data())[j], w = p[size_t(best) * inner];
                got = double(g), want = double(w), ok = eq(g, w);
            } else if (op == REDUCE_ARGMAX || op == REDUCE_ARGMIN) {
                got = double(raw[j]), want = best, ok = raw[j] == best;
            } else {
                unsigned char g = ((unsigned char*)raw.data())[j];
                got = g, want = op == REDUCE_ALL ? all : any, ok = g == want;
            }
            if (!expect(ok, name, got, want)) {
                printf("  op %d over [%d, %d, %d], output %d, blockPerOutput %d\n", op, outer, size, inner, j,
                       blockPerOutput);
                break;
            }
        }
    }
}

template <typename T>
static void reduceShapes(void (*kernel)(int, int, const T*, int, int, void*, int), const char* name) {
    reduce(kernel, 3, 5, 4, 0, 1, 32, name);
    reduce(kernel, 5, 1, 3, 0, 1, 8, name);
    reduce(kernel, 3, 0, 2, 0, 1, 8, name);     // no elements: 0, 1, true, false
    reduce(kernel, 3, 0, 2, 1, 2, 32, name);
    reduce(kernel, 2, 7, 3, 1, 2, 32, name);    // fewer elements than threads: empty partials
    reduce(kernel, 3, 300, 1, 1, 2, 64, name);  // fewer blocks than outputs; ties and NaNs across threads
    reduce(kernel, 1, 1000, 2, 0, 1, 32, name);
}

template <typename T>
static void indexSelect(void (*kernel)(int, const T*, int, int, const long long*, int, T*), const char* name) {
    int outer = 2, size = 5, inner = 3;
    std::vector<long long> index = {4, 0, 4, 2};
    int nIndex = 4, n = outer * nIndex * inner;
    auto x = values<T>(outer * size * inner);
    std::vector<T> out(n, T(99)), want(n);
    for (int o = 0; o < outer; ++o)
        for (int j = 0; j < nIndex; ++j)
            for (int i = 0; i < inner; ++i) want[(o * nIndex + j) * inner + i] = x[(o * size + index[j]) * inner + i];
    launch(2, 8, [&] { kernel(n, x.data(), size, inner, index.data(), nIndex, out.data()); });
    expectAll(out, want, name);
    std::vector<T> none(3, T(99));
    launch(1, 8, [&] { kernel(0, x.data(), size, inner, index.data(), 0, none.data()); });
    expectAll(none, std::vector<T>(3, T(99)), name);
}

// Repeated indices add up in increasing j, exactly as this loop adds them.
template <typename T>
static void indexAdd(void (*kernel)(int, const T*, int, int, const long long*, int, T*), const char* name) {
    int outer = 2, size = 5, inner = 3, nIndex = 5;
    std::vector<long long> index = {1, 3, 1, 1, 0};
    auto src = values<T>(outer * nIndex * inner), out = values<T>(outer * size * inner), want = out;
    for (int o = 0; o < outer; ++o)
        for (int j = 0; j < nIndex; ++j)
            for (int i = 0; i < inner; ++i)
                want[(o * size + index[j]) * inner + i] += src[(o * nIndex + j) * inner + i];
    launch(1, 4, [&] { kernel(outer * inner, src.data(), size, inner, index.data(), nIndex, out.data()); });
    expectAll(out, want, name);
}

// x is larger than index in the dims other than dim; indices repeat.
template <typename T>
static void gather(void (*kernel)(int, const T*, const long long*, T*, int, Strides), const char* name) {
    std::vector<int> xDims = {4, 5, 3};
    for (int dim = 0; dim < 3; ++dim) {
        std::vector<int> idxDims = {3, 2, 2};
        idxDims[dim] = 4;
        int n = product(idxDims);
        std::uniform_int_distribution<int> u(0, xDims[dim] - 1);
        std::vector<long long> index(n);
        for (auto& v : index) v = u(rng);
        auto x = values<T>(product(xDims));
        auto xs = contiguous(xDims);
        std::vector<T> out(n, T(99)), want(n);
        for (int e = 0; e < n; ++e) {
            long off = 0;
            for (int d = 2, rest = e; d >= 0; rest /= idxDims[d--])
                off += (d == dim ? index[e] : rest % idxDims[d]) * xs[d];
            want[e] = x[off];
        }
        Strides s = strides(idxDims, xs, {});
        launch(2, 8, [&] { kernel(n, x.data(), index.data(), out.data(), dim, s); });
        expectAll(out, want, name);
    }
}

// src and out are larger than index in the dims other than dim (out's dim has its own size); indices repeat,
// so the last write wins, and sums add in increasing position along dim, as this row-major loop does.
template <typename T>
static void scatter(void (*kernel)(int, const T*, const long long*, T*, int, int, Strides), bool add,
                    const char* name) {
    std::vector<int> outDims = {4, 5, 3};
    for (int dim = 0; dim < 3; ++dim) {
        std::vector<int> idxDims = {3, 2, 2}, srcDims = {4, 3, 3};
        idxDims[dim] = 4;
        srcDims[dim] = 5;
        int n = product(idxDims);
        std::uniform_int_distribution<int> u(0, outDims[dim] - 1);
        std::vector<long long> index(n);
        for (auto& v : index) v = u(rng);
        auto src = values<T>(product(srcDims)), out = values<T>(product(outDims)), want = out;
        auto ss = contiguous(srcDims), os = contiguous(outDims), is = contiguous(idxDims);
        for (int e = 0; e < n; ++e) {
            long offSrc = 0, offOut = 0;
            for (int d = 2, rest = e; d >= 0; rest /= idxDims[d--]) {
                offSrc += rest % idxDims[d] * ss[d];
                offOut += (d == dim ? index[e] : rest % idxDims[d]) * os[d];
            }
            want[offOut] = add ? T(want[offOut] + src[offSrc]) : src[offSrc];
        }
        Strides s = strides(idxDims, ss, os, is);
        launch(2, 4, [&] { kernel(n / idxDims[dim], src.data(), index.data(), out.data(), dim, add, s); });
        expectAll(out, want, name);
    }
}

static void general() {
    copyStrided<float>(copy_strided_f32, "copy_strided_f32");
    copyStrided<double>(copy_strided_f64, "copy_strided_f64");
    copyStrided<long long>(copy_strided_i64, "copy_strided_i64");
    copyStrided<unsigned char>(copy_strided_b8, "copy_strided_b8");
    castAndFill();
    binaryOps<float>(binary_f32, compare_f32, "binary_f32");
    binaryOps<double>(binary_f64, compare_f64, "binary_f64");
    binaryOps<long long>(binary_i64, compare_i64, "binary_i64");
    binaryOps<unsigned char>(nullptr, compare_b8, "compare_b8");
    binaryInt64Corners();
    unaryAll();
    where<float>(where_f32, "where_f32");
    where<double>(where_f64, "where_f64");
    where<long long>(where_i64, "where_i64");
    where<unsigned char>(where_b8, "where_b8");
    reduceShapes<float>(reduce_f32, "reduce_f32");
    reduceShapes<double>(reduce_f64, "reduce_f64");
    reduceShapes<long long>(reduce_i64, "reduce_i64");
    reduceShapes<unsigned char>(reduce_b8, "reduce_b8");
    reduce<float>(reduce_f32, 1, 1000, 1, 1, 1, 256, "reduce_f32 with a full block");
    indexSelect<float>(index_select_f32, "index_select_f32");
    indexSelect<double>(index_select_f64, "index_select_f64");
    indexSelect<long long>(index_select_i64, "index_select_i64");
    indexSelect<unsigned char>(index_select_b8, "index_select_b8");
    indexAdd<float>(index_add_f32, "index_add_f32");
    indexAdd<double>(index_add_f64, "index_add_f64");
    gather<float>(gather_f32, "gather_f32");
    gather<double>(gather_f64, "gather_f64");
    gather<long long>(gather_i64, "gather_i64");
    gather<unsigned char>(gather_b8, "gather_b8");
    scatter<float>(scatter_f32, false, "scatter_f32");
    scatter<float>(scatter_f32, true, "scatter_f32 add");
    scatter<double>(scatter_f64, true, "scatter_f64 add");
    scatter<double>(scatter_f64, false, "scatter_f64");
    scatter<long long>(scatter_i64, false, "scatter_i64");
    scatter<unsigned char>(scatter_b8, false, "scatter_b8");
}

int main() {
    elementwise();
    sumTo({64, 10}, {0, 1}, 1);  // a bias gradient
    sumTo({2, 3, 4}, {0, 1, 0}, 1);
    sumTo({2, 3, 4}, {1, 0, 1}, 1);
    sumTo({2, 3, 4}, {0, 0, 0}, 1);
    sumTo({2, 3, 4}, {1, 1, 1}, 1);
    sumTo({1, 3}, {1, 1}, 1);
    sumTo({5, 300}, {0, 1}, 1);  // more dst elements than threads
    sumTo({2, 1, 3, 2, 2, 3, 2, 2}, {1, 0, 0, 1, 0, 1, 0, 1}, 1);
    for (int n : {0, 1, 255, 256, 257, 30000, 1000}) mse(n);
    mse(1000, 100);  // fewer threads: the shared slots past them still hold the previous launch's sums
    sgd();
    logSoftmax(1, 1, 1, 256);
    logSoftmax(6, 10, 6, 256);
    logSoftmax(37, 10, 4, 256);  // fewer blocks than rows
    logSoftmax(5, 1000, 5, 256);
    logSoftmax(4, 300, 2, 100);  // a smaller block
    for (float eps : {0.0f, 0.1f, 1.0f}) {
        crossEntropy(1, 1, eps, 1);
        crossEntropy(8, 10, eps, 8);
        crossEntropy(300, 7, eps, 3, 32);  // fewer blocks than rows, smaller blocks
        crossEntropy(6, 600, eps, 6);
        crossEntropy(8, 10, eps, 8, 256, 3);      // some rows ignored
        crossEntropy(300, 7, eps, 3, 32, 2);      // every other row, fewer blocks and threads than rows
        crossEntropy(600, 5, eps, 4, 256, 4);     // more rows than threads in the mean's count
        crossEntropy(5, 10, eps, 5, 256, 1);      // every row: NaN mean, zero gradients
    }
    adam();
    general();
    printf("%s: %d failures\n", failures ? "FAILED" : "all passed", failures);
    return failures != 0;
}
