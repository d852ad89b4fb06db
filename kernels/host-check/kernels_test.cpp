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
    for (int op = 0; op < 4; ++op) {
        std::vector<float> o(n, NAN);
        launch(grid, block, [&] { binary_f32(n, op, a.data(), b.data(), o.data(), s); });
        for (int i = 0; i < n; ++i) {
            int rest = i, ia = 0, ib = 0;
            for (int d = (int)out.size() - 1; d >= 0; rest /= out[d--]) {
                ia += rest % out[d] * sa[d];
                ib += rest % out[d] * sb[d];
            }
            float x = a[ia], y = b[ib];
            float want = op == 0 ? x + y : op == 1 ? x - y : op == 2 ? x * y : x / y;
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
        bool nesterov = flags & 1, maximize = flags & 2, first = flags & 4, momentum = flags & 8;
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

static void elementwise() {
    std::vector<float> o(1000, 0);
    launch(2, 256, [&] { fill_f32(1000, o.data(), 3.5f); });
    expect(std::all_of(o.begin(), o.end(), [](float v) { return v == 3.5f; }), "fill_f32", o[999], 3.5);
    launch(1, 256, [&] { fill_f32(0, o.data(), 1.0f); });
    expect(o[0] == 3.5f, "fill_f32 n=0 writes nothing", o[0], 3.5);

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
    printf("%s: %d failures\n", failures ? "FAILED" : "all passed", failures);
    return failures != 0;
}
