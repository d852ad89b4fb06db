package dev.blitz.examples;

import dev.blitz.Blitz;
import dev.blitz.models.LeNet;
import dev.blitz.optim.SGD;
import dev.blitz.tensor.Tensor;

/**
 * The "A gentle introduction to torch.autograd" chapter of PyTorch's 60-minute blitz, printing what the tutorial
 * prints (after {@code torch.manual_seed(0)}). The tutorial's ResNet-18 parts need torchvision; in their place,
 * this prints the two gradients it checks and, after the printed part, freezes a LeNet but its last layer.
 */
public final class AutogradChapter {
    private AutogradChapter() {
    }

    /**
     * Runs the chapter on the default device.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        Blitz.manualSeed(0);

        // Differentiation in autograd: Q = 3a^3 - b^2, so dQ/da = 9a^2 and dQ/db = -2b.
        Tensor a = Tensor.of(new float[] {2, 3}, 2).requiresGrad(true);
        Tensor b = Tensor.of(new float[] {6, 4}, 2).requiresGrad(true);
        Tensor q = a.pow(3).mul(3).sub(b.pow(2));
        Tensor externalGrad = Tensor.of(new float[] {1, 1}, 2);
        q.backward(externalGrad);
        System.out.println(a.pow(2).mul(9).eq(a.grad()));
        System.out.println(b.mul(-2).eq(b.grad()));
        System.out.println(a.grad());
        System.out.println(b.grad());

        // Exclusion from the DAG: an op's result requires grad if any of its inputs does.
        Tensor x = Tensor.rand(5, 5);
        Tensor y = Tensor.rand(5, 5);
        Tensor z = Tensor.rand(5, 5).requiresGrad(true);
        Tensor sum = x.add(y);
        System.out.println("Does `a` require gradients? : " + python(sum.requiresGrad()));
        sum = x.add(z);
        System.out.println("Does `b` require gradients?: " + python(sum.requiresGrad()));

        finetuneTheLastLayer();
    }

    /**
     * Freezes every parameter of a network but its last layer's, as the tutorial freezes ResNet-18 but its new
     * classifier, and builds the optimizer over that layer only: one step changes nothing else.
     *
     * @return the network after one step
     */
    static LeNet finetuneTheLastLayer() {
        LeNet model = new LeNet();
        for (Tensor p : model.parameters()) {
            p.requiresGrad(false);
        }
        for (Tensor p : model.fc3.parameters()) {
            p.requiresGrad(true);
        }
        SGD optimizer = SGD.builder(model.fc3.parameters(), 1e-2).momentum(0.9).build();
        model.forward(Tensor.rand(4, 1, 32, 32)).sum().backward();
        optimizer.step();
        return model;
    }

    private static String python(boolean b) {
        return b ? "True" : "False";
    }
}
