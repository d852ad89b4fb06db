package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * The "Tensors" chapter of PyTorch's 60-minute blitz, line for line, printing what the tutorial prints (after
 * {@code torch.manual_seed(0)}, so the random tensors are PyTorch's own numbers). Where Python prints a NumPy
 * array, Java prints the array the tensor shares memory with.
 */
public final class TensorsChapter {
    private TensorsChapter() {
    }

    /**
     * Runs the chapter on the CPU, then on CUDA where it is available (the tutorial's {@code .to("cuda")}).
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Blitz.manualSeed(0);

        // Initializing a tensor: directly from data, from another tensor.
        Tensor xData = Tensor.of(new long[][] {{1, 2}, {3, 4}});
        Tensor xOnes = Tensor.onesLike(xData);
        System.out.println("Ones Tensor: \n " + xOnes + " \n");
        Tensor xRand = Tensor.randLike(xData, DType.FLOAT32);
        System.out.println("Random Tensor: \n " + xRand + " \n");

        // With random or constant values, from a shape.
        int[] shape = {2, 3};
        Tensor randTensor = Tensor.rand(shape);
        Tensor onesTensor = Tensor.ones(shape);
        Tensor zerosTensor = Tensor.zeros(shape);
        System.out.println("Random Tensor: \n " + randTensor + " \n");
        System.out.println("Ones Tensor: \n " + onesTensor + " \n");
        System.out.println("Zeros Tensor: \n " + zerosTensor);

        // Attributes.
        Tensor tensor = Tensor.rand(3, 4);
        System.out.println("Shape of tensor: " + tensor.shape().torchSize());
        System.out.println("Datatype of tensor: " + tensor.dtype());
        System.out.println("Device tensor is stored on: " + tensor.device());

        // Operations: move to the GPU if there is one.
        if (Blitz.isAvailable(Device.cuda(0))) {
            tensor = tensor.to(Device.cuda(0));
        }

        // Standard indexing and slicing.
        tensor = Tensor.ones(4, 4);
        System.out.println("First row: " + tensor.get("0"));
        System.out.println("First column: " + tensor.get(":, 0"));
        System.out.println("Last column: " + tensor.get("..., -1"));
        tensor.set(":, 1", 0);
        System.out.println(tensor);

        // Joining tensors.
        Tensor t1 = Tensor.cat(List.of(tensor, tensor, tensor), 1);
        System.out.println(t1);

        // Arithmetic: three ways to the same matrix product, and to the same elementwise product.
        Tensor y1 = tensor.matmul(tensor.T());
        Tensor y2 = tensor.matmul(tensor.T());
        Tensor y3 = Tensor.randLike(y1);
        tensor.matmul(tensor.T(), y3);
        Tensor z1 = tensor.mul(tensor);
        Tensor z2 = tensor.mul(tensor);
        Tensor z3 = Tensor.randLike(tensor);
        tensor.mul(tensor, z3);

        // Single-element tensors.
        Tensor agg = tensor.sum();
        float aggItem = agg.item();
        System.out.println(aggItem + " " + ((Object) aggItem).getClass());

        // In-place operations.
        System.out.println(tensor + " \n");
        tensor.addInPlace(5);
        System.out.println(tensor);

        // Bridge with Java arrays: a CPU tensor and its array share memory.
        Tensor t = Tensor.ones(5);
        System.out.println("t: " + t);
        float[] n = t.asFloatArray();
        System.out.println("n: " + Arrays.toString(n));
        t.addInPlace(1);
        System.out.println("t: " + t);
        System.out.println("n: " + Arrays.toString(n));

        double[] m = new double[5];
        Arrays.fill(m, 1);
        Tensor fromArray = Tensor.fromArray(m);
        for (int i = 0; i < m.length; i++) {
            m[i] += 1;
        }
        System.out.println("t: " + fromArray);
        System.out.println("n: " + Arrays.toString(m));
    }
}
