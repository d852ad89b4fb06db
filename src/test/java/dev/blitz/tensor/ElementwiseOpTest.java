package dev.blitz.tensor;

import dev.blitz.backend.BinaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.blitz.tensor.GradCheck.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ElementwiseOpTest {
    private static final int[][][] BROADCAST_PAIRS = {
        {{2, 3}, {2, 3}},
        {{2, 3}, {3}},
        {{3}, {2, 3}},
        {{2, 1}, {1, 3}},
        {{4, 1, 3}, {2, 1}},
        {{2, 3}, {}},
        {{}, {2, 3}},
    };

    /** Divisors with |b| >= 1 (alternating sign), where central differences of 1/b are accurate. */
    private static Tensor awayFromZero(Tensor b) {
        float[] v = b.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (1 + Math.abs(v[i])) * (i % 2 == 0 ? 1 : -1);
        }
        return Tensor.of(v, b.size()).requiresGrad(true);
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void gradientsBroadcastBothWays(BinaryOp op) {
        for (int[][] shapes : BROADCAST_PAIRS) {
            Tensor b = op == BinaryOp.DIV ? awayFromZero(randn(2, shapes[1])) : randn(2, shapes[1]);
            GradCheck.check(t -> ElementwiseOp.apply(op, t[0], t[1]), randn(1, shapes[0]), b);
        }
    }

    @Test
    void gradientsOfOpsWithAScalar() {
        GradCheck.check(t -> t[0].add(1.5f), randn(1, 2, 3));
        GradCheck.check(t -> t[0].sub(1.5f), randn(2, 2, 3));
        GradCheck.check(t -> t[0].mul(-2.5f), randn(3, 2, 3));
        GradCheck.check(t -> t[0].div(4f), randn(4, 2, 3));
        GradCheck.check(t -> t[0].neg(), randn(5, 2, 3));
    }

    @Test
    void sameTensorOnBothSides() {
        GradCheck.check(t -> t[0].mul(t[0]), randn(6, 5));
        GradCheck.check(t -> t[0].div(t[0].mul(t[0]).add(1f)), randn(7, 5));
    }

    @Test
    void forwardBroadcastsTheSmallerOperand() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor row = Tensor.of(new float[] {10, 20, 30}, 3);
        Tensor col = Tensor.of(new float[] {1, 2}, 2, 1);
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(row).toFloatArray());
        assertArrayEquals(new float[] {9, 18, 27, 6, 15, 24}, row.sub(a).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 8, 10, 12}, a.mul(col).toFloatArray());
        assertArrayEquals(new float[] {10, 20, 30, 5, 10, 15}, row.div(col).toFloatArray());
    }
}
