package dev.blitz.backend.cuda;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Backends;
import dev.blitz.backend.BinaryOp;
import dev.blitz.backend.Strided;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.ConvGeometry;
import dev.blitz.backend.PoolGeometry;
import dev.blitz.backend.SgdParams;
import dev.blitz.core.Reduction;
import dev.blitz.core.Shape;
import dev.blitz.examples.FixtureValues;

import java.util.Locale;

/**
 * Where a LeNet training step's time goes on a GPU: each kernel of the step at one batch size, timed alone
 * (averaged over repeats, synchronised by a read). Not a test; run it where CUDA is usable:
 * {@code java ... dev.blitz.backend.cuda.OpTimings [batch, default 1024]}.
 */
public final class OpTimings {
    private static final int REPEATS = 50;

    private OpTimings() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        Backend k = Backends.of(Gpu.CUDA);
        ConvGeometry c1 = new ConvGeometry(n, 1, 32, 32, 6, 5, 5, 1, 1, 0, 0);
        ConvGeometry c2 = new ConvGeometry(n, 6, 14, 14, 16, 5, 5, 1, 1, 0, 0);
        PoolGeometry p1 = new PoolGeometry(n, 6, 28, 28, 2, 2, 2, 2, 0, 0);
        PoolGeometry p2 = new PoolGeometry(n, 16, 10, 10, 2, 2, 2, 2, 0, 0);
        Buffer x = buf(k, c1.inputNumel());
        Buffer w1 = buf(k, c1.weightNumel());
        Buffer b1 = buf(k, 6);
        Buffer y1 = buf(k, c1.outputNumel());
        Buffer dy1 = buf(k, c1.outputNumel());
        Buffer h1 = buf(k, c2.inputNumel());
        Buffer w2 = buf(k, c2.weightNumel());
        Buffer b2 = buf(k, 16);
        Buffer y2 = buf(k, c2.outputNumel());
        Buffer dh1 = buf(k, c2.inputNumel());
        Buffer a = buf(k, n * 400);
        Buffer fw = buf(k, 120 * 400);
        Buffer o = buf(k, n * 120);
        Buffer da = buf(k, n * 400);
        Buffer fb = buf(k, 120);
        Buffer t = buf(k, n * 10);
        Buffer loss = buf(k, 1);
        Buffer g = buf(k, 1);
        Shape rows = Shape.of(n, 120);
        SgdParams sgd = new SgdParams(0.01f, 0f, 0f, 0f, false, false);
        time(k, "conv1 forward", () -> k.conv2dForward(c1, x, w1, b1, y1));
        time(k, "conv1 backward filter", () -> k.conv2dBackwardFilter(c1, x, dy1, w1));
        time(k, "conv1 backward bias", () -> k.conv2dBackwardBias(c1, dy1, b1));
        time(k, "relu1 forward", () -> k.reluForward(y1, y1));
        time(k, "relu1 backward", () -> k.reluBackward(y1, dy1, dy1));
        time(k, "pool1 forward", () -> k.maxPool2dForward(p1, y1, h1));
        time(k, "pool1 backward", () -> k.maxPool2dBackward(p1, y1, h1, dh1, dy1));
        time(k, "conv2 forward", () -> k.conv2dForward(c2, h1, w2, b2, y2));
        time(k, "conv2 backward data", () -> k.conv2dBackwardData(c2, w2, y2, dh1));
        time(k, "conv2 backward filter", () -> k.conv2dBackwardFilter(c2, h1, y2, w2));
        time(k, "pool2 forward", () -> k.maxPool2dForward(p2, y2, a));
        time(k, "fc1 gemm forward", () -> k.gemm(false, true, n, 120, 400, 1f, a, fw, 0f, o));
        time(k, "fc1 bias add (binary)", () -> k.binary(BinaryOp.ADD, new Strided(o, 0, rows.broadcastStrides(rows)), new Strided(fb, 0, Shape.of(120).broadcastStrides(rows)), o, rows));
        time(k, "fc1 gemm dx", () -> k.gemm(false, false, n, 400, 120, 1f, o, fw, 0f, da));
        time(k, "fc1 gemm dw", () -> k.gemm(true, false, 120, 400, n, 1f, o, a, 0f, fw));
        time(k, "fc1 bias grad (sumTo)", () -> k.sumTo(o, rows, fb, Shape.of(120)));
        time(k, "mse forward", () -> k.mseForward(t, t, n * 10, Reduction.MEAN, loss));
        time(k, "mse backward", () -> k.mseBackward(t, t, g, n * 10, Reduction.MEAN, t));
        time(k, "sgd fc1.weight", () -> k.sgdStep(sgd, fw, fw, null, false));
        time(k, "fill fc1.weight grad", () -> k.fill(fw, 0f));
        time(k, "axpy fc1.weight grad", () -> k.axpy(1f, fw, fw));
    }

    private static Buffer buf(Backend k, int length) {
        float[] v = FixtureValues.values(length, length % 97, 0.1);
        return k.upload(v);
    }

    private static void time(Backend k, String what, Runnable op) {
        for (int i = 0; i < 5; i++) {
            op.run();
        }
        Buffer probe = k.allocate(1);
        k.read(probe, 0);
        long t0 = System.nanoTime();
        for (int i = 0; i < REPEATS; i++) {
            op.run();
        }
        k.read(probe, 0);
        double us = (System.nanoTime() - t0) / 1e3 / REPEATS;
        probe.release();
        System.out.printf(Locale.ROOT, "OP %-24s %9.1f us%n", what, us);
    }
}
