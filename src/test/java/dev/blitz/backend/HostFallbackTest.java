package dev.blitz.backend;

import dev.blitz.backend.cpu.CpuBackend;
import dev.blitz.tensor.Reduction;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The default (host round-trip) implementations of Backend's MNIST operations, as a device backend without its
 * own kernels runs them, give what the CPU kernels give: a backend that only implements the abstract methods
 * (forwarding them to the CPU backend) is compared with the CPU backend itself.
 */
class HostFallbackTest {
    private static final Backend CPU = CpuBackend.INSTANCE;
    private static final Backend DEFAULTS = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class}, (InvocationHandler) (proxy, method, args) -> method.isDefault()
                    ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(CPU, args));

    private static final float[] LOGITS = {0.3f, -1.2f, 2f, 0.7f, 1.1f, 0.2f, -0.3f, 5f, -0.6f, 0.8f, 0.1f, 1.9f};
    private static final float[] TARGET = {2, 3, 0};

    private static float[] values(Backend b, Buffer buf) {
        float[] out = new float[buf.length()];
        b.download(buf, out);
        return out;
    }

    private static float[] run(Backend b, java.util.function.BiConsumer<Backend, Buffer> op, int outLength) {
        Buffer out = b.allocate(outLength);
        op.accept(b, out);
        return values(b, out);
    }

    @Test
    void argmaxLogSoftmaxAndCrossEntropyMatchTheCpuKernels() {
        for (Backend b : new Backend[] {CPU, DEFAULTS}) {
            assertArrayEquals(run(CPU, (k, o) -> k.argmax(k.upload(LOGITS), 3, 4, 1, o), 3),
                    run(b, (k, o) -> k.argmax(k.upload(LOGITS), 3, 4, 1, o), 3));
            assertArrayEquals(run(CPU, (k, o) -> k.logSoftmax(k.upload(LOGITS), 3, 4, o), 12),
                    run(b, (k, o) -> k.logSoftmax(k.upload(LOGITS), 3, 4, o), 12));
        }
        Buffer logp = CPU.allocate(12);
        CPU.logSoftmax(CPU.upload(LOGITS), 3, 4, logp);
        float[] lp = values(CPU, logp);
        assertArrayEquals(
                run(CPU, (k, o) -> k.crossEntropyForward(k.upload(lp), k.upload(TARGET), 3, 4, 0.1f, Reduction.NONE, o), 3),
                run(DEFAULTS, (k, o) -> k.crossEntropyForward(k.upload(lp), k.upload(TARGET), 3, 4, 0.1f, Reduction.NONE,
                        o), 3));
        float[] g = {0.5f, -1f, 2f};
        assertArrayEquals(
                run(CPU, (k, o) -> k.crossEntropyBackward(k.upload(lp), k.upload(TARGET), k.upload(g), 3, 4, 0.1f,
                        Reduction.NONE, o), 12),
                run(DEFAULTS, (k, o) -> k.crossEntropyBackward(k.upload(lp), k.upload(TARGET), k.upload(g), 3, 4, 0.1f,
                        Reduction.NONE, o), 12));
    }

    @Test
    void adamStepUpdatesEveryStateBuffer() {
        AdamParams p = new AdamParams(0.01f, 0.9, 0.999, 1e-8f, 0.1f, true, true, false);
        float[][] results = new float[2][];
        Backend[] backends = {CPU, DEFAULTS};
        for (int i = 0; i < 2; i++) {
            Backend b = backends[i];
            Buffer w = b.upload(LOGITS);
            Buffer m = b.upload(new float[12]);
            Buffer v = b.upload(new float[12]);
            Buffer vMax = b.upload(new float[12]);
            for (int step = 1; step <= 3; step++) {
                b.adamStep(p, step, w, b.upload(LOGITS), m, v, vMax);
            }
            results[i] = concat(values(b, w), values(b, m), values(b, v), values(b, vMax));
        }
        assertArrayEquals(results[0], results[1]);
    }

    private static float[] concat(float[]... parts) {
        float[] out = new float[parts.length * parts[0].length];
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, out, i * parts[0].length, parts[0].length);
        }
        return out;
    }
}
