package dev.blitz.backend.cuda;

import dev.blitz.backend.Backend;
import dev.blitz.backend.Backends;
import dev.blitz.backend.Buffer;
import dev.blitz.backend.ConvGeometry;
import dev.blitz.backend.PoolGeometry;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.nn.Conv2d;
import dev.blitz.nn.MaxPool2d;
import dev.blitz.tensor.MemoryScope;
import dev.blitz.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static dev.blitz.Close.assertClose;
import static dev.blitz.Close.assertCloseScaled;
import static dev.blitz.examples.FixtureValues.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * PyTorch's other convolution and pooling forms on cuDNN against the CPU backend: dilation (the convolution
 * descriptor's), groups (its group count, with the filter described as [O, C / groups, kH, kW]) and rectangular
 * kernels, strides and paddings. Tolerances as in {@link CudaBackendParityTest}: convolution 1e-5 of the largest
 * magnitude plus 1e-4 relative, pooling exact.
 */
@Tag("gpu")
class CudaConvFormsParityTest {
    private static final Backend CPU = Backends.of(Device.CPU);
    private static final float STALE = 12345f;
    private static Backend gpu;

    /** batch, C, H, W, O, kH, kW, strideH, strideW, padH, padW, dilationH, dilationW, groups. */
    private static final ConvGeometry[] CONVS = {
        new ConvGeometry(2, 4, 9, 8, 6, 3, 3, 1, 1, 0, 0, 2, 2, 1),
        new ConvGeometry(2, 4, 9, 8, 6, 3, 3, 1, 1, 0, 0, 1, 1, 2),
        new ConvGeometry(1, 6, 11, 10, 9, 3, 2, 2, 1, 2, 1, 2, 3, 3),
        new ConvGeometry(3, 8, 7, 7, 8, 3, 3, 1, 1, 1, 1, 1, 1, 8),
        new ConvGeometry(2, 4, 6, 13, 8, 1, 3, 1, 2, 0, 3, 1, 4, 2),
        new ConvGeometry(64, 16, 14, 14, 32, 5, 3, 2, 1, 2, 1, 1, 2, 4),
    };

    @BeforeEach
    void start() {
        Gpu.assumeCuda();
        gpu = Backends.of(Gpu.CUDA);
    }

    /** Runs {@code kernel} on the CPU and on the GPU with the same inputs: {cpu result, gpu result}. */
    private static float[][] both(BiFunction<Backend, Buffer[], Buffer> kernel, float[]... inputs) {
        float[][] results = new float[2][];
        Backend[] backends = {CPU, gpu};
        for (int i = 0; i < 2; i++) {
            Backend b = backends[i];
            List<Buffer> buffers = new ArrayList<>();
            for (float[] in : inputs) {
                buffers.add(b.upload(in));
            }
            Buffer out = kernel.apply(b, buffers.toArray(new Buffer[0]));
            results[i] = new float[out.length()];
            b.download(out, results[i]);
            buffers.forEach(Buffer::release);
            out.release();
        }
        return results;
    }

    /** An output holding stale values, so a kernel that accumulates into it, or skips a cell, fails. */
    private static Buffer stale(Backend b, int length) {
        Buffer out = b.allocate(length);
        b.fill(out, STALE);
        return out;
    }

    @Test
    void convolutionForwardWithDilationGroupsAndRectangularForms() {
        for (ConvGeometry g : CONVS) {
            float[] x = values(g.inputNumel(), 34, 1.0);
            float[] w = values(g.weightNumel(), 35, 0.1);
            float[] bias = values(g.outChannels(), 36, 0.1);
            float[][] r = both((k, in) -> {
                Buffer y = stale(k, g.outputNumel());
                k.conv2dForward(g, in[0], in[1], in[2], y);
                return y;
            }, x, w, bias);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv forward " + g);
            r = both((k, in) -> {
                Buffer y = stale(k, g.outputNumel());
                k.conv2dForward(g, in[0], in[1], null, y);
                return y;
            }, x, w);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv forward without bias " + g);
        }
    }

    @Test
    void convolutionBackwardWithDilationGroupsAndRectangularForms() {
        for (ConvGeometry g : CONVS) {
            float[] x = values(g.inputNumel(), 37, 1.0);
            float[] w = values(g.weightNumel(), 38, 0.1);
            float[] dy = values(g.outputNumel(), 39, 0.01);
            float[][] r = both((k, in) -> {
                Buffer dx = stale(k, g.inputNumel());
                k.conv2dBackwardData(g, in[0], in[1], dx);
                return dx;
            }, w, dy);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv backward data " + g);
            r = both((k, in) -> {
                Buffer dw = stale(k, g.weightNumel());
                k.conv2dBackwardFilter(g, in[0], in[1], dw);
                return dw;
            }, x, dy);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv backward filter " + g);
            r = both((k, in) -> {
                Buffer db = stale(k, g.outChannels());
                k.conv2dBackwardBias(g, in[0], db);
                return db;
            }, dy);
            assertCloseScaled(r[0], r[1], 1e-5, 1e-4, "conv backward bias " + g);
        }
    }

    @Test
    void maxPoolingWithRectangularWindowsStridesAndPadding() {
        PoolGeometry[] pools = {
            new PoolGeometry(2, 3, 9, 10, 2, 3, 2, 1, 1, 1),
            new PoolGeometry(1, 2, 8, 9, 3, 1, 1, 3, 1, 0),
            new PoolGeometry(2, 2, 7, 11, 1, 4, 3, 2, 0, 2),
            new PoolGeometry(64, 16, 10, 12, 2, 3, 2, 3, 0, 0),
        };
        for (PoolGeometry g : pools) {
            // Coarse values after a ReLU: most windows hold ties, where the first maximum must win on both.
            float[] x = values(g.inputNumel(), 40, 1.0);
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.max(0f, Math.round(x[i] * 3f) / 3f);
            }
            float[][] r = both((k, in) -> {
                Buffer y = stale(k, g.outputNumel());
                k.maxPool2dForward(g, in[0], y);
                return y;
            }, x);
            assertArrayEquals(r[0], r[1], "max pool forward " + g);
            float[] y = r[0];
            r = both((k, in) -> {
                Buffer dx = stale(k, g.inputNumel());
                k.maxPool2dBackward(g, in[0], in[1], in[2], dx);
                return dx;
            }, x, y, values(g.outputNumel(), 41, 1.0));
            assertClose(r[0], r[1], 1e-6, 1e-6, "max pool backward " + g);
        }
    }

    /** The layers built with the tuple forms, moved to the GPU: the CPU's outputs and gradients. */
    @Test
    void layersBuiltWithTupleFormsTrainAsOnTheCpu() {
        try (var scope = MemoryScope.open()) {
            Conv2d conv = Conv2d.builder(4, 6, 3, 2).stride(2, 1).padding(1, 0).dilation(1, 2).groups(2).build();
            MaxPool2d pool = MaxPool2d.builder(2, 3).stride(1, 2).padding(1, 1).build();
            float[][] results = new float[6][];
            int i = 0;
            for (Device d : new Device[] {Device.CPU, Gpu.CUDA}) {
                conv.to(d);
                conv.zeroGrad();
                Tensor x = Tensor.of(values(2 * 4 * 9 * 8, 42, 1.0), Shape.of(2, 4, 9, 8), d).requiresGrad(true);
                Tensor y = pool.forward(conv.forward(x));
                y.mul(y).sum().backward();
                results[i++] = y.toFloatArray();
                results[i++] = x.grad().toFloatArray();
                results[i++] = conv.weight.grad().toFloatArray();
            }
            assertCloseScaled(results[0], results[3], 1e-5, 1e-4, "output");
            assertCloseScaled(results[1], results[4], 1e-5, 1e-4, "input gradient");
            assertCloseScaled(results[2], results[5], 1e-5, 1e-4, "weight gradient");
        }
    }
}
