// Runs every kernel of blitz.cu on the host (cuda_emu.h) and compares it with a plain loop.
// Build and run from the repository root (KernelsOnHostTest does this when g++ is installed):
//   g++ -std=c++20 -O1 -pthread -Wno-unknown-pragmas -Ikernels -Ikernels/host-check kernels/host-check/kernels_test.cpp -o kt && ./kt
#include "cuda_emu.h"
#include "blitz.cu"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

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

static Strides strides(const std::vector<int>& dims, const std::vector<int>& a, const std::vector<int>& b) {
    Strides s{};
    s.rank = (int)dims.size();
    for (size_t d = 0; d < dims.size(); ++d) {
        s.dims[d] = dims[d];
        s.a[d] = a[d];
        s.b[d] = b.empty() ? 0 : b[d];
    }
    return s;
}

static int product(const std::vector<int>& dims) {
    int n = 1;
    for (int d : dims) n *= d;
    return n;
}

// a and b have out's rank, with 1 where they broadcast.
static void binary(const std::vector<int>& out, const std::vector<int>& aDims, const std::vector<int>& bDims,
                   unsigned grid, unsigned block) {
    int n = product(out);
    auto a = random(product(aDims)), b = random(product(bDims));
    for (auto& y : b) if (std::fabs(y) < 0.1f) y = 0.5f;
    auto ca = contiguous(aDims), cb = contiguous(bDims);
    std::vector<int> sa(out.size()), sb(out.size());
    for (size_t d = 0; d < out.size(); ++d) {
        sa[d] = aDims[d] == 1 ? 0 : ca[d];
        sb[d] = bDims[d] == 1 ? 0 : cb[d];
    }
    Strides s = strides(out, sa, sb);
    for (int op : {BINARY_ADD, BINARY_SUB, BINARY_MUL, BINARY_DIV}) {
        std::vector<float> o(n, NAN);
        launch(grid, block, [&] { binary_f32(n, op, a.data(), b.data(), o.data(), s); });
        for (int i = 0; i < n; ++i) {
            int rest = i, ia = 0, ib = 0;
            for (int d = (int)out.size() - 1; d >= 0; rest /= out[d--]) {
                ia += rest % out[d] * sa[d];
                ib += rest % out[d] * sb[d];
            }
            float x = a[ia], y = b[ib];
            float want = op == BINARY_ADD ? x + y : op == BINARY_SUB ? x - y : op == BINARY_MUL ? x * y : x / y;
            if (!expect(o[i] == want, "binary_f32", o[i], want)) break;
        }
    }
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

// ArgmaxCpu's loop: first maximum wins, the first NaN wins over everything.
static void argmax(int outer, int size, int inner, unsigned grid, unsigned block) {
    auto x = random(size_t(outer) * size * inner);
    for (auto& v : x) v = std::round(v);  // coarse values: many ties
    if (x.size() > 7) x[5] = NAN, x[7] = NAN, x[3] = INFINITY, x[1] = -INFINITY;
    int nOut = outer * inner;
    std::vector<float> out(nOut, -1);
    launch(grid, block, [&] { argmax_f32(nOut, x.data(), size, inner, out.data()); });
    for (int o = 0; o < outer; ++o) {
        for (int i = 0; i < inner; ++i) {
            int best = 0;
            float bestValue = x[size_t(o) * size * inner + i];
            for (int k = 1; k < size && !std::isnan(bestValue); ++k) {
                float v = x[(size_t(o) * size + k) * inner + i];
                if (v > bestValue || std::isnan(v)) best = k, bestValue = v;
            }
            if (!expect(out[o * inner + i] == best, "argmax_f32", out[o * inner + i], best)) return;
        }
    }
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

// Every reduction through the launcher's steps (per-row losses, then sum_finish_f32 for sum/mean), the
// backward for each, and targets that are not class indices.
static void crossEntropy(int n, int c, float eps, unsigned grid, unsigned block = 256) {
    auto logits = random(size_t(n) * c);
    auto logp = logSoftmaxWant(logits, n, c);
    std::uniform_int_distribution<int> cls(0, c - 1);
    std::vector<float> target(n);
    for (auto& t : target) t = float(cls(rng));
    std::vector<double> loss(n);
    double total = 0;
    for (int i = 0; i < n; ++i) {
        double sum = 0;
        for (int j = 0; j < c; ++j) sum += logp[size_t(i) * c + j];
        loss[i] = -(1.0 - eps) * logp[size_t(i) * c + int(target[i])] - eps * sum / c;
        total += loss[i];
    }
    std::vector<float> rows(std::max(n, 1), 12345), bad(2, 0), out(1);
    launch(grid, block, [&] { cross_entropy_f32(n, logp.data(), target.data(), c, eps, rows.data(), bad.data()); });
    for (int i = 0; i < n; ++i) {
        if (!expect(close(rows[i], loss[i], 1e-5), "cross_entropy_f32", rows[i], loss[i])) break;
    }
    expect(bad[0] == 0 && bad[1] == 0, "cross_entropy_f32 flags no valid target", bad[0], 0);
    launch(1, 256, [&] { sum_finish_f32(n, rows.data(), 1.0f, out.data()); });
    expect(close(out[0], total, 1e-5), "cross_entropy sum", out[0], total);
    launch(1, 256, [&] { sum_finish_f32(n, rows.data(), 1.0f / n, out.data()); });
    expect(close(out[0], total / n, 1e-5), "cross_entropy mean", out[0], total / n);

    auto gradOuts = random(n);
    float one = 0.75f;
    for (int reduction = 0; reduction < 3; ++reduction) {  // none, sum, mean
        int stride = reduction == 0 ? 1 : 0;
        float scale = reduction == 2 ? 1.0f / n : 1.0f;
        const float* g = reduction == 0 ? gradOuts.data() : &one;
        std::vector<float> gradIn(size_t(n) * c, 12345);
        int total = n * c;
        launch(std::min(gridFor(total), 3u), 256, [&] {  // grid-stride: a few blocks cover any size
            cross_entropy_backward_f32(total, logp.data(), target.data(), g, stride, c, eps, scale, gradIn.data());
        });
        for (int k = 0; k < total; ++k) {
            int i = k / c, j = k % c;
            double q = (j == int(target[i]) ? 1.0 - eps : 0.0) + double(eps) / c;
            double want = double(g[i * stride]) * scale * (std::exp(double(logp[k])) - q);
            if (!expect(std::fabs(gradIn[k] - want) <= 1e-6 * (std::fabs(g[i * stride]) + 1e-3),
                        "cross_entropy_backward_f32", gradIn[k], want)) {
                printf("  n %d c %d eps %g reduction %d\n", n, c, eps, reduction);
                break;
            }
        }
    }

    // Not class indices: never used as an index, NaN for their rows, one of them reported with c.
    if (n < 5) return;
    std::vector<float> invalid = {float(c), -1.0f, 0.5f, NAN};
    for (int i = 0; i < 4; ++i) target[i + 1] = invalid[i];
    launch(grid, block, [&] { cross_entropy_f32(n, logp.data(), target.data(), c, eps, rows.data(), bad.data()); });
    for (int i = 1; i <= 4; ++i) expect(std::isnan(rows[i]), "cross_entropy_f32 bad target gives NaN", rows[i], NAN);
    expect(close(rows[0], loss[0], 1e-5), "cross_entropy_f32 valid row beside bad ones", rows[0], loss[0]);
    bool reported = std::isnan(bad[0]) || bad[0] == invalid[0] || bad[0] == invalid[1] || bad[0] == invalid[2];
    expect(reported && bad[1] == c, "cross_entropy_f32 reports a bad target and c", bad[0], bad[1]);
    std::vector<float> gradIn(size_t(n) * c);
    launch(2, 256, [&] {
        cross_entropy_backward_f32(n * c, logp.data(), target.data(), &one, 0, c, eps, 1.0f, gradIn.data());
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

int main() {
    elementwise();
    binary({2, 3, 4}, {2, 3, 4}, {2, 3, 4}, 1, 256);
    binary({2, 3, 4}, {1, 3, 1}, {2, 1, 4}, 1, 7);
    binary({5, 7}, {5, 7}, {1, 1}, 3, 32);
    binary({10}, {10}, {1}, 1, 256);
    binary({64, 120}, {64, 120}, {1, 120}, 30, 256);
    binary({2, 1, 3, 2, 2, 3, 2, 2}, {2, 1, 3, 1, 2, 1, 2, 2}, {1, 1, 3, 2, 1, 3, 1, 2}, 2, 64);
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
    argmax(3, 4, 1, 1, 256);
    argmax(2, 5, 3, 1, 4);     // a grid smaller than the outputs
    argmax(1, 1, 7, 1, 256);
    argmax(64, 10, 1, 1, 256);
    argmax(4, 300, 2, 2, 32);
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
    }
    adam();
    printf("%s: %d failures\n", failures ? "FAILED" : "all passed", failures);
    return failures != 0;
}
