package dev.blitz.backend.cpu;

import dev.blitz.backend.AdamParams;
import dev.blitz.backend.Backend;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.ConvGeometry;
import dev.blitz.backend.PoolGeometry;
import dev.blitz.backend.SgdParams;
import dev.blitz.tensor.Device;
import dev.blitz.tensor.Reduction;
import dev.blitz.tensor.Shape;

/** The portable backend: kernels in plain Java on the host. */
public final class CpuBackend implements Backend {
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    private static float[] f(Buffer b) {
        return CpuBuffer.of(b);
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Buffer allocate(int length) {
        return new CpuBuffer(new float[length]);
    }

    @Override
    public Buffer upload(float[] data) {
        return new CpuBuffer(data.clone());
    }

    @Override
    public void download(Buffer src, float[] dst) {
        System.arraycopy(f(src), 0, dst, 0, dst.length);
    }

    @Override
    public float read(Buffer src, int index) {
        return f(src)[index];
    }

    @Override
    public void fill(Buffer dst, float value) {
        java.util.Arrays.fill(f(dst), value);
    }

    @Override
    public void copy(Buffer src, Buffer dst) {
        System.arraycopy(f(src), 0, f(dst), 0, f(src).length);
    }

    @Override
    public void binary(BinaryOp op, Buffer a, int[] aStrides, Buffer b, int[] bStrides, Buffer out, Shape outShape) {
        float[] x = f(a);
        float[] y = f(b);
        float[] o = f(out);
        int rank = outShape.rank();
        int[] dims = outShape.dims();
        int[] idx = new int[rank];
        int ia = 0;
        int ib = 0;
        for (int i = 0; i < o.length; i++) {
            o[i] = op.apply(x[ia], y[ib]);
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                ia += aStrides[d];
                ib += bStrides[d];
                if (idx[d] < dims[d]) {
                    break;
                }
                ia -= aStrides[d] * dims[d];
                ib -= bStrides[d] * dims[d];
                idx[d] = 0;
            }
        }
    }

    @Override
    public void affine(Buffer x, float alpha, float beta, Buffer out) {
        float[] a = f(x);
        float[] o = f(out);
        for (int i = 0; i < o.length; i++) {
            o[i] = alpha * a[i] + beta;
        }
    }

    @Override
    public void axpy(float alpha, Buffer x, Buffer y) {
        float[] a = f(x);
        float[] o = f(y);
        for (int i = 0; i < o.length; i++) {
            o[i] += alpha * a[i];
        }
    }

    @Override
    public void sumTo(Buffer src, Shape srcShape, Buffer dst, Shape dstShape) {
        float[] s = f(src);
        float[] d = f(dst);
        java.util.Arrays.fill(d, 0f);
        int[] strides = dstShape.broadcastStrides(srcShape);
        int rank = srcShape.rank();
        int[] dims = srcShape.dims();
        int[] idx = new int[rank];
        int id = 0;
        for (int i = 0; i < s.length; i++) {
            d[id] += s[i];
            for (int k = rank - 1; k >= 0; k--) {
                idx[k]++;
                id += strides[k];
                if (idx[k] < dims[k]) {
                    break;
                }
                id -= strides[k] * dims[k];
                idx[k] = 0;
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Buffer a, Buffer b,
                     float beta, Buffer c) {
        float[] A = f(a);
        float[] B = f(b);
        float[] C = f(c);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? A[p * m + i] : A[i * k + p];
                    float bv = transB ? B[j * k + p] : B[p * n + j];
                    sum += av * bv;
                }
                C[i * n + j] = alpha * sum + (beta == 0f ? 0f : beta * C[i * n + j]);
            }
        }
    }

    @Override
    public void reluForward(Buffer x, Buffer y) {
        float[] a = f(x);
        float[] o = f(y);
        for (int i = 0; i < o.length; i++) {
            o[i] = a[i] > 0f ? a[i] : (Float.isNaN(a[i]) ? a[i] : 0f);
        }
    }

    @Override
    public void reluBackward(Buffer y, Buffer dy, Buffer dx) {
        float[] out = f(y);
        float[] g = f(dy);
        float[] o = f(dx);
        for (int i = 0; i < o.length; i++) {
            o[i] = out[i] > 0f ? g[i] : 0f;
        }
    }

    @Override
    public void conv2dForward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        float[] in = f(x);
        float[] wt = f(w);
        float[] b = bias == null ? null : f(bias);
        float[] out = f(y);
        int oh = g.outH();
        int ow = g.outW();
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float sum = b == null ? 0f : b[o];
                        for (int c = 0; c < g.inChannels(); c++) {
                            for (int p = 0; p < g.kernelH(); p++) {
                                int h = i * g.strideH() - g.padH() + p;
                                if (h < 0 || h >= g.inH()) {
                                    continue;
                                }
                                for (int q = 0; q < g.kernelW(); q++) {
                                    int ww = j * g.strideW() - g.padW() + q;
                                    if (ww < 0 || ww >= g.inW()) {
                                        continue;
                                    }
                                    sum += in[((n * g.inChannels() + c) * g.inH() + h) * g.inW() + ww]
                                            * wt[((o * g.inChannels() + c) * g.kernelH() + p) * g.kernelW() + q];
                                }
                            }
                        }
                        out[((n * g.outChannels() + o) * oh + i) * ow + j] = sum;
                    }
                }
            }
        }
    }

    @Override
    public void conv2dBackwardData(ConvGeometry g, Buffer w, Buffer dy, Buffer dx) {
        float[] wt = f(w);
        float[] gy = f(dy);
        float[] gx = f(dx);
        java.util.Arrays.fill(gx, 0f);
        int oh = g.outH();
        int ow = g.outW();
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float d = gy[((n * g.outChannels() + o) * oh + i) * ow + j];
                        for (int c = 0; c < g.inChannels(); c++) {
                            for (int p = 0; p < g.kernelH(); p++) {
                                int h = i * g.strideH() - g.padH() + p;
                                if (h < 0 || h >= g.inH()) {
                                    continue;
                                }
                                for (int q = 0; q < g.kernelW(); q++) {
                                    int ww = j * g.strideW() - g.padW() + q;
                                    if (ww < 0 || ww >= g.inW()) {
                                        continue;
                                    }
                                    gx[((n * g.inChannels() + c) * g.inH() + h) * g.inW() + ww]
                                            += d * wt[((o * g.inChannels() + c) * g.kernelH() + p) * g.kernelW() + q];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void conv2dBackwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        float[] in = f(x);
        float[] gy = f(dy);
        float[] gw = f(dw);
        java.util.Arrays.fill(gw, 0f);
        int oh = g.outH();
        int ow = g.outW();
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float d = gy[((n * g.outChannels() + o) * oh + i) * ow + j];
                        for (int c = 0; c < g.inChannels(); c++) {
                            for (int p = 0; p < g.kernelH(); p++) {
                                int h = i * g.strideH() - g.padH() + p;
                                if (h < 0 || h >= g.inH()) {
                                    continue;
                                }
                                for (int q = 0; q < g.kernelW(); q++) {
                                    int ww = j * g.strideW() - g.padW() + q;
                                    if (ww < 0 || ww >= g.inW()) {
                                        continue;
                                    }
                                    gw[((o * g.inChannels() + c) * g.kernelH() + p) * g.kernelW() + q]
                                            += d * in[((n * g.inChannels() + c) * g.inH() + h) * g.inW() + ww];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void conv2dBackwardBias(ConvGeometry g, Buffer dy, Buffer db) {
        float[] gy = f(dy);
        float[] gb = f(db);
        java.util.Arrays.fill(gb, 0f);
        int plane = g.outH() * g.outW();
        for (int n = 0; n < g.batch(); n++) {
            for (int o = 0; o < g.outChannels(); o++) {
                int base = (n * g.outChannels() + o) * plane;
                for (int i = 0; i < plane; i++) {
                    gb[o] += gy[base + i];
                }
            }
        }
    }

    @Override
    public void maxPool2dForward(PoolGeometry g, Buffer x, Buffer y) {
        poolScan(g, f(x), f(y), null, null);
    }

    @Override
    public void maxPool2dBackward(PoolGeometry g, Buffer x, Buffer y, Buffer dy, Buffer dx) {
        float[] gx = f(dx);
        java.util.Arrays.fill(gx, 0f);
        poolScan(g, f(x), null, f(dy), gx);
    }

    /** Finds each window's first maximum; writes it to {@code out}, or routes {@code gy} to it in {@code gx}. */
    private static void poolScan(PoolGeometry g, float[] in, float[] out, float[] gy, float[] gx) {
        int oh = g.outH();
        int ow = g.outW();
        for (int plane = 0; plane < g.batch() * g.channels(); plane++) {
            int inBase = plane * g.inH() * g.inW();
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int bestAt = -1;
                    for (int p = 0; p < g.kernelH(); p++) {
                        int h = i * g.strideH() - g.padH() + p;
                        if (h < 0 || h >= g.inH()) {
                            continue;
                        }
                        for (int q = 0; q < g.kernelW(); q++) {
                            int w = j * g.strideW() - g.padW() + q;
                            if (w < 0 || w >= g.inW()) {
                                continue;
                            }
                            float v = in[inBase + h * g.inW() + w];
                            if (bestAt < 0 || v > best || Float.isNaN(v)) {
                                best = v;
                                bestAt = inBase + h * g.inW() + w;
                                if (Float.isNaN(v)) {
                                    break;
                                }
                            }
                        }
                    }
                    int o = (plane * oh + i) * ow + j;
                    if (out != null) {
                        out[o] = best;
                    } else {
                        gx[bestAt] += gy[o];
                    }
                }
            }
        }
    }

    @Override
    public void mseForward(Buffer input, Buffer target, int n, Reduction reduction, Buffer out) {
        float[] x = f(input);
        float[] t = f(target);
        float[] o = f(out);
        if (reduction == Reduction.NONE) {
            for (int i = 0; i < n; i++) {
                float d = x[i] - t[i];
                o[i] = d * d;
            }
            return;
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float d = x[i] - t[i];
            sum += d * d;
        }
        o[0] = (float) (reduction == Reduction.MEAN ? sum / n : sum);
    }

    @Override
    public void mseBackward(Buffer input, Buffer target, Buffer gradOut, int n, Reduction reduction, Buffer gradIn) {
        float[] x = f(input);
        float[] t = f(target);
        float[] g = f(gradOut);
        float[] o = f(gradIn);
        float scale = reduction == Reduction.MEAN ? 2f / n : 2f;
        for (int i = 0; i < n; i++) {
            float gi = reduction == Reduction.NONE ? g[i] : g[0];
            o[i] = scale * (x[i] - t[i]) * gi;
        }
    }

    @Override
    public void sgdStep(SgdParams p, Buffer param, Buffer grad, Buffer momentumBuffer, boolean firstStep) {
        float[] w = f(param);
        float[] g = f(grad);
        float[] buf = momentumBuffer == null ? null : f(momentumBuffer);
        for (int i = 0; i < w.length; i++) {
            float d = p.maximize() ? -g[i] : g[i];
            if (p.weightDecay() != 0f) {
                d += p.weightDecay() * w[i];
            }
            if (buf != null) {
                buf[i] = firstStep ? d : p.momentum() * buf[i] + (1f - p.dampening()) * d;
                d = p.nesterov() ? d + p.momentum() * buf[i] : buf[i];
            }
            w[i] -= p.lr() * d;
        }
    }

    @Override
    public void argmax(Buffer x, int outer, int size, int inner, Buffer out) {
        CpuArgmax.argmax(f(x), outer, size, inner, f(out));
    }

    @Override
    public void logSoftmax(Buffer x, int rows, int cols, Buffer out) {
        CpuCrossEntropy.logSoftmax(f(x), rows, cols, f(out));
    }

    @Override
    public void crossEntropyForward(Buffer logp, Buffer target, int n, int c, float eps, Reduction reduction,
                                    Buffer out) {
        CpuCrossEntropy.forward(f(logp), f(target), n, c, eps, reduction, f(out));
    }

    @Override
    public void crossEntropyBackward(Buffer logp, Buffer target, Buffer gradOut, int n, int c, float eps,
                                     Reduction reduction, Buffer gradIn) {
        CpuCrossEntropy.backward(f(logp), f(target), f(gradOut), n, c, eps, reduction, f(gradIn));
    }

    @Override
    public void adamStep(AdamParams p, int step, Buffer param, Buffer grad, Buffer expAvg, Buffer expAvgSq,
                         Buffer maxExpAvgSq) {
        CpuAdam.step(p, step, f(param), f(grad), f(expAvg), f(expAvgSq), maxExpAvgSq == null ? null : f(maxExpAvgSq));
    }
}
